"""Indexes in the order of the date and title sorts (backends' `_order`), so that the first page of
a search without words, up to the whole archive, is read in order instead of sorting every hit."""
from django.db import migrations

INDEXES = {
    "sqlite": [
        "CREATE INDEX search_doc_date_order ON search_doc (date_min IS NULL, date_min, date_max, public_id)",
        "CREATE INDEX search_doc_title_order ON search_doc (title COLLATE NOCASE, date_min)",
    ],
    "postgresql": [
        'CREATE INDEX search_doc_date_order ON search_doc (date_min NULLS LAST, date_max NULLS LAST, public_id COLLATE "C")',
        'CREATE INDEX search_doc_date_order_desc ON search_doc (date_min DESC NULLS LAST, date_max DESC NULLS LAST, public_id COLLATE "C")',
        'CREATE INDEX search_doc_title_order ON search_doc (lower(title), date_min NULLS FIRST, public_id COLLATE "C")',
    ],
}


def create_indexes(apps, schema_editor):
    for statement in INDEXES.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def drop_indexes(apps, schema_editor):
    for statement in INDEXES.get(schema_editor.connection.vendor, []):
        schema_editor.execute("DROP INDEX IF EXISTS " + statement.split()[2])


class Migration(migrations.Migration):
    dependencies = [("search", "0003_facet_bitmaps")]
    operations = [migrations.RunPython(create_indexes, drop_indexes)]

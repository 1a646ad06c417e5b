"""SQLite: a read-only view of the full-text index's words (fts5vocab), so a prefix in a query can
be replaced by the words it stands for where that is cheaper (backends/sqlite_fts.py)."""
from django.db import migrations


def create_vocabulary(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from mosaic.search.backends.sqlite_fts import VOCABULARY_TABLE

    schema_editor.execute(VOCABULARY_TABLE)


def drop_vocabulary(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts_terms")


class Migration(migrations.Migration):
    dependencies = [("search", "0006_sqlite_facet_tokens")]
    operations = [migrations.RunPython(create_vocabulary, drop_vocabulary)]

"""The generation row and change log that keep each process's facet bitmaps exact
(backends/facet_bitmaps.py), on both databases."""
from django.db import migrations


def create_tables(apps, schema_editor):
    from mosaic.search.backends.facet_bitmaps import create_statements

    for statement in create_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement)
    # An index filled before this migration is logged as one change of everything.
    from mosaic.search.backends.facet_bitmaps import record_change

    with schema_editor.connection.cursor() as cursor:
        record_change(cursor, everything=True)


def drop_tables(apps, schema_editor):
    from mosaic.search.backends.facet_bitmaps import DROP_STATEMENTS

    for statement in DROP_STATEMENTS:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgres_search")]
    operations = [migrations.RunPython(create_tables, drop_tables)]

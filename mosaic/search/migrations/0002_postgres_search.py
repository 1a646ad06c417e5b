"""PostgreSQL's search objects: the unaccent and pg_trgm extensions, the text-search configuration
and the index tables (backends/postgres.py). Nothing on SQLite, whose tables 0001 made."""
from django.db import migrations


def create_objects(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from mosaic.search.backends.postgres import CREATE_STATEMENTS

    for statement in CREATE_STATEMENTS:
        schema_editor.execute(statement)


def drop_objects(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from mosaic.search.backends.postgres import DROP_STATEMENTS

    for statement in DROP_STATEMENTS:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_tables")]
    operations = [migrations.RunPython(create_objects, drop_objects)]

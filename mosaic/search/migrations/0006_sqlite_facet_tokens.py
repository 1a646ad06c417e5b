"""SQLite: the full-text table gains its `facets` column of tokens (backends/sqlite_fts.py says
why). Nothing on PostgreSQL."""
from django.db import migrations


def add_facet_column(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from mosaic.search.backends.sqlite_fts import add_facet_column

    add_facet_column(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_postgres_words_table")]
    operations = [migrations.RunPython(add_facet_column, migrations.RunPython.noop)]

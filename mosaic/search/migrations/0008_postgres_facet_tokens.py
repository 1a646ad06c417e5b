"""PostgreSQL: the words of each document gain its facet tokens (backends/postgres.py and
backends/facet_tokens.py say why). Nothing on SQLite, whose index has them since 0006."""
from django.db import migrations


def add_facet_tokens(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from mosaic.search.backends.postgres import add_facet_tokens

    add_facet_tokens(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_sqlite_vocabulary")]
    operations = [migrations.RunPython(add_facet_tokens, migrations.RunPython.noop)]

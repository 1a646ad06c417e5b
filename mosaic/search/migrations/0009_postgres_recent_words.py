"""PostgreSQL: words written since the last merge wait in a small GIN-indexed table, read with
the RUM-indexed ones through a view (backends/postgres.py says why). Nothing on SQLite."""
from django.db import migrations


def add_recent_words(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from mosaic.search.backends.postgres import RECENT_WORDS_STATEMENTS

    for statement in RECENT_WORDS_STATEMENTS:
        schema_editor.execute(statement)


def drop_recent_words(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from mosaic.search.backends.postgres import RECENT_WORDS, WORDS_READ

    schema_editor.execute(f"INSERT INTO search_words (doc_id, document) SELECT doc_id, document FROM {RECENT_WORDS}")
    schema_editor.execute(f"DROP VIEW IF EXISTS {WORDS_READ}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {RECENT_WORDS}")


class Migration(migrations.Migration):
    dependencies = [("search", "0008_postgres_facet_tokens")]
    operations = [migrations.RunPython(add_recent_words, drop_recent_words)]

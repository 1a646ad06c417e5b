"""PostgreSQL: the documents' words move from a column of search_doc to a narrow table of their
own (search_words), indexed by RUM where the extension can be created, else by GIN
(backends/postgres.py says why). Nothing on SQLite."""
from django.db import migrations


def _has_words_column(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM information_schema.columns WHERE table_name = 'search_doc' AND column_name = 'document' "
                       "AND table_schema = current_schema()")
        return cursor.fetchone() is not None


def move_words(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from mosaic.search.backends.postgres import WORDS_TABLE_STATEMENTS, build_words_index

    if _has_words_column(schema_editor):  # made by 0002 before this migration existed
        create_table, storage, _index = WORDS_TABLE_STATEMENTS
        schema_editor.execute(create_table)
        schema_editor.execute(storage)
        schema_editor.execute("INSERT INTO search_words (doc_id, document) SELECT doc_id, document FROM search_doc")
        schema_editor.execute("ALTER TABLE search_doc DROP COLUMN document")
    # Built once the rows are in, of the kind the settings ask for.
    build_words_index(schema_editor.connection)


def keep_words(apps, schema_editor):
    """Going back keeps the words table: 0002's reversal drops every search object anyway."""


class Migration(migrations.Migration):
    dependencies = [("search", "0004_sort_indexes")]
    operations = [migrations.RunPython(move_words, keep_words)]

"""A flush (what ends every test that commits) leaves no document findable."""
from django.core.management import call_command
from django.db import connection

from mosaic.archives.seed import load_repositories
from mosaic.ingest.pipeline import ingest_file
from mosaic.ingest.tests.conftest import FIXTURES
from mosaic.search.index import get_backend
from mosaic.search.query import search_query_from_params

INDEX_TABLES = ("search_doc", "search_facet", "search_fts", "search_cjk")


def _rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]


def _finds(words: str) -> int:
    return get_backend().search(search_query_from_params({"q": words})).total


def test_a_flush_empties_the_index_with_the_records(transactional_db):
    load_repositories()
    assert ingest_file(FIXTURES / "letters.jsonl").ok
    assert _finds("plenum") == 1

    call_command("flush", interactive=False, verbosity=0)

    tables = INDEX_TABLES if connection.vendor == "sqlite" else ("search_doc", "search_facet", "search_words")
    assert {table: _rows(table) for table in tables} == dict.fromkeys(tables, 0)
    assert _finds("plenum") == 0


def test_a_flush_that_is_not_confirmed_keeps_everything(transactional_db, monkeypatch, capsys):
    load_repositories()
    assert ingest_file(FIXTURES / "letters.jsonl").ok
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    call_command("flush", interactive=True, verbosity=0)

    assert "Flush cancelled." in capsys.readouterr().out
    assert _finds("plenum") == 1 and _rows("corpus_document") > 0

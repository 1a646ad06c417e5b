"""The demo copied into a test's database is the demo `load_demo` makes (mosaic/demo_copy.py)."""
import pytest
from django.db import connection, transaction

from mosaic.demo_copy import bring_in_demo, take_copy, write_copy
from mosaic.ingest.demo import load_demo
from mosaic.search.index import get_backend
from mosaic.search.query import search_query_from_params

pytestmark = pytest.mark.django_db

QUERIES = [{"q": "Kim Il Sung"}, {"q": "Пхеньян"}, {"q": "plenum", "sort": "date"}, {"q": "金日成"}]


def _hits():
    return [[(hit.public_id, hit.snippet) for hit in get_backend().search(search_query_from_params(q)).hits]
            for q in QUERIES]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the copy is SQLite's; PostgreSQL loads the demo each time")
def test_the_copy_written_into_an_empty_archive_reads_back_row_for_row_and_searches_alike():
    get_backend().clear()  # what transactional tests before this one left in the index's own tables
    with transaction.atomic():
        load_demo(progress=False)
        loaded, hits = take_copy(), _hits()
        transaction.set_rollback(True)
    assert not any(rows for _name, _columns, rows in take_copy().full_text), "rolled back to an empty index"
    with transaction.atomic():
        write_copy(loaded)
        again = take_copy()
        assert _hits() == hits and any(hits)
        transaction.set_rollback(True)
    assert [name for name, _c, _r in again.tables] == [name for name, _c, _r in loaded.tables]
    for (name, _columns, rows), (_name, _c, rows_again) in zip(loaded.tables + loaded.full_text,
                                                              again.tables + again.full_text):
        assert rows_again == rows, name
    assert {name for name, _c, _r in loaded.full_text} >= {"search_fts", "search_cjk"}
    assert again.files == loaded.files and loaded.files


def test_the_demo_will_not_overwrite_what_a_test_wrote_before_it(django_user_model):
    django_user_model.objects.create_user("early", "early@example.org", "a-long-passphrase-42")
    with pytest.raises(RuntimeError, match="auth_user"):
        bring_in_demo()

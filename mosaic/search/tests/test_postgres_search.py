"""The search tests again, on PostgreSQL: the same behaviour checks (queries, diacritics, Korean
and Chinese substrings, snippets, facets, date overlap, sorts, limits, the time budget, pages,
API and CLI) run through the PostgreSQL backend.

They run in a second pytest process with MOSAIC_TEST_POSTGRES pointing at the throwaway server
this session started, because Django's database is chosen once per process. Without PostgreSQL
this test fails, saying what to install (`make test` installs it first)."""
from pathlib import Path

TESTS = Path(__file__).resolve().parent.relative_to(Path(__file__).resolve().parents[3])
# Every test here that touches the database. Left out: test_search_load.py and the command-line
# test of test_search_limits.py, which run `mosaic` in a subprocess under a MOSAIC_HOME of their
# own (on SQLite), and the browser tests, whose searches are the page tests' searches.
FILES = ["test_search.py", "test_search_limits.py", "test_pages_api_cli.py", "test_postgres_backend.py", "test_facet_bitmaps.py"]
DESELECTED = ["test_search_limits.py::test_the_command_line_says_it_in_one_line_and_exits_non_zero"]


def test_the_search_tests_pass_on_postgres(passes_on_postgres):
    passes_on_postgres("search_tests", [TESTS / name for name in FILES], deselect=[TESTS / test for test in DESELECTED],
                       at_least=80)

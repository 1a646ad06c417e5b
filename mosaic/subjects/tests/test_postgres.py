"""The subject, place and person facets, the search map, imports with tags (PostgreSQL writes new
records' links with COPY), history restores and the timeline filters, again on PostgreSQL: run
in a second pytest process pointed at this session's throwaway server, as the search tests are
(Django picks its database once per process)."""
from pathlib import Path

TESTS = Path(__file__).resolve().parent.relative_to(Path(__file__).resolve().parents[3])
FILES = ["test_facets.py", "test_ingest_and_history.py", "test_timeline_filters.py"]


def test_the_subject_tests_pass_on_postgres(passes_on_postgres):
    passes_on_postgres("subjects_tests", [TESTS / name for name in FILES], at_least=14)

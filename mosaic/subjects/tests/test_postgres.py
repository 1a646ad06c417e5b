"""The subject, place and person facets, the search map, imports with tags (PostgreSQL writes new
records' links with COPY), history restores and the timeline filters, again on PostgreSQL: run
in a second pytest process pointed at this session's throwaway server, as the search tests are
(Django picks its database once per process). The change service's tests ride along: on
PostgreSQL its writers also queue the search index's upkeep; so do the searches by a name in
hangul or hanja, and by a Latin name in Korean and Chinese text (the trigram index of cjk_text)."""
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]
TESTS = Path(__file__).resolve().parent.relative_to(PROJECT)
FILES = [TESTS / "test_facets.py", TESTS / "test_ingest_and_history.py", TESTS / "test_timeline_filters.py",
         Path("mosaic/changes/tests/test_service.py"), Path("mosaic/entities/tests/test_korean.py")]


def test_the_subject_tests_pass_on_postgres(passes_on_postgres):
    passes_on_postgres("subjects_tests", FILES, at_least=26)

"""The demo corpus: repositories, four FRUS documents, the Wilson catalogue facts, four
demonstration records awaiting translation, and a few collections and a reader built on them.
Loading it twice changes nothing."""
import json

from django.conf import settings
from django.db import transaction

from mosaic.archives.seed import load_repositories
from mosaic.collections.seed import load_collections
from mosaic.context.seed import load_context
from mosaic.entities.authority import import_hsg_people, link_agents, load_shipped_authority, load_terms
from mosaic.entities.linking import link_documents
from mosaic.ingest.pipeline import FileReport, ingest_file
from mosaic.publications.seed import load_publications

DEMO_DIR = settings.DATA_DIR / "demo"
DEMO_FILES = [
    DEMO_DIR / "frus1969-76v19p1_excerpt_d2-d5.xml",
    DEMO_DIR / "wilson_records_dev.tsv",
    # Written for the demo (not archival): originals held for staff only, awaiting translation.
    DEMO_DIR / "untranslated.jsonl",
]


class DemoFailed(RuntimeError):
    pass


def load_demo(progress: bool | None = None) -> list[FileReport]:
    load_repositories()
    load_shipped_authority()
    load_terms()
    load_context()
    reports = [ingest_file(path, progress=progress) for path in DEMO_FILES]
    failed = [error for report in reports for error in report.errors]
    if failed:
        raise DemoFailed("\n".join(failed))
    curated = json.loads((DEMO_DIR / "collections.json").read_text(encoding="utf-8"))
    with transaction.atomic():
        load_collections(curated["collections"])
        load_publications(curated["publications"])
    import_hsg_people(DEMO_DIR / "frus1969-76v19p1_persons.tsv")
    link_agents()
    link_documents()
    return reports

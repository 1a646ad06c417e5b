"""The demo corpus: repositories, four FRUS documents, the Wilson catalogue facts, four
demonstration records awaiting translation, one held only as a scan, two accessions of a GARF
file, and a few collections, a reader and an essay built on them.
Loading it twice changes nothing."""
import json

from django.conf import settings
from django.db import transaction

from mosaic.archives.seed import load_repositories
from mosaic.collections.seed import load_collections
from mosaic.context.seed import load_context
from mosaic.entities.authority import (import_hsg_people, link_agents, load_biographies, load_shipped_authority,
                                      load_terms)
from mosaic.entities.linking import link_documents
from mosaic.ingest.pipeline import FileReport, ingest_file
from mosaic.publications.seed import load_essays, load_publications
from mosaic.relations.seed import load_relations
from mosaic.subjects.tags import load_document_tags
from mosaic.subjects.vocabulary import load_places, load_subjects

DEMO_DIR = settings.DATA_DIR / "demo"
DEMO_FILES = [
    DEMO_DIR / "frus1969-76v19p1_excerpt_d2-d5.xml",
    DEMO_DIR / "wilson_records_dev.tsv",
    # Written for the demo (not archival): originals held for staff only, awaiting translation.
    DEMO_DIR / "untranslated.jsonl",
    # Written for the demo: a record held only as a typed scan, for `mosaic ocr` and the viewer.
    DEMO_DIR / "scanned.jsonl",
    # Catalogue facts of two documents of one GARF file, and two demonstration accessions of it.
    DEMO_DIR / "garf_5446_98_721.jsonl",
    DEMO_DIR / "accessions.jsonl",
]
SCANNED_DEMO_DOCUMENT = "demo-ru-1956-10-scanned-record"


class DemoFailed(RuntimeError):
    pass


def load_demo(progress: bool | None = None) -> list[FileReport]:
    load_repositories()
    load_shipped_authority()
    load_terms()
    load_subjects()
    load_places()
    load_context()
    reports = [ingest_file(path, progress=progress) for path in DEMO_FILES]
    failed = [error for report in reports for error in report.errors]
    if failed:
        raise DemoFailed("\n".join(failed))
    curated = json.loads((DEMO_DIR / "collections.json").read_text(encoding="utf-8"))
    with transaction.atomic():
        load_collections(curated["collections"])
        load_publications(curated["publications"])
        # Written for the demo: an essay whose notes cite demo documents by their ids.
        load_essays(DEMO_DIR / "essays.json")
    import_hsg_people(DEMO_DIR / "frus1969-76v19p1_persons.tsv")
    # Written for the demo from the reference works it lists: two people's lives, offices and sources.
    load_biographies(DEMO_DIR / "biographies.json")
    link_agents()
    link_documents()
    load_relations(DEMO_DIR / "related_documents.json")
    # Compiled for the demo: each document's subjects and places, with the words they rest on.
    load_document_tags(DEMO_DIR / "subjects_places.json")
    return reports


def read_demo_scans() -> str:
    """OCR the demo's scan where Tesseract is installed (pages already read are reused); where
    it is not, say what to install: the rest of the demo works without it."""
    from mosaic.corpus.models import Document
    from mosaic.ocr.engine import OcrUnavailable
    from mosaic.ocr.runner import run_ocr

    try:
        report = run_ocr(Document.objects.filter(public_id=SCANNED_DEMO_DOCUMENT), progress=False)
    except OcrUnavailable as error:
        return f"Demo scan not read by OCR: {error}"
    return report.summary()

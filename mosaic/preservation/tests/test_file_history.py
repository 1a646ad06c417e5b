"""Files keep their versions: a replaced scan stays in the store and in the document's history,
and restoring an earlier version brings the earlier scan (and its text, with its checksum) back."""
import pytest

from mosaic.corpus.models import Document
from mosaic.curation.history import deleted_records, restore, versions_of
from mosaic.ingest.pipeline import ingest_file
from mosaic.preservation.audit import run_audit
from mosaic.preservation.models import Accession, DocumentFile, StoredFile
from mosaic.preservation.tests.conftest import page_image

pytestmark = pytest.mark.django_db


def test_restoring_a_version_brings_back_the_earlier_scan_and_text(write_jsonl, tmp_path, file_store):
    (tmp_path / "scans").mkdir()
    scan = tmp_path / "scans" / "l44.png"
    scan.write_bytes(page_image("first filming"))
    record = {"id": "garf-721-44", "title": "Plenum resolution", "files": [{"path": "scans/l44.png"}],
              "texts": [{"kind": "translation", "language": "en", "text": "The plenum resolved."}]}
    assert ingest_file(write_jsonl([record])).created == 1
    first_sha = DocumentFile.objects.get().stored_file.sha256
    scan.write_bytes(page_image("re-copied reel"))
    record["texts"] = [{"kind": "translation", "language": "en", "text": "The plenum resolved, as re-read."}]
    assert ingest_file(write_jsonl([record])).updated == 1
    document = Document.objects.get(public_id="garf-721-44")
    assert document.files.get().stored_file.sha256 != first_sha
    assert StoredFile.objects.count() == 2  # the replaced scan is kept

    oldest = versions_of(document).order_by("revision__date_created").first()
    restore(oldest)
    assert document.files.get().stored_file.sha256 == first_sha
    assert document.text_layers.get().text == "The plenum resolved."
    assert run_audit().problem_count == 0


def test_a_deleted_accession_goes_to_the_trash_with_its_files_and_comes_back(delo_accession, file_store):
    accession = delo_accession
    accession.delete()
    assert not Accession.objects.exists() and StoredFile.objects.count() == 1
    (trashed,) = [version for version in deleted_records() if version.object_repr.startswith("acc-1993")]
    restore(trashed)
    back = Accession.objects.get(accession_id="acc-1993")
    assert back.files.get().stored_file.original_name == "reel-frames.png"


@pytest.fixture
def delo_accession(db):
    import datetime as dt
    import io

    from mosaic.archives.seed import load_repositories
    from mosaic.archives.models import Repository
    from mosaic.curation.history import snapshot
    from mosaic.preservation.models import AccessionFile, ArchivalFile
    from mosaic.preservation.store import store_stream

    load_repositories()
    archival_file = ArchivalFile.objects.create(repository=Repository.objects.get(code="GARF"),
                                                units="fond 5446; opis 98; delo 721")
    accession = Accession.objects.create(accession_id="acc-1993", received=dt.date(1993, 5, 1),
                                         archival_file=archival_file, medium="microfilm", folios="1-200")
    AccessionFile.objects.create(accession=accession, stored_file=store_stream(io.BytesIO(page_image()),
                                                                                name="reel-frames.png"))
    snapshot([accession], comment="Recorded")
    return accession

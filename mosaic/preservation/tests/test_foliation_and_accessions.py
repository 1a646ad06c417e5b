import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mosaic.archives.seed import load_repositories
from mosaic.corpus.models import Document
from mosaic.curation.tests.admin_forms import form_data
from mosaic.ingest.pipeline import ingest_file
from mosaic.preservation.models import Accession, ArchivalFile, DocumentFile, FoliationNote, StoredFile
from mosaic.preservation.tests.conftest import page_image

pytestmark = pytest.mark.django_db

DELO = "fond 5446; opis 98; delo 721"


@pytest.fixture
def delo_721(write_jsonl):
    """Two documents of GARF 5446/98/721, as the Wilson Center cites them (W-120163, W-120170)."""
    load_repositories()
    path = write_jsonl([
        {"id": "w-120163", "title": "Resolution of the Plenum of the Korean Workers' Party", "date": "1956-09-23",
         "status": "published", "source": "GARF, Fond 5446, Opis 98, Delo 721, Listy 44-45"},
        {"id": "w-120170", "title": "Ivanov to Mikoyan and Shepilov on the August Plenum", "date": "1956-09-15",
         "status": "published", "source": "GARF, Fond 5446, Opis 98, Delo 721, Listy 153-164"},
    ])
    assert ingest_file(path).ok
    archival_file = ArchivalFile(repository_id=Document.objects.get(public_id="w-120163").locators.get().repository_id,
                                 units="Fond 5446; Opis 98; Delo 721")
    archival_file.full_clean()
    archival_file.save()
    return archival_file


def _accessions(archival_file):
    older = Accession(accession_id="acc-1993-reel-7", received=dt.date(1993, 5, 1), archival_file=archival_file,
                      medium="microfilm", reel="7", copy_generation=1, obtained_by="Kathryn Weathersby", folios="1-200")
    newer = Accession(accession_id="acc-2009-reel-7-recopy", received=dt.date(2009, 3, 2), archival_file=archival_file,
                      medium="microfilm", reel="7", copy_generation=2, obtained_by="Library purchase",
                      folios="1–120,126-200")
    for accession in (older, newer):
        accession.full_clean()
        accession.save()
    return older, newer


def _foliation_page(client, **params):
    return client.get("/staff/foliation/file/", {"repository": "GARF", "units": DELO, **params})


def test_units_are_normalised_so_locators_and_records_meet(delo_721):
    assert delo_721.units == DELO and str(delo_721) == "GARF 5446/98/721"


def test_the_foliation_view_shows_the_gap_between_listy_45_and_153(client, delo_721, staff_member):
    assert _foliation_page(client).status_code == 302  # staff only
    client.force_login(staff_member("Curator"))
    index = client.get("/staff/foliation/").content.decode()
    assert "GARF fond 5446; opis 98; delo 721" in index and "44–45, 153–164" in index and "46–152" in index
    page = _foliation_page(client).content.decode()
    assert "w-120163" in page and "w-120170" in page
    assert '<th scope="row">46–152</th><td>107</td>' in page
    assert "No two documents claim the same leaves" in page


def test_accession_comparison_lists_the_folios_missing_from_the_newer_copy(client, delo_721, staff_member):
    older, newer = _accessions(delo_721)
    FoliationNote.objects.create(archival_file=delo_721, kind="loss", folios="121-125", happened="2008",
                                 description="Leaves not filmed when the reel was re-copied.",
                                 source="Letter from the reading room, 2010")
    client.force_login(staff_member("Curator"))
    page = _foliation_page(client).content.decode()
    assert "acc-1993-reel-7 (generation 1) against acc-2009-reel-7-recopy (generation 2)" in page
    assert 'missing from acc-2009-reel-7-recopy: <strong class="missing">121–125</strong>' in page
    assert 'missing from acc-1993-reel-7: <strong class="missing">nothing</strong>' in page
    assert "Loss</strong>, ll. 121–125" in page and "Letter from the reading room, 2010" in page
    swapped = _foliation_page(client, a=newer.accession_id, b=older.accession_id).content.decode()
    assert swapped.index("In acc-2009-reel-7-recopy, missing") < swapped.index("In acc-1993-reel-7, missing")
    assert 'In acc-1993-reel-7, missing from acc-2009-reel-7-recopy: <strong class="missing">121–125</strong>' in swapped
    assert _foliation_page(client, a="nope", b=older.accession_id).status_code == 404


def test_overlapping_documents_are_shown(client, delo_721, staff_member, write_jsonl):
    path = write_jsonl([{"id": "w-enclosure", "title": "Enclosure", "status": "draft",
                         "source": "GARF, Fond 5446, Opis 98, Delo 721, Listy 45-47"}], name="more.jsonl")
    assert ingest_file(path).ok
    client.force_login(staff_member("Curator"))
    page = _foliation_page(client).content.decode()
    assert "ll. 45: w-120163, w-enclosure" in page
    assert "48–152" in page


def test_bad_folios_are_refused_with_a_clear_message(delo_721):
    from django.core.exceptions import ValidationError

    accession = Accession(accession_id="acc-bad", received=dt.date(2020, 1, 1), archival_file=delo_721,
                          medium="photocopy", folios="44-40")
    with pytest.raises(ValidationError, match="ends before it starts"):
        accession.full_clean()


def test_staff_attach_a_scan_to_a_document_by_upload_and_a_mismatched_one_is_refused(client, delo_721, staff_member,
                                                                                       tmp_path, settings):
    settings.MOSAIC_FILE_STORE = tmp_path / "store"
    client.force_login(staff_member("Coordinator"))
    document = Document.objects.get(public_id="w-120163")
    url = f"/admin/corpus/document/{document.pk}/change/"
    data = form_data(client.get(url))
    prefix = "files-0"
    data.update({"files-TOTAL_FORMS": "1", f"{prefix}-order": "0", f"{prefix}-label": "Listy 44–45",
                 f"{prefix}-access": "staff",
                 f"{prefix}-upload": SimpleUploadedFile("listy-44-45.tif", page_image(fmt="JPEG"), "image/tiff")})
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "listy-44-45.tif: claims to be a TIFF image but its content is a JPEG image" in refused.content.decode()
    data[f"{prefix}-upload"] = SimpleUploadedFile("listy-44-45.tif", page_image(fmt="JPEG"), "image/tiff")
    in_korean = client.post(url.replace("/admin/", "/ko/admin/", 1), data).content.decode()
    assert "listy-44-45.tif: TIFF 이미지(이)라고 되어 있지만 내용은 JPEG 이미지입니다" in in_korean
    assert not DocumentFile.objects.exists()
    data[f"{prefix}-upload"] = SimpleUploadedFile("listy-44-45.tif", page_image(fmt="TIFF", pages=2), "image/tiff")
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    attached = DocumentFile.objects.get(document=document)
    assert (attached.access, attached.stored_file.page_count, attached.stored_file.media_type) == ("staff", 2, "image/tiff")
    assert StoredFile.objects.count() == 1


def test_a_scan_a_curator_attaches_starts_staff_only(client, delo_721, staff_member, tmp_path, settings):
    """A curator may not open a file to the public (the access field is the coordinator's), so an
    upload of theirs is staff-only until a coordinator opens it, as a text layer they add is."""
    settings.MOSAIC_FILE_STORE = tmp_path / "store"
    client.force_login(staff_member("Curator"))
    document = Document.objects.get(public_id="w-120163")
    url = f"/admin/corpus/document/{document.pk}/change/"
    data = form_data(client.get(url))
    data.update({"files-TOTAL_FORMS": "1", "files-0-order": "0", "files-0-label": "Listy 44–45",
                 "files-0-upload": SimpleUploadedFile("listy-44-45.tif", page_image(fmt="TIFF"), "image/tiff")})
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    assert DocumentFile.objects.get(document=document).access == "staff"


def test_curators_attach_scans_to_an_accession(client, delo_721, staff_member, tmp_path, settings):
    settings.MOSAIC_FILE_STORE = tmp_path / "store"
    older, _ = _accessions(delo_721)
    client.force_login(staff_member("Curator"))
    url = f"/admin/preservation/accession/{older.pk}/change/"
    data = form_data(client.get(url))
    data.update({"files-TOTAL_FORMS": "1", "files-0-order": "0", "files-0-folios": "44-45",
                 "files-0-upload": SimpleUploadedFile("reel7-frames.pdf", _pdf_bytes(), "application/pdf")})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    attached = older.files.get()
    assert attached.stored_file.media_type == "application/pdf" and attached.folios == "44–45"
    page = client.get(f"/staff/accessions/{older.accession_id}/").content.decode()
    assert "reel7-frames.pdf" in page and attached.stored_file.sha256 in page


def _pdf_bytes() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (200, 300), 255).save(out, format="PDF")
    return out.getvalue()


def _accession_records(tmp_path):
    (tmp_path / "reel7").mkdir(exist_ok=True)
    (tmp_path / "reel7" / "frames-44-45.png").write_bytes(page_image("listy 44-45"))
    return [
        {"accession_id": "acc-1993-reel-7", "received": "1993-05-01", "repository": "GARF", "units": "fond 5446; opis 98; delo 721",
         "file_title": "Correspondence on Korea, 1956", "total_folios": 200, "medium": "microfilm", "reel": "7",
         "copy_generation": 1, "obtained_by": "Kathryn Weathersby", "folios": "1-200",
         "files": [{"path": "reel7/frames-44-45.png", "folios": "44-45", "access": "staff", "label": "Frames of ll. 44–45"}]},
        {"accession_id": "acc-2009-recopy", "received": "2009-03-02", "repository": "GARF", "units": "Fond 5446; Opis 98; Delo 721",
         "medium": "microfilm", "reel": "7", "copy_generation": 2, "folios": "1-120, 126-200"},
    ]


def test_accessions_are_ingested_with_their_scans(delo_721, write_jsonl, tmp_path, settings, client, staff_member):
    settings.MOSAIC_FILE_STORE = tmp_path / "store"
    path = write_jsonl(_accession_records(tmp_path), name="accessions.jsonl")
    report = ingest_file(path)
    assert report.ok and report.created == 2, report.errors
    older = Accession.objects.get(accession_id="acc-1993-reel-7")
    assert older.archival_file == delo_721 and Accession.objects.get(accession_id="acc-2009-recopy").archival_file == delo_721
    delo_721.refresh_from_db()
    assert (delo_721.title, delo_721.total_folios) == ("Correspondence on Korea, 1956", 200)
    scan = older.files.get()
    assert (scan.folios, scan.access, scan.stored_file.media_type) == ("44–45", "staff", "image/png")
    assert ingest_file(path).unchanged == 2
    client.force_login(staff_member("Curator"))
    page = _foliation_page(client).content.decode()
    assert 'missing from acc-2009-recopy: <strong class="missing">121–125</strong>' in page


def test_a_bad_accession_rejects_the_file_and_stores_nothing(delo_721, write_jsonl, tmp_path, settings):
    settings.MOSAIC_FILE_STORE = tmp_path / "store"
    records = _accession_records(tmp_path)
    records[1]["folios"] = "1-120, 126-20"
    records.append({"accession_id": "acc-x", "received": "2010-02-30", "repository": "GARF", "units": "fond 1",
                    "medium": "vellum", "folios": "1"})
    path = write_jsonl(records, name="accessions.jsonl")
    report = ingest_file(path)
    assert report.errors[0] == f"{path}:2: “126-20” ends before it starts"
    assert report.errors[1].startswith(f'{path}:3: "received": ') and "2010-02-30" in report.errors[1]
    assert len(report.errors) == 2
    assert not Accession.objects.exists()
    records = _accession_records(tmp_path)
    records[1]["repository"] = "NOPE"
    report = ingest_file(write_jsonl(records, name="unknown.jsonl"))
    assert report.errors and 'repository "NOPE" is not in the archive' in report.errors[0]
    assert not Accession.objects.exists() and not StoredFile.objects.exists()
    assert not list((tmp_path / "store").rglob("sha256/*/*"))


def test_curators_record_a_loss_with_its_source_in_the_staff_interface(client, delo_721, staff_member):
    client.force_login(staff_member("Curator", username="curator-kim"))
    url = f"/admin/preservation/archivalfile/{delo_721.pk}/change/"
    data = form_data(client.get(url))
    data.update({"notes-TOTAL_FORMS": "1", "notes-0-kind": "reclassification", "notes-0-folios": "100-110",
                 "notes-0-happened": "1992", "notes-0-moved_to": "GARF, fond 5446, opis 98, delo 722",
                 "notes-0-description": "Leaves moved to the next file when the opis was revised.",
                 "notes-0-source": "Finding aid of opis 98, revised edition"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    note = FoliationNote.objects.get()
    assert (note.folios, note.recorded_by, note.moved_to) == ("100–110", "curator-kim", "GARF, fond 5446, opis 98, delo 722")
    data = form_data(client.get(url))
    data.update({"notes-TOTAL_FORMS": "2", "notes-1-kind": "loss", "notes-1-folios": "5", "notes-1-description": "Lost."})
    refused = client.post(url, data)
    assert refused.status_code == 200 and "This field is required" in refused.content.decode()
    page = _foliation_page(client).content.decode()
    assert "Reclassification (moved or renumbered)</strong>, ll. 100–110 (1992), moved to GARF" in page
    assert "Reclassification (moved or renumbered): ll. 100–110 (Finding aid of opis 98, revised edition)" in page


def test_the_document_page_shows_where_it_stands_in_its_file_among_documents_the_reader_may_see(client, delo_721):
    page = client.get("/documents/w-120163/").content.decode()
    assert ("Leaves of GARF 5446/98/721 in Mosaic: 44–45 (this document), 153–164 "
            '(<a href="/documents/w-120170/" lang="en">Ivanov to Mikoyan and Shepilov on the August Plenum</a>); '
            "not held here: 46–152.") in page
    Document.objects.filter(public_id="w-120170").update(status="draft")
    page = client.get("/documents/w-120163/").content.decode()
    assert "Same archival file" not in page and "Ivanov" not in page

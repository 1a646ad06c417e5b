"""`mosaic ocr` on typescript scans rendered for the tests (see scans.py): reading in a known and a
detected language, search through the OCR text, resuming, access, and the missing engine.

These run the real Tesseract (`make test` installs it with scripts/install-ocr.sh); without it
they fail with the same instruction the command gives."""
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from mosaic.corpus.models import Document, TextLayer
from mosaic.entities.authority import load_shipped_authority, load_terms
from mosaic.ingest.pipeline import ingest_file
from mosaic.ocr.engine import OcrUnavailable, Tesseract
from mosaic.ocr.runner import PAGE_SEPARATOR, documents_needing_ocr, run_ocr, strictest_access
from mosaic.ocr.tests.scans import DPI, HUNGARIAN_REPORT, RUSSIAN_REPORT, render_page, write_pdf, write_tiff
from mosaic.preservation.models import DocumentFile, OcrPage, StoredFile
from mosaic.search.index import get_backend
from mosaic.search.query import search_query_from_params

pytestmark = pytest.mark.django_db


@pytest.fixture
def add_document(tmp_path, write_jsonl, settings):
    """Import a published document with one scan or PDF, as the importer stores them."""
    settings.MOSAIC_FILE_STORE = tmp_path / "store"
    get_backend().clear()  # the index's tables outlive each test's rollback

    def add(public_id, scan, *, language="", access="public"):
        record = {"id": public_id, "title": f"Embassy report {public_id}", "status": "published",
                  "files": [{"path": scan.name, "access": access}]}
        if language:
            record["original_language"] = language
        report = ingest_file(write_jsonl([record], name=f"{public_id}.jsonl"))
        assert report.ok, report.errors
        return Document.objects.get(public_id=public_id)

    return add


@pytest.fixture
def russian_tiff(tmp_path):
    return write_tiff(tmp_path / "ru-report.tif", RUSSIAN_REPORT)


@pytest.fixture
def russian_first_page(tmp_path):
    path = tmp_path / "ru-report-l1.png"
    render_page(RUSSIAN_REPORT[0]).save(path, dpi=(DPI, DPI))
    return path


def ocr_layer(document) -> TextLayer:
    return document.text_layers.get(kind="ocr")


def found(query) -> set[str]:
    return {hit.public_id for hit in get_backend().search(search_query_from_params({"q": query})).hits}


def test_russian_typescript_is_read_page_by_page_into_one_layer(add_document, russian_tiff):
    document = add_document("su-1957-03-14", russian_tiff, language="ru")
    [result] = run_ocr([document], progress=False).documents
    assert (result.language.code, result.pages_read, result.pages_reused, result.errors) == ("ru", 2, 0, [])

    pages = list(OcrPage.objects.filter(stored_file__document_links__document=document).order_by("page"))
    assert [(p.page, p.language) for p in pages] == [(1, "ru"), (2, "ru")]
    assert all(p.confidence > 50 for p in pages), [p.confidence for p in pages]
    assert pages[0].engine.startswith("Tesseract 5") and pages[0].engine.endswith("(rus, psm 6)")

    layer = ocr_layer(document)
    assert (layer.language, layer.access, layer.made_by) == ("ru", "public", pages[0].engine)
    assert layer.text.split(PAGE_SEPARATOR) == [p.text for p in pages]
    assert "Ким Ир Сен" in pages[0].text and "Ким Ир Сен" in pages[1].text
    assert "ИНФОРМАЦИЯ" in layer.text


def test_language_of_an_unlabelled_pdf_is_detected(add_document, tmp_path):
    document = add_document("hu-1957-03-20", write_pdf(tmp_path / "hu-report.pdf", HUNGARIAN_REPORT))
    [result] = run_ocr([document], progress=False).documents
    assert result.language.code == "hu" and result.detection_pages == 1 and result.pages_read == 2
    layer = ocr_layer(document)
    assert layer.language == "hu"
    assert layer.made_by.startswith("Tesseract 5") and "(hun, psm 6); language detected by lingua: hu (" in layer.made_by
    assert "Kim Ir Szen" in layer.text and layer.text.count(PAGE_SEPARATOR) == 1
    assert set(OcrPage.objects.values_list("language", flat=True)) == {"hu"}  # the detection read is not kept


def test_name_search_finds_an_untranslated_document_through_its_ocr_text(add_document, russian_tiff):
    load_shipped_authority()
    load_terms()
    add_document("su-1957-03-14", russian_tiff, language="ru")
    assert found("Kim Il Sung") == set()  # a scan alone says nothing to search
    out = StringIO()
    call_command("ocr", "su-1957-03-14", "--no-progress", stdout=out)
    assert "su-1957-03-14: ru (the document's original language), 2 page(s) read, 0 reused" in out.getvalue()
    assert found("Kim Il Sung") == {"su-1957-03-14"}


def test_an_interrupted_run_resumes_with_the_pages_not_yet_read(add_document, russian_tiff):
    document = add_document("su-1957-03-14", russian_tiff, language="ru")
    report = run_ocr([document], progress=False, max_pages=1)
    assert report.stopped and report.pages_read == 1 and not report.failed
    first = OcrPage.objects.get()
    assert not document.text_layers.filter(kind="ocr").exists()  # no layer from half the pages
    assert documents_needing_ocr() == [document]

    out = StringIO()
    call_command("ocr", "--no-progress", stdout=out)
    assert "1 page(s) read, 1 reused" in out.getvalue()
    assert OcrPage.objects.get(page=1).created == first.created  # kept, not read again
    assert OcrPage.objects.count() == 2 and ocr_layer(document).text.count(PAGE_SEPARATOR) == 1
    assert documents_needing_ocr() == []


def test_ocr_of_a_staff_only_scan_is_staff_only(add_document, russian_first_page):
    load_shipped_authority()
    load_terms()
    document = add_document("su-1957-staff", russian_first_page, language="ru", access="staff")
    run_ocr([document], progress=False)
    layer = ocr_layer(document)
    assert layer.access == "staff" and "Ким Ир Сен" in layer.text
    assert found("Kim Il Sung") == set() and found("Кабинета") == set()


def test_a_scan_closed_after_its_ocr_closes_the_layer_without_reading_again(add_document, russian_first_page):
    document = add_document("su-1957-closed", russian_first_page, language="ru")
    run_ocr([document], progress=False)
    assert found("Кабинета") == {"su-1957-closed"} and documents_needing_ocr() == []

    DocumentFile.objects.filter(document=document).update(access="staff")
    assert documents_needing_ocr() == [document]
    [result] = run_ocr(documents_needing_ocr(), progress=False).documents
    assert (result.pages_read, result.pages_reused, result.layer) == (0, 1, "replaced")
    assert ocr_layer(document).access == "staff" and found("Кабинета") == set()


@pytest.mark.parametrize(
    "files, expected",
    [
        ([("public", None)], ("public", None)),
        ([("public", None), ("embargoed", "2031-01-01"), ("embargoed", "2030-01-01")], ("embargoed", "2031-01-01")),
        ([("embargoed", "2030-01-01"), ("staff", None)], ("staff", None)),
        ([("embargoed", None)], ("staff", None)),  # an embargo with no end never opens
    ],
)
def test_the_layer_takes_the_strictest_access_of_the_files(files, expected):
    import datetime as dt

    def day(text):
        return dt.date.fromisoformat(text) if text else None

    links = [DocumentFile(access=access, embargo_until=day(until)) for access, until in files]
    assert strictest_access(links) == (expected[0], day(expected[1]))


def test_a_broken_page_is_named_and_other_documents_go_on(add_document, tmp_path, russian_first_page):
    broken = add_document("su-broken", russian_first_page, language="ru")
    # The catalogue says two pages, the image has one: page 2 cannot be read.
    StoredFile.objects.filter(document_links__document=broken).update(page_count=2)
    other_page = tmp_path / "hu-report-l1.png"
    render_page(HUNGARIAN_REPORT[0]).save(other_page, dpi=(DPI, DPI))
    other = add_document("hu-fine", other_page, language="hu")

    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 document\\(s\\) not read in full: su-broken"):
        call_command("ocr", "su-broken", "hu-fine", "--no-progress", stdout=out, stderr=err)
    assert "ru-report-l1.png p. 2: " in err.getvalue()
    assert not broken.text_layers.filter(kind="ocr").exists()
    assert OcrPage.objects.filter(stored_file__document_links__document=broken).count() == 1  # page 1 is kept
    assert "Kim Ir Szen" in ocr_layer(other).text


def test_missing_tesseract_says_what_to_install(add_document, russian_first_page, settings, tmp_path):
    add_document("su-1957-03-14", russian_first_page, language="ru")
    settings.MOSAIC_TESSERACT = str(tmp_path / "no-such-tesseract")
    with pytest.raises(CommandError) as raised:
        call_command("ocr", "--no-progress")
    assert str(raised.value).endswith(
        "run scripts/install-ocr.sh as root, or apt-get install tesseract-ocr tesseract-ocr-rus")
    assert not OcrPage.objects.exists()


def test_a_missing_language_pack_says_which_package_to_install():
    tesseract = Tesseract("/usr/bin/tesseract", "5.3.0", frozenset({"eng", "osd"}))
    with pytest.raises(OcrUnavailable, match="no language pack for chi_sim, hun: run scripts/install-ocr.sh as root, "
                                             "or apt-get install tesseract-ocr-chi-sim tesseract-ocr-hun"):
        tesseract.require(["hun", "chi_sim"])


def test_unknown_ids_and_languages_are_refused(add_document, russian_first_page):
    add_document("su-1957-03-14", russian_first_page, language="ru")
    with pytest.raises(CommandError, match="not in the archive: no-such-document"):
        call_command("ocr", "su-1957-03-14", "no-such-document")
    with pytest.raises(CommandError, match='"Japanese" is not one Mosaic can OCR'):
        call_command("ocr", "--language", "Japanese")


def test_a_reimport_keeps_the_ocr_layer_and_ocr_is_not_a_staff_edit(tmp_path, settings, write_jsonl):
    """`mosaic ocr` is machine work: re-importing the record still updates it, and keeps its OCR."""
    settings.MOSAIC_FILE_STORE = tmp_path / "store"
    (tmp_path / "scans").mkdir()
    render_page(RUSSIAN_REPORT[0]).save(tmp_path / "scans" / "report.png", dpi=(DPI, DPI))
    record = {"id": "ru-scan", "title": "Untranslated report", "original_language": "ru", "status": "published",
              "files": [{"path": "scans/report.png"}]}
    path = write_jsonl([record])
    assert ingest_file(path).created == 1
    call_command("ocr", "ru-scan", "--no-progress", stdout=StringIO())
    document = Document.objects.get(public_id="ru-scan")
    assert not document.edited_since_import()
    record["title"] = "Untranslated report of the embassy"
    report = ingest_file(write_jsonl([record]))
    assert report.updated == 1, report.summary()
    assert document.text_layers.filter(kind="ocr").exists()

"""The download routes: a publication as PDF and EPUB read back with pypdf and EbookLib, a
document as one PDF with its scans, the kept files and when they are rebuilt, and the job path."""
import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mosaic.books import tasks
from mosaic.books.tests.conftest import HANGUL_NAME, RUSSIAN_FORM, SECRET
from mosaic.books.tests.readback import epub_book, epub_chapters, pdf_fonts, pdf_image_count, pdf_pages, pdf_text
from mosaic.corpus.models import TextLayer
from mosaic.jobs.models import WorkerProcess
from mosaic.jobs.worker import run_queued_jobs
from mosaic.publications.models import Publication

BUILD = "mosaic.books.tasks.build_publication_book"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


def _kept(folder) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if not path.name.startswith(".")) if folder.exists() else []


def test_the_briefing_book_as_pdf_holds_its_documents_chronology_glossary_and_hangul(client, briefing_book):
    response = client.get("/publications/plenum-book/book.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="plenum-book.pdf"'
    assert "private" in response["Cache-Control"]
    data = _content(response)
    pages = pdf_pages(data)
    text = "\n".join(pages)
    for expected in ("The August Plenum of 1956", "Contents", "Introduction", "An introduction in the editor's words",
                     "Chronology", "August Plenum of the KWP CC", "Glossary of people", "Kim Il-sŏng", "金日成",
                     "Ivanov on the August Plenum", "Rodong Sinmun editorial", "Hungarian legation report",
                     "State Archive of the Russian Federation (GARF)", "The plenum met at the end of August.",
                     RUSSIAN_FORM, f"{HANGUL_NAME} 동지의 연설", "http://testserver/documents/book-report/"):
        assert expected in text, expected
    assert SECRET not in text and "An event of another period" not in text
    assert any(font.startswith("Noto-Serif-CJK-KR") for font in pdf_fonts(data)), pdf_fonts(data)
    # The contents give each chapter's page; each document's citation is a footnote on its first page.
    contents = next(page for page in pages if page.startswith("Contents"))
    report_page = next(number for number, page in enumerate(pages, start=1) if "DOCUMENT 2" in page)
    entries = {line.split(" ..")[0]: line.rsplit(" ", 1)[-1] for line in contents.splitlines() if " .." in line}
    assert entries == {"Introduction": "3", "Chronology": "4", "Glossary of people": "5",
                       "Document 1. Rodong Sinmun editorial (August 31, 1956)": "6",
                       "Document 2. Ivanov on the August Plenum (September 15, 1956)": str(report_page),
                       "Document 3. Hungarian legation report (October 2, 1956)": "8"}
    assert pages[2].startswith("Introduction") and pages[3].startswith("Chronology") and pages[4].startswith("Glossary")
    assert '"Ivanov on the August Plenum," September 15, 1956' in pages[report_page - 1]


def test_the_briefing_book_as_epub_has_a_chapter_each_and_the_contents(client, briefing_book):
    response = client.get("/publications/plenum-book/book.epub")
    assert response.status_code == 200 and response["Content-Type"] == "application/epub+zip"
    data = _content(response)
    book = epub_book(data)
    assert book.title == "The August Plenum of 1956"
    chapters = epub_chapters(data)
    assert set(chapters) == {"cover.xhtml", "nav.xhtml", "introduction.xhtml", "chronology.xhtml", "glossary.xhtml",
                             "document-1.xhtml", "document-2.xhtml", "document-3.xhtml"}
    assert "August Plenum of the KWP CC" in chapters["chronology.xhtml"]
    assert HANGUL_NAME in chapters["glossary.xhtml"] and "Kim Il-sŏng" in chapters["glossary.xhtml"]
    assert "Ivanov on the August Plenum" in chapters["document-2.xhtml"] and RUSSIAN_FORM in chapters["document-2.xhtml"]
    assert '"Ivanov on the August Plenum," September 15, 1956' in chapters["document-2.xhtml"]
    assert "Hungarian legation report" in chapters["nav.xhtml"] and "Glossary of people" in chapters["nav.xhtml"]
    assert not any(SECRET in text for text in chapters.values())


def test_staff_download_restricted_material_the_public_never_gets(client, briefing_book, staff_member, settings):
    public_copy = pdf_text(_content(client.get("/publications/plenum-book/book.pdf")))
    client.force_login(staff_member("Curator"))
    staff_copy = pdf_text(_content(client.get("/publications/plenum-book/book.pdf")))
    assert SECRET in staff_copy and "made for staff" in staff_copy.replace("\n", " ")
    assert SECRET not in public_copy
    assert len(_kept(settings.MOSAIC_BOOKS / "publications" / str(briefing_book.pk))) == 2  # one file per kind of reader


def test_a_kept_book_is_served_again_until_a_document_changes(client, briefing_book, settings):
    folder = settings.MOSAIC_BOOKS / "publications" / str(briefing_book.pk)
    first = _content(client.get("/publications/plenum-book/book.pdf"))
    (kept,) = _kept(folder)
    before = (folder / kept).stat().st_mtime_ns
    assert _content(client.get("/publications/plenum-book/book.pdf")) == first
    assert _kept(folder) == [kept] and (folder / kept).stat().st_mtime_ns == before

    layer = TextLayer.objects.get(document__public_id="book-report", language="en")
    layer.text = "The plenum met at the end of August, and the opposition spoke."
    layer.save()
    changed = pdf_text(_content(client.get("/publications/plenum-book/book.pdf")))
    assert "the opposition spoke" in changed
    assert len(_kept(folder)) == 2

    briefing_book.title = "The August Plenum of 1956, revised"
    briefing_book.save()
    assert "revised" in pdf_text(_content(client.get("/publications/plenum-book/book.pdf")))
    assert len(_kept(folder)) == 3


@pytest.mark.parametrize("path", ["/publications/no-such-book/book.pdf", "/publications/no-such-book/book.epub",
                                  "/documents/no-such-document/document.pdf"])
def test_unknown_slugs_are_not_found(client, briefing_book, path):
    assert client.get(path).status_code == 404


def test_a_draft_publication_is_for_staff_only(client, briefing_book, staff_member):
    Publication.objects.filter(pk=briefing_book.pk).update(status="draft")
    assert client.get("/publications/plenum-book/book.epub").status_code == 404
    client.force_login(staff_member("Curator"))
    response = client.get("/publications/plenum-book/book.epub")
    assert response.status_code == 200 and "made for staff" in epub_chapters(_content(response))["cover.xhtml"]


def test_the_document_pdf_holds_text_provenance_citation_and_visible_scans(client, briefing_book, staff_member):
    response = client.get("/documents/book-korean/document.pdf")
    assert response.status_code == 200 and response["Content-Disposition"] == 'attachment; filename="book-korean.pdf"'
    data = _content(response)
    text = pdf_text(data)
    for expected in ("Rodong Sinmun editorial", "Provenance", "Original language", "Korean", f"{HANGUL_NAME} 동지의 연설",
                     "Citation", '"Rodong Sinmun editorial," August 31, 1956', "Page images", "Front page, page 2 of 2"):
        assert expected in text, expected
    assert pdf_image_count(data) == 2 and SECRET not in text
    client.force_login(staff_member("Curator"))
    staff_copy = _content(client.get("/documents/book-korean/document.pdf"))
    assert pdf_image_count(staff_copy) == 3 and SECRET in pdf_text(staff_copy)


def test_a_restricted_document_has_no_pdf_for_the_public(client, briefing_book):
    assert client.get("/documents/book-hidden/document.pdf").status_code == 404


def test_the_document_page_and_the_publication_page_offer_the_downloads(client, briefing_book):
    page = client.get("/documents/book-korean/").content.decode()
    assert 'href="/documents/book-korean/document.pdf"' in page
    page = client.get("/publications/plenum-book/").content.decode()
    assert 'href="/publications/plenum-book/book.pdf"' in page and 'href="/publications/plenum-book/book.epub"' in page


# --- the background job ----------------------------------------------------------------------------

@pytest.fixture
def worker_running(settings, transactional_db):
    """The database queue, with a worker that has just said it is alive (its jobs are run here)."""
    settings.TASKS = DATABASE_QUEUE
    now = timezone.now()
    WorkerProcess.objects.create(worker_id="book-test-worker", hostname="test", pid=1, started_at=now, seen_at=now)


def test_with_a_worker_running_the_book_is_queued_and_the_reader_waits(client, worker_running, briefing_book, settings):
    response = client.get("/publications/plenum-book/book.pdf")
    assert response.status_code == 202 and response["Refresh"] == "3"
    page = response.content.decode()
    assert "is being prepared" in page and '<meta http-equiv="refresh" content="3">' in page
    (job,) = DBTaskResult.objects.filter(task_path=BUILD)
    assert job.args_kwargs["args"] == [briefing_book.pk, None, "http://testserver", "pdf", "en"]

    assert client.get("/publications/plenum-book/book.pdf").status_code == 202
    assert DBTaskResult.objects.filter(task_path=BUILD).count() == 1  # one build, however often the page refreshes

    WorkerProcess.objects.update(seen_at=timezone.now())
    run_queued_jobs()
    assert DBTaskResult.objects.get(pk=job.pk).status == "SUCCESSFUL"
    response = client.get("/publications/plenum-book/book.pdf")
    assert response.status_code == 200 and "Chronology" in pdf_text(_content(response))


def test_without_a_living_worker_the_book_is_built_while_the_reader_waits(client, settings, transactional_db, briefing_book):
    settings.TASKS = DATABASE_QUEUE
    response = client.get("/publications/plenum-book/book.epub")
    assert response.status_code == 200 and not DBTaskResult.objects.filter(task_path=BUILD).exists()


def test_the_job_builds_the_book_its_reader_may_see(briefing_book, staff_member, settings):
    curator = staff_member("Curator")
    folder = settings.MOSAIC_BOOKS / "publications" / str(briefing_book.pk)
    fingerprint = tasks.build_publication_book.call(briefing_book.pk, curator.pk, "http://testserver", "epub")
    (kept,) = _kept(folder)
    assert kept == f"{fingerprint}.epub"
    assert SECRET in "".join(epub_chapters((folder / kept).read_bytes()).values())
    # Again: already kept, nothing rebuilt. For an anonymous reader: another file, without the secret.
    assert tasks.build_publication_book.call(briefing_book.pk, curator.pk, "http://testserver", "epub") == fingerprint
    public = tasks.build_publication_book.call(briefing_book.pk, None, "http://testserver", "epub")
    assert SECRET not in "".join(epub_chapters((folder / f"{public}.epub").read_bytes()).values())
    Publication.objects.filter(pk=briefing_book.pk).update(status="draft")
    assert tasks.build_publication_book.call(briefing_book.pk, None, "http://testserver", "epub") == ""

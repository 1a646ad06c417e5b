"""A reader in a real browser (Debian's Chromium driven by Playwright) turns the pages of a scan in
the viewer and reads each page's machine-read text beside its image."""
import pytest

from mosaic.conftest import needs_chromium

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]

DARK_PIXELS = """() => {
  const canvas = document.querySelector('.viewer-image canvas');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let dark = 0;
  for (let i = 0; i < data.length; i += 4) { if (data[i + 3] > 0 && data[i] < 80) { dark++; } }
  return dark;
}"""


def test_the_viewer_shows_each_page_with_its_machine_read_text(live_server, scanned, journey, tmp_path):
    page, tr = journey.page, journey.tr
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/documents/ru-1956-plenum/")

    page.wait_for_selector(".viewer-image[data-shown-page='1']")
    assert page.text_content(".page-status").startswith(tr("Page %(number)s of %(total)s", domain="djangojs", number=1, total=2))
    assert page.evaluate(DARK_PIXELS) > 500  # the page's border and words are drawn on the canvas
    assert page.is_hidden(".page-gallery")
    text = page.locator(".viewer-text")
    assert text.locator("h3").text_content() == tr("Machine-read (OCR), confidence %(percent)s%%", percent=91)
    assert tr("Unchecked machine output: words, names and numbers may be misread. Check them against the image.",
              domain="djangojs") in text.text_content()
    assert text.locator(".ocr-text").text_content() == "Пленум ЦК ТПК первая страница"
    assert text.locator(".ocr-text").get_attribute("lang") == "ru"
    assert page.is_disabled("button.previous")

    page.click("button.next")
    page.wait_for_selector(".viewer-image[data-shown-page='2']")
    assert page.text_content(".page-status").startswith(tr("Page %(number)s of %(total)s", domain="djangojs", number=2, total=2))
    assert text.locator("h3").text_content() == tr("Machine-read (OCR), confidence %(percent)s%%", percent=79)
    assert text.locator(".ocr-text").text_content() == "Вторая страница: Ким Ир Сен"
    assert page.is_disabled("button.next")
    assert page.get_attribute(".viewer-thumbnails li:nth-child(2) button", "aria-current") == "page"
    page.screenshot(path=str(tmp_path / "viewer.png"), full_page=True)

    # Keyboard only: Page Up turns back from wherever focus is in the viewer; the buttons take Enter.
    page.focus(".viewer-thumbnails li:nth-child(2) button")
    page.keyboard.press("PageUp")
    page.wait_for_selector(".viewer-image[data-shown-page='1']")
    assert text.locator(".ocr-text").text_content() == "Пленум ЦК ТПК первая страница"
    page.focus("button.next")
    page.keyboard.press("Enter")
    page.wait_for_selector(".viewer-image[data-shown-page='2']")
    assert errors == []


def test_without_javascript_thumbnails_link_to_the_full_images(live_server, scanned, journey):
    page = journey.another_page(java_script_enabled=False)
    thumbnails_loaded = []
    page.on("response", lambda response: thumbnails_loaded.append(response.status) if "/full/200,267/" in response.url else None)
    page.goto(f"{live_server.url}/documents/ru-1956-plenum/")
    assert page.locator(".page-gallery img").count() == 2
    page.wait_for_load_state("load")
    assert thumbnails_loaded == [200, 200]
    page.click(".page-gallery li:nth-child(2) a")
    page.wait_for_url("**/iiif/image/*/2/full/max/0/default.jpg")


@pytest.fixture
def demo_scan(db, file_store):  # noqa: F811
    """The demo's scanned record, read by the real Tesseract as `mosaic demo` reads it."""
    from mosaic.archives.seed import load_repositories
    from mosaic.corpus.models import Document
    from mosaic.ingest.demo import DEMO_DIR, SCANNED_DEMO_DOCUMENT
    from mosaic.ingest.pipeline import ingest_file
    from mosaic.ocr.runner import run_ocr

    load_repositories()
    assert ingest_file(DEMO_DIR / "scanned.jsonl", progress=False).ok
    report = run_ocr(Document.objects.filter(public_id=SCANNED_DEMO_DOCUMENT), progress=False)
    assert not report.failed, report.summary()
    return SCANNED_DEMO_DOCUMENT


def test_the_viewer_marks_the_words_searched_for_on_the_page_image(live_server, demo_scan, journey):
    page, tr, ntr = journey.page, journey.tr, journey.ntr

    def found(query, *counts):
        where = ", ".join(tr("page %(number)s (%(count)s)", domain="djangojs", number=number, count=count)
                          for number, count in enumerate(counts, start=1))
        return ntr("%(count)s match for “%(query)s”: %(where)s.", "%(count)s matches for “%(query)s”: %(where)s.",
                   sum(counts), domain="djangojs", count=sum(counts), query=query, where=where)

    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Arriving from a search of the archive, the reader finds their search words marked.
    page.goto(f"{live_server.url}/documents/{demo_scan}/", referer=f"{live_server.url}/search?q=Пхеньян")
    page.wait_for_selector(".viewer-image[data-shown-page='1'] .search-hit")
    status = page.locator(".search-status")
    assert status.text_content() == found("Пхеньян", 1)
    assert page.input_value(".viewer-search input") == "Пхеньян"
    # The word as read, with its comma: the same word the box on the image is drawn around.
    assert page.locator(".viewer-text mark.search-mark").all_text_contents() == ["Пхеньян,"]
    hit, image = page.locator(".search-hit").bounding_box(), page.locator(".viewer-image canvas").bounding_box()
    assert 0 < hit["height"] < hit["width"] < image["width"]  # one word on one line, over the page image
    assert image["x"] <= hit["x"] and image["y"] <= hit["y"] and hit["y"] + hit["height"] <= image["y"] + image["height"]

    # Keyboard only: the search box, Enter, then the next match, which turns to its page.
    page.focus(".viewer-search input")
    page.keyboard.press("Control+A")
    page.keyboard.type("Ким")
    page.keyboard.press("Enter")
    page.wait_for_function("(expected) => document.querySelector('.search-status').textContent === expected", arg=found("Ким", 1, 1))
    assert page.locator(".search-hit").count() == 1
    page.focus("button.next-hit")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.wait_for_selector(".viewer-image[data-shown-page='2'] .search-hit.current")
    assert status.text_content() == tr("Match %(number)s of %(total)s, on page %(page)s.", domain="djangojs", number=2, total=2, page=2)
    assert page.locator(".viewer-text mark.search-mark").all_text_contents() == ["Ким"]
    assert errors == []

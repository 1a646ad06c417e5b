"""A signed-in reader in a real browser (Debian's Chromium driven by Playwright) annotates a passage
of the demo's scanned record, from the keyboard once it is selected, and finds it marked in the
text; draws a region of its page image with the mouse in the viewer and annotates it, and once a
curator publishes it, it is drawn on the image for everyone and listed in the manifest."""
import pytest
from django.conf import settings
from django.test import Client

from mosaic.annotations import writing
from mosaic.annotations.models import Annotation
from mosaic.annotations.tests.conftest import account
from mosaic.conftest import needs_chromium
from mosaic.iiif.tests.test_browser import demo_scan  # noqa: F401 (a fixture: the demo's scan, read by Tesseract)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]

SELECT = """(word) => {
  const root = document.querySelector('.text-layer .text');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const at = walker.currentNode.data.indexOf(word);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(walker.currentNode, at);
      range.setEnd(walker.currentNode, at + word.length);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      return true;
    }
  }
  return false;
}"""

def test_a_reader_annotates_a_selected_passage_and_a_published_region_shows_in_the_viewer(live_server, demo_scan,  # noqa: F811
                                                                                           journey):
    context, page, tr = journey.context, journey.page, journey.tr
    reader, curator = account("reader"), account("curator", "Curator")
    signed_in = Client()
    signed_in.force_login(reader)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": signed_in.cookies[settings.SESSION_COOKIE_NAME].value,
                          "url": live_server.url}])
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/documents/{demo_scan}/")

    assert page.evaluate(SELECT, "Пхеньян")
    page.wait_for_selector("button.annotate-selection:not([disabled])")
    page.focus("button.annotate-selection")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "annotation-body"
    assert page.text_content(".annotation-new .annotation-quote") == "Пхеньян"
    page.keyboard.type("Where the conversation took place.")
    page.click(".annotation-new button[type=submit]")
    page.wait_for_selector("mark.annotation-mark")  # the page, made again, marks the passage
    assert page.locator("mark.annotation-mark").all_text_contents() == ["Пхеньян"]
    note = page.locator(".annotations-list .annotation")
    assert "Where the conversation took place." in note.text_content() and tr("Only you see this.") in note.text_content()
    annotation = Annotation.objects.get()
    assert annotation.exact == "Пхеньян" and annotation.creator == reader and annotation.state == "private"
    layer = annotation.document.text_layers.get(kind="ocr")
    assert layer.text[annotation.start:annotation.end] == "Пхеньян"

    # A region of the first page, drawn with the mouse in the viewer (Escape first cancels drawing).
    first = Client().get(f"/iiif/documents/{demo_scan}/manifest.json").json()["items"][0]
    page.wait_for_selector(".viewer-image[data-shown-page='1']")
    page.click("button.annotate-region")
    page.keyboard.press("Escape")
    assert page.get_attribute("button.annotate-region", "aria-pressed") == "false"
    page.click("button.annotate-region")
    assert page.get_attribute("button.annotate-region", "aria-pressed") == "true"
    # Where the page lies in the viewer: fitted whole and centred, as OpenSeadragon opens it.
    page.locator(".viewer-image").scroll_into_view_if_needed()
    frame = page.locator(".viewer-image canvas").bounding_box()
    scale = min(frame["width"] / first["width"], frame["height"] / first["height"])
    left = frame["x"] + (frame["width"] - first["width"] * scale) / 2
    top = frame["y"] + (frame["height"] - first["height"] * scale) / 2
    width, height = first["width"], first["height"]
    page.mouse.move(left + 0.2 * width * scale, top + 0.3 * height * scale)  # from 20 %, 30 % of the page
    page.mouse.down()
    page.mouse.move(left + 0.6 * width * scale, top + 0.45 * height * scale, steps=5)  # to 60 %, 45 %
    page.mouse.up()
    # The focus moves to the note once the viewer has finished with the gesture (a task later).
    page.wait_for_function("document.activeElement && document.activeElement.name === 'body'", timeout=5000)
    assert page.evaluate("document.activeElement.name") == "body", page.text_content(".region-status")
    page.keyboard.type("The embassy's stamp")
    page.click(".viewer-region-form button[type=submit]")
    page.wait_for_selector(".annotation-region-box.not-public")
    assert page.locator(".viewer-annotations li").all_text_contents() == [f"The embassy's stamp {tr('Only you see this.', domain='djangojs')}"]
    region = Annotation.objects.get(stored_file__isnull=False)
    assert region.state == "private" and region.creator == reader and region.page == 1
    assert 0 <= region.x < region.x + region.w <= width and 0 <= region.y < region.y + region.h <= height
    drawn = (region.x / width, region.y / height, region.w / width, region.h / height)
    assert all(abs(got - meant) <= 0.02 for got, meant in zip(drawn, (0.2, 0.3, 0.4, 0.15), strict=True)), region.region_fragment
    writing.move(region, reader, "submitted")
    writing.move(region, curator, "published")
    # A fresh browser: this one may keep the manifest it read for its five minutes (iiif/views.py).
    page = journey.another_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/documents/{demo_scan}/")
    page.wait_for_selector(".viewer-image[data-shown-page='1'] .annotation-region-box")
    assert page.locator(".viewer-annotations li").all_text_contents() == [f"The embassy's stamp ({tr('a reader', domain='djangojs')})"]
    box, image = page.locator(".annotation-region-box").bounding_box(), page.locator(".viewer-image canvas").bounding_box()
    assert image["x"] <= box["x"] and box["x"] + box["width"] <= image["x"] + image["width"]
    manifest = Client().get(f"/iiif/documents/{demo_scan}/manifest.json").json()
    assert [item["body"]["value"] for page_ in manifest["items"][0]["annotations"] if page_["id"].endswith("/annotations")
            for item in page_["items"]] == ["The embassy's stamp"]
    assert errors == []

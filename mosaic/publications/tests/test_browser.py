"""A reader in a real browser reads the demo essay: from a note reference to the note, from the
note's citation to the document, and from the document back to the essays that cite it."""
import pytest

from mosaic.conftest import needs_chromium

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

ESSAY = "demo-essay-august-plenum-1956"


def test_follow_a_note_to_its_document_and_see_the_essay_cited_there(live_server, demo_db, journey, tmp_path):
    page = journey.page
    essay_title = journey.pick(en="How Moscow read the August Plenum", ko="모스크바는 1956년 8월 전원회의를 어떻게 읽었는가")
    page.goto(f"{live_server.url}/publications/{ESSAY}/")
    page.wait_for_selector(f"h1:has-text('{essay_title}')")
    assert page.locator("section.notes li").count() == 10

    # The ninth reference: Ivanov's report, cited at its first leaf.
    page.click("sup.note-ref#note-ref-9 a")
    page.wait_for_url("**#note-9")
    note = page.locator("li#note-9")
    assert note.is_visible()
    assert page.evaluate("document.querySelector(':target').id") == "note-9"
    citation = note.locator("p.note-citation").inner_text()
    assert citation.startswith('"Ivanov to Mikoyan and Shepilov on the August Plenum of the Korean Workers\' Party," September 15, 1956')
    assert "Listy 153-164, l. 153." in citation
    page.screenshot(path=str(tmp_path / "essay-note.png"), full_page=True)

    # Back to where the text refers to it, then on to the document.
    note.locator("a.note-back").click()
    page.wait_for_url("**#note-ref-9")
    page.locator("li#note-9 p.note-citation a").click()
    page.wait_for_selector("h1:has-text('Ivanov to Mikoyan and Shepilov')")
    assert page.url.endswith("/documents/wcda-120170/")
    cited_in = page.locator("dd.cited-in")
    assert essay_title in cited_in.inner_text()
    page.screenshot(path=str(tmp_path / "document-cited-in.png"), full_page=True)
    cited_in.locator(f"a:has-text('{essay_title}')").click()
    page.wait_for_selector("h2#cited-heading")
    assert page.locator("section.documents-cited li").count() == 10

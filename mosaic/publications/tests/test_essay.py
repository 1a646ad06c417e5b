"""An essay as readers read it: numbered references, notes with the archive's citation of what
they cite, the documents cited, and nothing of a cited document the reader may not see."""
import dataclasses

import pytest
from django.contrib.auth.models import AnonymousUser

from mosaic.citations.build import citable_from_document
from mosaic.citations.formats import archive_citation
from mosaic.corpus.models import Document
from mosaic.publications.essay import WITHHELD_TEXT, render_essay
from mosaic.publications.tests.conftest import HIDDEN_TITLE

pytestmark = pytest.mark.django_db

BASE = "https://archive.example.org"


def test_notes_are_numbered_in_the_order_the_body_refers_to_them(essay):
    rendered = render_essay(essay, AnonymousUser(), base_url=BASE)
    assert [(n.number, n.marker) for n in rendered.notes] == [(1, "ivanov"), (2, "draft"), (3, "2"), (4, "aside")]
    body = str(rendered.body_html)
    assert "[^" not in body
    # The order of the references in the text: 1, 2, 3, then 1 again (its own id) beside 4.
    assert body.index('id="note-ref-1"') < body.index('id="note-ref-2"') < body.index('id="note-ref-3"') < body.index('id="note-ref-1-2"')
    assert ('<sup class="note-ref" id="note-ref-1-2"><a href="#note-1" aria-label="Note 1">1</a></sup>'
            '<sup class="note-sep">,</sup><sup class="note-ref" id="note-ref-4">') in body
    assert all(n.referred for n in rendered.notes)


def test_a_cited_document_gets_the_archive_citation_with_the_pinpoint_and_a_link(essay):
    rendered = render_essay(essay, AnonymousUser(), base_url=BASE)
    note = rendered.notes[0]
    report = Document.objects.get(public_id="ivanov-report")
    citable = citable_from_document(report, base_url=BASE)
    # The archive style of citations/formats.py, the pinpoint after the document's location.
    expected = archive_citation(dataclasses.replace(citable, locator="GARF, Fond 5446, Opis 98, Delo 721, Listy 153-164, l. 153"))
    assert note.citation == expected
    assert note.citation.startswith('"Ivanov to Mikoyan on the August Plenum," September 15, 1956, ')
    assert "Listy 153-164, l. 153. Translated by Gary Goldberg." in note.citation
    url = f"{BASE}/documents/ivanov-report/"
    assert note.citation.endswith(url) and f'<a href="{url}">{url}</a>' in note.citation_html
    assert str(note.text_html) == "<p><em>Top secret</em>, copy no. 1.</p>"
    assert note.document.public_id == "ivanov-report" and note.pinpoint == "l. 153"
    without_pinpoint = rendered.notes[2]
    assert without_pinpoint.citation == archive_citation(citable_from_document(Document.objects.get(public_id="plenum-resolution"), base_url=BASE))
    assert rendered.notes[3].document is None and rendered.notes[3].citation == "" and not rendered.notes[3].withheld


def test_documents_cited_lists_each_public_one_once_in_order_of_first_citation(essay):
    rendered = render_essay(essay, AnonymousUser(), base_url=BASE)
    assert [d.public_id for d in rendered.cited_documents] == ["ivanov-report", "plenum-resolution"]


@pytest.fixture
def readers(db, staff_member, django_user_model):
    researcher = django_user_model.objects.create_user("researcher", password="a-long-passphrase-42")
    return {"anonymous": AnonymousUser(), "researcher": researcher, "translator": staff_member("Translator")}


def test_a_cited_document_the_reader_may_not_see_is_neither_named_cited_nor_linked(essay, readers, client):
    for who, user in readers.items():
        rendered = render_essay(essay, user, base_url=BASE)
        note = rendered.notes[1]
        assert note.withheld and note.document is None and note.citation == "" and note.pinpoint == "", who
        assert note.staff_hint == "", who
        assert str(note.text_html) == "<p>Not yet open.</p>"  # the curator's own words stay
        if user.is_authenticated:
            client.force_login(user)
        page = client.get("/publications/plenum-essay/").content.decode()
        assert HIDDEN_TITLE not in page and "draft-memo" not in page and "p. 2" not in page, who
        assert WITHHELD_TEXT in page
        assert "Staff-only memorandum" not in page and "staff-memo" not in page  # nor an appended one
        api = client.get("/api/publications/plenum-essay").json()
        assert "draft-memo" not in str(api) and HIDDEN_TITLE not in str(api), who
        assert api["notes"][1] == {"number": 2, "marker": "draft", "body": "<p>Not yet open.</p>", "document_id": None,
                                   "pinpoint": None, "citation": None, "withheld": True}
        client.logout()


def test_a_curator_is_told_which_withheld_document_a_note_cites_but_reads_what_the_public_reads(essay, staff_member, client):
    curator = staff_member("Curator")
    note = render_essay(essay, curator, base_url=BASE).notes[1]
    assert note.withheld and note.citation == "" and note.document is None
    assert note.staff_hint == "Staff only: this note cites draft-memo (draft, public), which readers may not see."
    client.force_login(curator)
    page = client.get("/publications/plenum-essay/").content.decode()
    assert WITHHELD_TEXT in page and "draft-memo (draft, public)" in page and HIDDEN_TITLE not in page


def test_the_page_reads_as_an_article_with_notes_and_documents_cited(essay, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        page = client.get("/publications/plenum-essay/").content.decode()
    notes = page[page.index('<section class="notes"'):page.index('<section class="documents-cited"')]
    assert notes.count('<li id="note-') == 4
    assert '<li id="note-1" value="1">' in notes and 'href="#note-ref-1"' in notes  # and back
    assert 'href="http://testserver/documents/ivanov-report/"' in notes
    cited = page[page.index('<section class="documents-cited"'):]
    assert cited.index("/documents/ivanov-report/") < cited.index("/documents/plenum-resolution/")
    assert '<a href="#note-1" aria-label="Note 1">1</a>' in page


def test_the_api_gives_the_same_notes_and_cited_documents(essay, client):
    data = client.get("/api/publications/plenum-essay").json()
    assert data["cited_document_ids"] == ["ivanov-report", "plenum-resolution"]
    assert data["document_ids"] == ["plenum-resolution"]
    first = data["notes"][0]
    assert (first["number"], first["document_id"], first["pinpoint"]) == (1, "ivanov-report", "l. 153")
    assert first["citation"].endswith("http://testserver/documents/ivanov-report/")
    assert 'href="#note-1"' in data["body"]


def test_the_api_gives_the_korean_title_and_body_where_curators_wrote_them(essay, client):
    data = client.get("/api/publications/plenum-essay").json()
    assert data["title_ko"] is None and data["body_ko"] is None  # not written yet
    essay.title_ko = "8월 전원회의 읽기"
    essay.body_ko = "<p>이바노프는 곧바로 보고했다.[^ivanov] 초안은 더 많은 것을 말한다.[^draft]</p><p>결정이 뒤따랐다.[^2]</p>"
    essay.save()
    data = client.get("/api/publications/plenum-essay").json()
    assert data["title_ko"] == "8월 전원회의 읽기"
    assert data["body_ko"].startswith("<p>이바노프는 곧바로 보고했다.") and 'href="#note-1"' in data["body_ko"]
    assert data["body"].startswith("<p>Ivanov reported at once.")  # the English stays the English
    assert [p["title_ko"] for p in client.get("/api/publications").json()] == ["8월 전원회의 읽기"]

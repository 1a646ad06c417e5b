"""Readers see labels, never the codes records are stored with, and the archive-style citation of
a FRUS document names where the copy is held, not the editors' whole source note. Read on the
demo corpus, whose documents, events and context rows are the ones a new reader meets."""
from __future__ import annotations

import re

import pytest
from django.core.cache import caches

from mosaic.citations.build import citable_from_document
from mosaic.citations.formats import archive_citation, export
from mosaic.common.page_cache import FRAGMENTS
from mosaic.corpus.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_db):
    yield
    caches[FRAGMENTS].clear()


def visible_text(response) -> str:
    assert response.status_code == 200
    page = response.content.decode()
    page = re.sub(r"<(script|style|textarea)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


# (page, codes that must not show, labels that must) for each page type that showed codes.
PAGES = [
    ("/events/", ["bilateral_visit", "embassy_conditions", "military_incident", "inter_korean"],
     ["Bilateral visit", "Embassy conditions", "Military incident", "Inter-Korean"]),
    ("/events/E019/", ["military_incident"], ["Military incident"]),
    # The context panel of a Soviet embassy document of 1956: the mission's conditions.
    ("/documents/wcda-120170/", ["Access_restriction", "access_restriction", "Informant_network"],
     ["Access restriction", "Informant network"]),
    # A FRUS memorandum of conversation: seven people mentioned, two participants.
    ("/documents/frus1969-76v19p1-d3/", ["Mentioneds"], ["Mentioned Kim Dong Jo", "Participants Kim Dong Jo"]),
]


def test_reader_pages_show_labels_not_codes(client, demo):
    for path, codes, labels in PAGES:
        text = visible_text(client.get(path))
        for code in codes:
            assert code not in text, f"{path} shows the code {code}"
        for label in labels:
            assert label in text, f"{path} lacks the label {label}"


def test_role_groups_are_in_the_vocabularys_order_with_their_own_plurals(client, demo):
    page = client.get("/documents/frus1969-76v19p1-d3/").content.decode()
    headings = re.findall(r"<dt>([^<]+)</dt>", page)
    assert headings.index("Participants") < headings.index("Mentioned")
    d5 = client.get("/documents/frus1969-76v19p1-d5/").content.decode()
    assert not re.search(r"<dt>\w+s{2}</dt>|Mentioneds|Signatorys", d5)


def test_the_archive_citation_of_a_frus_document_gives_its_archival_location(client, demo):
    document = Document.objects.get(public_id="frus1969-76v19p1-d3")
    assert "Drafted by Leonard" in document.locators.get().as_printed
    citable = citable_from_document(document, base_url="https://archive.example.org")
    location = ("National Archives, Nixon Presidential Materials, NSC Files, Box 540, Country Files, "
                "Far East, Korea, Vol. I, to 9–69")
    assert archive_citation(citable) == (
        f'"Memorandum of Conversation," March 19, 1969, Mosaic Digital Archive, {location}. '
        "https://archive.example.org/documents/frus1969-76v19p1-d3/"
    )
    # The page's citation box, the Chicago styles and the exports read the same location.
    text = visible_text(client.get("/documents/frus1969-76v19p1-d3/"))
    page = client.get("/documents/frus1969-76v19p1-d3/").content.decode()
    box = re.search(r'<textarea id="citation-archive"[^>]*>(.*?)</textarea>', page, flags=re.S).group(1)
    assert location in box
    for remark in ("Drafted by", "approved in S", "Confidential.", "A copy was sent", "The meeting was held"):
        assert remark not in box
        assert remark not in re.search(r'id="citation-chicago-note">(.*?)</span>', page, flags=re.S).group(1)
    ris = export([citable], "ris")
    assert f"AV  - US National Archives and Records Administration, {location}" in ris
    assert "Drafted by" not in ris and "A copy was sent" not in ris
    # The note itself stays on the page, whole, as printed.
    assert "Drafted by Leonard and approved in S on March 21." in text

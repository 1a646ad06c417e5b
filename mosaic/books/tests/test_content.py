"""What goes into a book for each reader: the assembly from the database, before any rendering."""
import dataclasses
import json

import pytest
from django.contrib.auth.models import AnonymousUser

from mosaic.books.assemble import document_book, publication_book
from mosaic.books.tests.conftest import HANGUL_NAME, SECRET
from mosaic.corpus.models import Document

BASE = "https://archive.example.org"


def _facts(book) -> str:
    return json.dumps(dataclasses.asdict(book), ensure_ascii=False)


def test_the_anonymous_reader_gets_only_what_the_public_sees(briefing_book):
    book = publication_book(briefing_book, AnonymousUser(), BASE)
    assert [d.public_id for d in book.documents] == ["book-korean", "book-report", "book-partly"]
    assert [d.heading for d in book.documents] == ["Document 1", "Document 2", "Document 3"]
    assert SECRET not in _facts(book) and "book-hidden" not in _facts(book)
    assert not book.restricted_note and not any(d.restricted_note for d in book.documents)
    partly = book.documents[2]
    assert [t.language for t in partly.texts] == ["en"]
    assert partly.withheld == ("The original-language transcript (Hungarian) is held but not published: "
                               "the holding archive does not permit it.",)


def test_staff_get_restricted_material_marked_as_such(briefing_book, staff_member):
    book = publication_book(briefing_book, staff_member("Curator"), BASE)
    assert [d.public_id for d in book.documents] == ["book-korean", "book-report", "book-hidden", "book-partly"]
    assert book.restricted_note and SECRET in _facts(book)
    hidden = book.documents[2]
    assert hidden.restricted_note == "Not public: published, staff only."
    assert [t.restricted for t in book.documents[3].texts] == [False, True]


def test_each_document_has_its_provenance_text_and_archive_citation(briefing_book):
    report = publication_book(briefing_book, AnonymousUser(), BASE).documents[1]
    provenance = {entry.label: entry.value for entry in report.provenance}
    assert provenance["Archive"] == "State Archive of the Russian Federation (GARF)"
    assert provenance["Location in the archive"] == "Fond 5446, Opis (inventory) 98, Delo (file) 721, ll. 153–164"
    assert provenance["Credits"] == "Translated by Gary Goldberg"
    assert provenance["Original language"] == "Russian" and provenance["Original classification"] == "Top Secret"
    assert [t.heading for t in report.texts] == ["Translation (English), by Gary Goldberg", "Original-language transcript (Russian)"]
    assert report.citation.startswith('"Ivanov on the August Plenum," September 15, 1956, ')
    assert report.citation.endswith(f"{BASE}/documents/book-report/")


def test_the_chronology_holds_the_events_of_the_documents_period_and_the_documents(briefing_book):
    chronology = publication_book(briefing_book, AnonymousUser(), BASE).chronology
    assert [(entry.kind, entry.text) for entry in chronology] == [
        ("event", "August Plenum of the KWP CC"),
        ("document", "Rodong Sinmun editorial"),
        ("document", "Ivanov on the August Plenum"),
        ("document", "Hungarian legation report"),
    ]
    assert chronology[0].detail == "Purge" and chronology[0].date_display == "August 30, 1956 – August 31, 1956"
    assert chronology[1].anchor == "document-1"


def test_the_glossary_keeps_forms_written_only_in_texts_the_reader_sees(briefing_book, staff_member):
    (kim,) = publication_book(briefing_book, AnonymousUser(), BASE).glossary
    assert (kim.name, kim.hangul, kim.hanja, kim.mr, kim.life) == ("Kim Il Sung", HANGUL_NAME, "金日成", "Kim Il-sŏng", "1912–1994")
    assert kim.url == f"{BASE}/people/P001/"
    # The record's agent and a curator's confirmed link in a public text; not the form that stands
    # only in the staff-only Hungarian original.
    assert [(r.form, r.where) for r in kim.renderings] == [("Kim Il Sung", ("Document 2",)), (HANGUL_NAME, ("Document 1",))]
    (kim_for_staff,) = publication_book(briefing_book, staff_member("Curator"), BASE).glossary
    assert ("Kim Ir Szen", ("Document 4",)) in [(r.form, r.where) for r in kim_for_staff.renderings]


def test_the_introduction_keeps_the_editors_text_with_absolute_links(briefing_book):
    book = publication_book(briefing_book, AnonymousUser(), BASE)
    assert "<p>An introduction in the editor's words." in book.introduction_html
    assert f'href="{BASE}/documents/book-report/"' in book.introduction_html


def test_a_document_book_holds_only_its_visible_scans(briefing_book, staff_member):
    korean = Document.objects.get(public_id="book-korean")
    (chapter,) = document_book(korean, AnonymousUser(), BASE).documents
    assert [(scan.file_label, scan.page, scan.pages_in_file) for scan in chapter.scans] == [("Front page", 1, 2), ("Front page", 2, 2)]
    (staff_chapter,) = document_book(korean, staff_member("Curator"), BASE).documents
    assert len(staff_chapter.scans) == 3


def test_the_fingerprint_follows_the_content(briefing_book, staff_member):
    anonymous = publication_book(briefing_book, AnonymousUser(), BASE)
    assert publication_book(briefing_book, AnonymousUser(), BASE).fingerprint() == anonymous.fingerprint()
    assert publication_book(briefing_book, staff_member("Curator"), BASE).fingerprint() != anonymous.fingerprint()
    Document.objects.filter(public_id="book-report").update(title="Ivanov on the plenum (retitled)")
    assert publication_book(briefing_book, AnonymousUser(), BASE).fingerprint() != anonymous.fingerprint()
    assert anonymous.fingerprint("renderer 2") != anonymous.fingerprint("renderer 1")


@pytest.mark.parametrize("status", ["draft", "in_review", "withdrawn"])
def test_a_document_leaving_the_public_leaves_the_anonymous_book(briefing_book, status):
    Document.objects.filter(public_id="book-korean").update(status=status)
    book = publication_book(briefing_book, AnonymousUser(), BASE)
    assert [d.public_id for d in book.documents] == ["book-report", "book-partly"]
    assert HANGUL_NAME not in [r.form for entry in book.glossary for r in entry.renderings]

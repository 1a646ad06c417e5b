"""A publication as a reader reads it: its body with numbered note references, its notes (each
with the archive's citation of the document it cites), and the documents it cites.

The publication page, the API and the books made from publications all render through
`render_essay`, so a note reads the same everywhere and the access rule is applied in one place:
a cited document the public may not see (a draft, staff-only or embargoed one) is never named,
cited or linked; its note says only that it cites a document not yet published in the archive.
Citations are the archive style of `citations/formats.py`, made from the same `Citable` as the
document's own page, with the note's pinpoint added to the location.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from mosaic.citations.build import citable_from_document
from mosaic.common.bilingual import curated_text
from django.utils.translation import gettext, gettext_noop

from mosaic.citations.formats import archive_citation
from mosaic.corpus import access
from mosaic.lib import footnotes as note_markers
from mosaic.lib.rich_text import sanitize_html

# English, marked for the catalogue: the page shows it translated (gettext(WITHHELD_TEXT)).
WITHHELD_TEXT = gettext_noop("A document not yet published in the archive.")


@dataclass(frozen=True)
class CitedDocument:
    public_id: str
    title: str
    date_display: str
    url: str  # the document page, absolute


@dataclass(frozen=True)
class RenderedNote:
    number: int
    marker: str  # the label in the body, `[^marker]`
    text_html: SafeString  # the note's own words, sanitised; may be empty
    document: CitedDocument | None  # None: cites nothing, or a document the reader may not see
    pinpoint: str  # "" when withheld
    citation: str  # archive style, pinpoint included; "" when the note cites nothing the reader may see
    citation_html: SafeString  # the citation with its address as a link
    withheld: bool  # cites a document the reader may not see; show WITHHELD_TEXT
    referred: bool  # the body refers to it (a note saved past the staff form's check may not be)
    staff_hint: str = ""  # for those who see every record: which withheld document the note cites

    @property
    def anchor(self) -> str:
        return note_markers.note_id(self.number)

    @property
    def reference_anchor(self) -> str:
        return note_markers.reference_id(self.number)


@dataclass(frozen=True)
class RenderedEssay:
    body_html: SafeString
    notes: list[RenderedNote]
    cited_documents: list[CitedDocument]  # each shown document once, in order of first citation
    body_language: str = "en"  # the body in the reader's language (Korean when written), else English
    body_fell_back: bool = False  # a Korean reader gets the English body: the page says so


def _pinpointed_citation(document, pinpoint: str, base_url: str | None) -> tuple[str, str]:
    """(the archive-style citation with the pinpoint after the document's location, its address)."""
    citable = citable_from_document(document, base_url=base_url)
    if pinpoint:
        place = (citable.locator or citable.archive_name).rstrip(" .")
        citable = dataclasses.replace(citable, locator=", ".join(part for part in (place, pinpoint) if part))
    return archive_citation(citable), citable.url


def _citation_html(citation: str, url: str) -> SafeString:
    if url and citation.endswith(url):
        return format_html('{} <a href="{}">{}</a>', citation[: -len(url)].rstrip(), url, url)
    return mark_safe(escape(citation))


def render_essay(publication, user, base_url: str | None = None) -> RenderedEssay:
    """The publication as `user` may read it. `base_url` starts the documents' addresses in
    citations and links (default: settings.MOSAIC_BASE_URL, as `mosaic cite` uses)."""
    footnotes = list(publication.footnotes.select_related("document").order_by("id"))
    cited_pks = {note.document_id for note in footnotes if note.document_id}
    shown_pks = set(access.public_documents().filter(pk__in=cited_pks).values_list("pk", flat=True)) if cited_pks else set()
    staff = bool(cited_pks - shown_pks) and access.sees_all_records(user)

    chosen_body = curated_text(publication, "body")
    body = sanitize_html(chosen_body.text)
    by_marker = {note.marker: note for note in footnotes}
    in_body = [label for label in note_markers.marker_labels(body) if label in by_marker]
    numbers = {label: number for number, label in enumerate(in_body, start=1)}
    for note in footnotes:  # notes nothing refers to still show, after the others
        numbers.setdefault(note.marker, len(numbers) + 1)

    citations: dict[tuple[int, str], tuple[CitedDocument, str]] = {}
    notes, cited = [], {}
    for note in sorted(footnotes, key=lambda n: numbers[n.marker]):
        document = note.document
        shown = document is not None and document.pk in shown_pks
        cited_document, citation = None, ""
        if shown:
            key = (document.pk, note.pinpoint.strip())
            if key not in citations:
                citation, url = _pinpointed_citation(document, note.pinpoint.strip(), base_url)
                citations[key] = (CitedDocument(document.public_id, document.title, document.date_display, url), citation)
            cited_document, citation = citations[key]
            cited.setdefault(document.pk, cited_document)
        withheld = document is not None and not shown
        notes.append(RenderedNote(
            number=numbers[note.marker],
            marker=note.marker,
            text_html=mark_safe(sanitize_html(note.text)),
            document=cited_document,
            pinpoint=note.pinpoint.strip() if shown else "",
            citation=citation,
            citation_html=_citation_html(citation, cited_document.url) if cited_document else mark_safe(""),
            withheld=withheld,
            referred=note.marker in in_body,
            staff_hint=(gettext("Staff only: this note cites %(document)s (%(status)s, %(access)s), which readers "
                                "may not see.") % {"document": document.public_id,
                                                   "status": document.get_status_display().lower(),
                                                   "access": document.get_access_display().lower()}
                        if withheld and staff else ""),
        ))
    return RenderedEssay(
        body_html=mark_safe(note_markers.link_markers(body, {label: numbers[label] for label in in_body})),
        notes=notes,
        cited_documents=list(cited.values()),
        body_language=chosen_body.language,
        body_fell_back=chosen_body.fell_back,
    )


def publication_notes_json(publication, user, base_url: str) -> dict:
    """The API's view of a rendered essay: the body with its note references, the notes, and the
    ids of the documents cited (only those the reader may see; a note citing another says only
    `"withheld": true`)."""
    essay = render_essay(publication, user, base_url=base_url)
    return {
        "body": str(essay.body_html),
        "notes": [{"number": note.number, "marker": note.marker, "body": str(note.text_html),
                   "document_id": note.document.public_id if note.document else None,
                   "pinpoint": note.pinpoint or None, "citation": note.citation or None,
                   "withheld": note.withheld} for note in essay.notes],
        "cited_document_ids": [document.public_id for document in essay.cited_documents],
    }

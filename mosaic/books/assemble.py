"""A book for one reader, read from the database: a publication with its introduction,
chronology, glossary and documents, or a single document with its scans.

Every document, text layer and scan comes through the access policy (`corpus/access.py`), so a
book holds exactly what its reader may see on the site and nothing else; a name found in a text
enters the glossary only with a form that stands in a text the reader sees.
"""
from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy as _

from mosaic.books.content import (
    Book,
    ChronologyEntry,
    DocumentChapter,
    GlossaryEntry,
    IntroductionNote,
    ProvenanceEntry,
    Rendering,
    ScanPage,
    TextSection,
)
from mosaic.citations.build import citable_from_document, document_url
from mosaic.citations.formats import archive_citation
from mosaic.context.models import Event
from mosaic.corpus import access
from mosaic.corpus.models import Credit, Document, DocumentAgent, NameLink
from mosaic.lib.partial_dates import InvalidDate, PartialDate
from mosaic.lib.source_lines import UNIT_TYPES
from mosaic.lib.vocabularies import EVENT_CATEGORIES, LANGUAGES, label
from mosaic.publications.essay import WITHHELD_TEXT, render_essay

RESTRICTED_BOOK = _("This copy holds material that is not public (marked where it stands): it was made for "
                     "staff. Do not circulate it.")


def visible_publications(user):
    """Published publications; those who see every record also see drafts, to proof them."""
    from mosaic.publications.models import Publication

    return Publication.objects.all() if access.sees_all_records(user) else access.public_publications()


def publication_book(publication, user, base_url: str) -> Book:
    """The publication as `user` may see it. `base_url` ("https://host") makes the addresses."""
    visible = access.visible_documents(user)
    links = list(publication.document_links.filter(document__in=visible).order_by("order")
                 .select_related("document").prefetch_related(*_document_parts("document__")))
    public_ids = _public_among([link.document for link in links])
    chapters = [
        _chapter(link.document, number, link.heading or gettext("Document %(number)d") % {"number": number}, user, base_url,
                 public_ids)
        for number, link in enumerate(links, start=1)
    ]
    documents = [link.document for link in links]
    start, end = _span(documents)
    authors = tuple(link.agent.name for link in publication.author_links.select_related("agent").order_by("order"))
    kind = publication.get_kind_display()
    introduction, notes = _introduction(publication, user, base_url)
    restricted = publication.status != "published" or any(note.staff_hint for note in notes) or any(
        chapter.restricted_note or any(text.restricted for text in chapter.texts) for chapter in chapters)
    url = f"{base_url}/publications/{publication.slug}/"
    return Book(
        identifier=url,
        slug=publication.slug,
        title=publication.title,
        kind_label=kind,
        series=gettext("%(kind)s #%(number)s") % {"kind": kind, "number": publication.series_number}
        if publication.series_number else "",
        authors=authors,
        date_display=PartialDate.from_date(publication.date).display(_language()) if publication.date else "",
        institution=settings.MOSAIC_INSTITUTION,
        url=url,
        introduction_html=introduction,
        introduction_notes=notes,
        chronology=_chronology(chapters, documents, start, end),
        glossary=_glossary(chapters, documents, user, base_url),
        documents=tuple(chapters),
        span=_span_display(start, end),
        restricted_note=str(RESTRICTED_BOOK) if restricted else "",
        language=_language(),
    )


def _language() -> str:
    """The reader's interface language, which the book's headings and labels are set in."""
    return translation.get_language() or settings.LANGUAGE_CODE


def document_book(document: Document, user, base_url: str) -> Book:
    """One document as `user` may see it, with its scans: the document page as a PDF. The
    document must already be one the reader may see (the view asks the policy)."""
    document = Document.objects.prefetch_related(*_document_parts("")).get(pk=document.pk)
    chapter = _chapter(document, 1, document.get_doc_type_display(), user, base_url, _public_among([document]),
                       with_scans=True)
    url = document_url(document, base_url)
    restricted = chapter.restricted_note or any(t.restricted for t in chapter.texts) or any(
        not link.is_open_to_public() for link in access.visible_files(document, user))
    return Book(
        identifier=url, slug=document.public_id, title=document.title, kind_label=document.get_doc_type_display(),
        series="", authors=(), date_display=document.date_display, institution=settings.MOSAIC_INSTITUTION, url=url,
        introduction_html="", introduction_notes=(), chronology=(), glossary=(), documents=(chapter,),
        restricted_note=str(RESTRICTED_BOOK) if restricted else "", single_document=True, language=_language(),
    )


def _introduction(publication, user, base_url: str) -> tuple[str, tuple[IntroductionNote, ...]]:
    """The editor's text with its numbered notes, rendered as the publication page renders them
    (the same access rule for the documents the notes cite), and the archive's own links made
    absolute so that they still lead somewhere from a downloaded file."""
    essay = render_essay(publication, user, base_url=base_url)
    notes = tuple(IntroductionNote(
        number=note.number, anchor=note.anchor, text_html=_absolute_links(str(note.text_html), base_url),
        citation=note.citation, withheld_text=WITHHELD_TEXT if note.withheld else "", staff_hint=note.staff_hint,
    ) for note in essay.notes)
    return _absolute_links(str(essay.body_html), base_url), notes


def _absolute_links(html: str, base_url: str) -> str:
    return _ARCHIVE_LINK.sub(lambda match: f'href="{base_url}/', html)


_ARCHIVE_LINK = re.compile(r'\bhref="/(?!/)')  # a path on this site, not a protocol-relative address


def _document_parts(prefix: str) -> list:
    return [f"{prefix}locators__repository", f"{prefix}locators__units", f"{prefix}text_layers",
            Prefetch(f"{prefix}credits", queryset=Credit.objects.select_related("agent")),
            Prefetch(f"{prefix}agent_links", queryset=DocumentAgent.objects.select_related("agent__person"))]


def _public_among(documents) -> set[int]:
    return set(access.public_documents().filter(pk__in=[d.pk for d in documents]).values_list("pk", flat=True))


# --- one document ----------------------------------------------------------------------------------

def _chapter(document: Document, number: int, heading: str, user, base_url: str, public_ids: set[int],
             with_scans: bool = False) -> DocumentChapter:
    layers = access.visible_layers(document, user)
    citable = citable_from_document(document, base_url=base_url)
    return DocumentChapter(
        number=number,
        heading=heading,
        public_id=document.public_id,
        title=document.title,
        date_display=document.date_display,
        url=citable.url,
        summary=document.summary,
        provenance=tuple(_provenance(document)),
        catalogue_note=_catalogue_note(document),
        texts=tuple(_text_section(layer) for layer in layers),
        withheld=tuple(_withheld_note(layer) for layer in access.withheld_layers(document, user)),
        citation=archive_citation(citable),
        restricted_note="" if document.pk in public_ids else
        gettext("Not public: %(status)s, %(access)s.") % {"status": document.get_status_display().lower(),
                                                          "access": document.get_access_display().lower()},
        scans=tuple(_scan_pages(document, user)) if with_scans else (),
    )


def _provenance(document: Document):
    yield ProvenanceEntry(gettext("Date"), document.date_display + (f" ({document.date_note})" if document.date_note else ""))
    yield ProvenanceEntry(gettext("Type"), document.get_doc_type_display())
    if document.origin_country:
        yield ProvenanceEntry(gettext("Origin"), document.get_origin_country_display())
    if document.original_language:
        yield ProvenanceEntry(gettext("Original language"), document.get_original_language_display())
    for locator in document.locators.all():
        repository = locator.repository
        yield ProvenanceEntry(gettext("Archive"), f"{repository.name} ({repository.code})" if repository else gettext("not identified"))
        units = [f"{unit.label or UNIT_TYPES.get(unit.unit_type, unit.unit_type)} {unit.value}" for unit in locator.units.all()]
        if locator.folio_start is not None:
            span = (str(locator.folio_start) if locator.folio_end in (None, locator.folio_start)
                    else f"{locator.folio_start}–{locator.folio_end}")
            units.append(f"{locator.folio_term or 'ff.'} {span}")
        if units:
            yield ProvenanceEntry(gettext("Location in the archive"), ", ".join(units))
        if locator.as_printed:
            yield ProvenanceEntry(gettext("Source as printed"), locator.as_printed)
    by_version: dict[str, list[str]] = {}
    for credit in document.credits.all():
        if credit.role == "funded":
            continue
        values = {"role": credit.get_role_display(), "who": credit.agent.name, "for": credit.on_behalf_of}
        line = (gettext("%(role)s %(who)s for %(for)s") if credit.on_behalf_of else gettext("%(role)s %(who)s")) % values
        by_version.setdefault(credit.language, []).append(line)
    for language, lines in sorted(by_version.items(), key=lambda item: item[0] != ""):
        heading = (gettext("Credits (%(language)s version)") % {"language": gettext(LANGUAGES.get(language, language))}
                   if language else gettext("Credits"))
        yield ProvenanceEntry(heading, "; ".join(lines))
    funders = [credit.agent.name for credit in document.credits.all() if credit.role == "funded"]
    if funders:
        yield ProvenanceEntry(gettext("Funded by"), "; ".join(funders))
    if document.classification:
        yield ProvenanceEntry(gettext("Original classification"), document.classification)
    if document.rights:
        yield ProvenanceEntry(gettext("Rights"), document.rights)
    yield ProvenanceEntry(gettext("Identifier"), document.public_id)


def _catalogue_note(document: Document) -> str:
    if not document.catalogue_only:
        return ""
    if document.held_at:
        return gettext("Catalogue record: the text is not held here. It can be read at %(place)s.") % {"place": document.held_at}
    return gettext("Catalogue record: the text is not held here.")


def _text_section(layer) -> TextSection:
    values = {"kind": layer.get_kind_display(), "language": layer.get_language_display(), "who": layer.made_by}
    heading = (gettext("%(kind)s (%(language)s), by %(who)s") if layer.made_by else gettext("%(kind)s (%(language)s)")) % values
    return TextSection(heading=heading, language=layer.language, pages=tuple(page.strip() for page in layer.text.split("\f")),
                       machine_made=layer.kind in ("ocr", "machine_draft"), restricted=not layer.is_open_to_public())


def _withheld_note(layer) -> str:
    values = {"kind": layer.get_kind_display().lower(), "language": layer.get_language_display()}
    if layer.access == "embargoed" and layer.embargo_until:
        return gettext("The %(kind)s (%(language)s) is held but not published until %(date)s.") % {
            **values, "date": PartialDate.from_date(layer.embargo_until).display(_language())}
    return gettext("The %(kind)s (%(language)s) is held but not published: the holding archive does not permit it.") % values


def _scan_pages(document: Document, user):
    from mosaic.iiif import derivatives

    for item in access.visible_files(document, user):
        try:
            sizes = derivatives.page_sizes(item.stored_file)
        except derivatives.PageImageUnavailable:
            continue  # the audit reports such files; the PDF goes without their images
        for page, size in enumerate(sizes, start=1):
            yield ScanPage(file_label=str(item), sha256=item.stored_file.sha256, page=page, pages_in_file=len(sizes),
                           width=size.width, height=size.height)


# --- chronology and glossary -----------------------------------------------------------------------

def _span(documents) -> tuple[dt.date | None, dt.date | None]:
    starts = [d.date_min for d in documents if d.date_min]
    ends = [d.date_max or d.date_min for d in documents if d.date_min]
    return (min(starts), max(ends)) if starts else (None, None)


def _span_display(start: dt.date | None, end: dt.date | None) -> str:
    if start is None:
        return ""
    first, last = PartialDate.from_date(start).display(_language()), PartialDate.from_date(end).display(_language())
    return first if first == last else f"{first} – {last}"


def _chronology(chapters, documents, start, end) -> tuple[ChronologyEntry, ...]:
    """The events of the events table that overlap the documents' dates, with the documents
    themselves placed among them. Every event is public (the events pages list them all)."""
    if start is None:
        return ()
    dated: list[tuple[tuple, ChronologyEntry]] = []
    events = Event.objects.filter(date_min__lte=end).filter(Q(date_max__gte=start) | Q(date_max__isnull=True))
    for event in events.order_by("date_min", "row_id"):
        dated.append(((event.date_min, 0, event.row_id), ChronologyEntry(
            date_display=event.period_display, text=event.title, kind="event",
            detail=gettext(label(EVENT_CATEGORIES, event.category)), unverified=event.needs_verification)))
    for chapter, document in zip(chapters, documents):
        if document.date_min:
            dated.append(((document.date_min, 1, chapter.number), ChronologyEntry(
                date_display=chapter.date_display, text=chapter.title, kind="document", detail=chapter.heading,
                anchor=chapter.anchor)))
    return tuple(entry for _, entry in sorted(dated, key=lambda pair: pair[0]))


def _glossary(chapters, documents, user, base_url: str) -> tuple[GlossaryEntry, ...]:
    """The people the documents name: those their records name (agents tied to the name
    authority) and those a curator confirmed in their texts, with each form the documents use."""
    people: dict[int, tuple] = {}  # person pk -> (person, {form: [headings]})

    def note(person, form: str, heading: str):
        forms = people.setdefault(person.pk, (person, {}))[1]
        where = forms.setdefault(form, [])
        if heading not in where:
            where.append(heading)

    texts = {chapter.public_id: "\n".join("\n".join(section.pages) for section in chapter.texts).casefold()
             for chapter in chapters}
    for chapter, document in zip(chapters, documents):
        for link in document.agent_links.all():
            if link.agent.person is not None:
                note(link.agent.person, link.as_written or link.agent.name, chapter.heading)
    headings = {document.pk: chapter for chapter, document in zip(chapters, documents)}
    confirmed = (NameLink.objects.filter(document__in=list(headings), status=NameLink.CONFIRMED)
                 .select_related("person").order_by("document_id", "surface_form"))
    for link in confirmed:
        chapter = headings[link.document_id]
        # Only a form that stands in a text this reader sees: a restricted text's words stay out.
        if link.surface_form.casefold() in texts[chapter.public_id]:
            note(link.person, link.surface_form, chapter.heading)
    entries = []
    for person, forms in people.values():
        entries.append(GlossaryEntry(
            person_id=person.person_id, name=person.display_name, url=f"{base_url}/people/{person.person_id}/",
            hangul=person.hangul, hangul_rok=person.hangul_rok if person.hangul_rok != person.hangul else "",
            hanja=person.hanja, mr=person.mr, rr=person.rr, life=_life(person.born, person.died),
            renderings=tuple(Rendering(form, tuple(where)) for form, where in sorted(forms.items())),
        ))
    return tuple(sorted(entries, key=lambda entry: (entry.name.casefold(), entry.person_id)))


def _life(born: str, died: str) -> str:
    def shown(value: str) -> str:
        try:
            return str(PartialDate.parse(value).year) if value else ""
        except InvalidDate:
            return value

    if not (born or died):
        return ""
    return f"{shown(born) or '?'}–{shown(died)}"

"""Fill a `Citable` from a Document (the only place citations read the database)."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Prefetch

from mosaic.citations.citable import Citable, Name
from mosaic.corpus.models import Credit, Document, DocumentAgent, Locator
from mosaic.entities.models import Agent
from mosaic.lib.frus_source_notes import parse_source_note
from mosaic.lib.person_names import split_name
from mosaic.lib.source_lines import parse_source_line


def _name(agent: Agent) -> Name:
    given, family, literal = split_name(agent.name, agent.kind == Agent.PERSON)
    return Name(given=given, family=family, literal=literal)


def _credit_sentence(credits) -> str:
    """"Translated by X and Y." for credits that were entered without a printed line."""
    sentences = []
    for role in ("obtained", "translated", "edited", "contributed", "transcribed"):
        names = [c.agent.name for c in credits if c.role == role]
        if names:
            sentences.append(f"{role.capitalize()} by {' and '.join(names)}.")
    return " ".join(sentences)


def document_url(document: Document, base_url: str | None = None) -> str:
    return f"{(base_url or settings.MOSAIC_BASE_URL).rstrip('/')}/documents/{document.public_id}/"


def citable_parts() -> list[Prefetch]:
    """The parts of documents a citation reads, fetched for many documents at once, each in the
    document's own order (its Meta ordering would join the documents to sort by date)."""
    return [
        Prefetch("credits", queryset=Credit.objects.select_related("agent").order_by("order", "pk")),
        Prefetch("agent_links", queryset=DocumentAgent.objects.select_related("agent").order_by("order", "pk")),
        Prefetch("locators", queryset=Locator.objects.select_related("repository").prefetch_related("units")
                 .order_by("order", "pk")),
    ]


def _parts(document: Document, name: str, query) -> list:
    """`document.<name>` as the caller prefetched it (the document page reads them once for the
    whole page), otherwise `query` run now."""
    if name in getattr(document, "_prefetched_objects_cache", {}):
        return list(getattr(document, name).all())
    return list(query)


def citable_from_document(document: Document, base_url: str | None = None, accessed: dt.date | None = None) -> Citable:
    # The document's own order; its Meta ordering would join the documents to sort by date.
    locators = _parts(document, "locators", document.locators.select_related("repository").order_by("order", "pk")[:1])
    locator = min(locators, key=lambda row: (row.order, row.pk)) if locators else None
    credits = _parts(document, "credits", document.credits.select_related("agent"))
    links = _parts(document, "agent_links", document.agent_links.select_related("agent"))
    locator_text = credit_line = ""
    if locator:
        parsed = parse_source_line(locator.as_printed) if locator.as_printed else None
        locator_text = (parsed.locator_text if parsed else "") or locator.short_form()
        credit_line = parsed.credit_text if parsed else ""
        # A FRUS source note goes on past the location (classification, who drafted, cleared
        # and received it); a citation names only where the copy is.
        note = parse_source_note(locator.as_printed)
        if note and note.location:
            locator_text = note.location
    credit_line = credit_line or _credit_sentence(credits)
    repository = locator.repository if locator else None
    return Citable(
        public_id=document.public_id,
        title=document.title,
        url=document_url(document, base_url),
        institution=settings.MOSAIC_INSTITUTION,
        date=document.partial_date,
        doc_type=document.doc_type,
        archive_name=repository.name if repository else "",
        archive_code=repository.code if repository else "",
        locator=locator_text,
        credit_line=credit_line,
        authors=tuple(_name(link.agent) for link in links if link.role in ("author", "signatory")),
        recipients=tuple(_name(link.agent) for link in links if link.role == "recipient" and link.agent.kind == Agent.PERSON),
        translators=tuple(_name(c.agent) for c in credits if c.role == "translated"),
        original_language=document.original_language,
        summary=document.summary,
        classification=document.classification,
        accessed=accessed,
    )

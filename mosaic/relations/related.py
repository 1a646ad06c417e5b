"""What the document page lists as related: the curators' typed links, read from both sides, and
the documents that share a confirmed event, an archival file or two or more people with it. Only
documents the reader may see appear (`corpus/access.py`)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext, ngettext

from mosaic.context.models import EventMention
from mosaic.corpus import access
from mosaic.corpus.models import Document, DocumentAgent, NameLink
from mosaic.entities.models import Person
from mosaic.relations.models import DocumentRelation

# Sharing two people is common for the most-named leaders; the page shows the closest few.
MAX_SHARED_PEOPLE = 10


@dataclass
class Linked:
    label: str
    document: Document
    note: str


@dataclass
class Suggested:
    document: Document
    reasons: list[str] = field(default_factory=list)


def linked_documents(document: Document, user) -> list[Linked]:
    """The curators' links from both sides: the inverse label on the linked document's side."""
    visible = access.visible_documents(user)
    # Asked of each link (EXISTS), not as a list of every visible document (IN): 10 ms at 10,000.
    out = DocumentRelation.objects.filter(Exists(visible.filter(pk=OuterRef("related_id")))).filter(
        document=document).select_related("related")
    into = DocumentRelation.objects.filter(Exists(visible.filter(pk=OuterRef("document_id")))).filter(
        related=document).select_related("document")
    links = [Linked(r.label, r.related, r.note) for r in out] + [Linked(r.inverse_label, r.document, r.note) for r in into]
    return sorted(links, key=lambda link: (link.label, *_by_date(link.document)))


def _people(documents, persons=None) -> dict[int, set[int]]:
    """Each document's people: its agents linked to the name authority and its confirmed name
    links; only `persons` when given."""
    agents = DocumentAgent.objects.filter(document__in=documents, agent__person__isnull=False)
    names = NameLink.objects.filter(document__in=documents, status=NameLink.CONFIRMED)
    if persons is not None:
        agents, names = agents.filter(agent__person__in=persons), names.filter(person__in=persons)
    found: dict[int, set[int]] = {}
    for doc_id, person_id in [*agents.values_list("document_id", "agent__person_id"),
                              *names.values_list("document_id", "person_id")]:
        found.setdefault(doc_id, set()).add(person_id)
    return found


def suggested_documents(document: Document, user, same_file_reports=(), exclude=()) -> list[Suggested]:
    """Documents that share a confirmed event, an archival file (from the page's own foliation
    reports, not computed again) or two or more people with this one."""
    visible = access.visible_documents(user)
    skip = {document.pk, *(d.pk for d in exclude)}
    reasons: dict[int, list[str]] = {}

    mentions = (EventMention.objects.filter(status=EventMention.CONFIRMED, document__in=visible,
                                            event__mentions__document=document,
                                            event__mentions__status=EventMention.CONFIRMED)
                .exclude(document_id__in=skip).select_related("event").distinct())
    for mention in mentions:
        reasons.setdefault(mention.document_id, []).append(gettext("Same event: %(event)s") % {"event": mention.event.title})

    file_ids = {held.public_id for report in same_file_reports for held in report.documents}
    for doc_id in visible.filter(public_id__in=file_ids).exclude(pk__in=skip).values_list("pk", flat=True):
        reasons.setdefault(doc_id, []).append(gettext("Same archival file"))

    mine = _people([document.pk]).get(document.pk, set())
    if len(mine) >= 2:
        shared = {doc_id: people for doc_id, people in _people(visible.exclude(pk__in=skip), mine).items()
                  if len(people) >= 2}
        closest = sorted(shared, key=lambda doc_id: -len(shared[doc_id]))[:MAX_SHARED_PEOPLE]
        names = dict(Person.objects.filter(pk__in=mine).values_list("pk", "display_name"))
        for doc_id in closest:
            people = sorted(names[p] for p in shared[doc_id])
            reasons.setdefault(doc_id, []).append(ngettext(
                "%(count)d person in common: %(names)s", "%(count)d people in common: %(names)s", len(people))
                % {"count": len(people), "names": "; ".join(people)})

    documents = Document.objects.in_bulk(list(reasons))
    found = [Suggested(documents[doc_id], why) for doc_id, why in reasons.items()]
    return sorted(found, key=lambda s: _by_date(s.document))


def _by_date(document: Document) -> tuple:
    # Undated documents last.
    return (document.date_min is None, document.date_min or dt.date.min, document.public_id)


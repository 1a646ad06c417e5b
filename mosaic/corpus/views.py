from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language, gettext

from mosaic.citations.build import citable_from_document, citable_parts
from mosaic.citations.kept import citations
from mosaic.corpus import access
from mosaic.corpus.models import TextLayer
from mosaic.iiif.gallery import describe_files
from mosaic.lib.partial_dates import PartialDate
from mosaic.lib.source_lines import UNIT_TYPES
from mosaic.lib.vocabularies import AGENT_ROLE_GROUPS, AGENT_ROLES, CREDIT_ROLES, LANGUAGES
from mosaic.preservation.foliation import file_foliation, locator_units_key
from mosaic.relations.related import linked_documents, suggested_documents


def visible_document_or_404(request, public_id):
    return get_object_or_404(access.visible_documents(request.user), public_id=public_id)


def _with_its_parts(documents):
    """The documents with what the page and its sections read of each, fetched once: the text
    layers (the access policy, the marker panel, echoes and the translation box each ask for
    them), credits, agents and locators (the metadata and the citation)."""
    return documents.prefetch_related(Prefetch("text_layers", queryset=TextLayer.objects.order_by("order", "pk")),
                                      *citable_parts())


def _credits_by_version(document):
    """Credits grouped by the language version they belong to ("" = the whole document)."""
    groups: dict[str, list] = {}
    for credit in document.credits.all():
        groups.setdefault(credit.language, []).append(credit)
    return [
        {"language": gettext(LANGUAGES[language]) if language in LANGUAGES else "", "credits": [
            {"role": gettext(CREDIT_ROLES[c.role]), "name": c.agent.name, "for": c.on_behalf_of} for c in credits]}
        for language, credits in sorted(groups.items(), key=lambda item: item[0] != "")
    ]


def _date_interval_note(document) -> str:
    """Say the interval when it is narrower or wider than the printed date implies."""
    if not (document.date_min and document.date_max):
        return ""
    partial = document.partial_date
    if partial and (partial.earliest(), partial.latest()) == (document.date_min, document.date_max):
        return ""
    language = get_language()
    first = PartialDate.from_date(document.date_min).display(language)
    if document.date_min == document.date_max:
        return gettext("written on %(day)s") % {"day": first}
    return gettext("written between %(first)s and %(last)s") % {
        "first": first, "last": PartialDate.from_date(document.date_max).display(language)}


def _same_archival_file(locator, user):
    """The leaves of the locator's archival file held in Mosaic, when other documents the reader
    may see sit in the same file: where this one stands, and the gaps between them."""
    if locator.repository is None or locator.folio_start is None:
        return None
    units = locator_units_key(locator)
    if not units:
        return None
    report = file_foliation(locator.repository, units, access.visible_documents(user))
    return report if len(report.documents) > 1 else None


def document_page(request, public_id):
    document = get_object_or_404(_with_its_parts(access.visible_documents(request.user)), public_id=public_id)
    citable = citable_from_document(document, base_url=request.build_absolute_uri("/").rstrip("/"))
    by_role = {}
    for link in document.agent_links.all():
        by_role.setdefault(link.role, []).append(link)
    # In the vocabulary's order (authors first, the merely mentioned last), headed by the role's
    # own label for one name and its group label for several.
    agents = {
        gettext((AGENT_ROLES if len(by_role[role]) == 1 else AGENT_ROLE_GROUPS)[role]): by_role[role]
        for role in AGENT_ROLES if role in by_role
    }
    locators = [
        {"repository": loc.repository, "as_printed": loc.as_printed,
         "units": [{"label": gettext(UNIT_TYPES[u.unit_type]) if u.unit_type in UNIT_TYPES else u.unit_type, "printed": u.label, "value": u.value} for u in loc.units.all()],
         "folios": (loc.folio_start, loc.folio_end) if loc.folio_start is not None else None, "folio_term": loc.folio_term,
         "same_file": _same_archival_file(loc, request.user)}
        for loc in document.locators.all()
    ]
    linked = linked_documents(document, request.user)
    related = {"linked": linked, "suggested": suggested_documents(
        document, request.user, [loc["same_file"] for loc in locators if loc["same_file"]], [link.document for link in linked])}
    layers = access.visible_layers(document, request.user)
    page_files = describe_files(access.visible_files(document, request.user))
    context = {
        "document": document,
        # An anonymous reader sees public documents only (access.visible_documents): no query.
        "is_public": not request.user.is_authenticated or access.public_documents().filter(pk=document.pk).exists(),
        "staff": access.sees_all_records(request.user),
        "date_interval": _date_interval_note(document),
        "agents": agents,
        "locators": locators,
        "credit_groups": _credits_by_version(document),
        "funders": [c.agent.name for c in document.credits.all() if c.role == "funded"],
        "layers": layers,
        "withheld": access.withheld_layers(document, request.user),
        "collections": document.collections.filter(pk__in=access.visible_collections(request.user)),
        "publications": document.publications.filter(pk__in=access.public_publications()),
        "citable": citable,
        "citations": {style.replace("-", "_"): text for style, text in citations(citable).items()},
        "language_name": gettext(LANGUAGES[document.original_language]) if document.original_language in LANGUAGES else "",
        # Who holds the original, for the catalogue-only notice's one sentence.
        "holders": "; ".join(loc["repository"].name if loc["repository"] else loc["as_printed"] for loc in locators),
        "page_files": page_files,
        "related": related,
        "manifest_url": reverse("iiif:manifest", args=[document.public_id]) if page_files else "",
    }
    return render(request, "corpus/document.html", context)

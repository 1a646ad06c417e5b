from django.shortcuts import get_object_or_404, render

from mosaic.corpus.models import DocumentAgent, NameLink
from mosaic.entities.authority import get_matcher
from mosaic.entities.house_style import house_form
from mosaic.entities.linking import name_check
from mosaic.entities.models import AuthorityTerm, Person
from mosaic.corpus import access

SYSTEM_LABELS = {
    "mr": "McCune–Reischauer", "mr_plain": "McCune–Reischauer, plain", "rr": "Revised Romanization",
    "dprk": "DPRK official", "kontsevich": "Russian (Kontsevich)", "soviet_ru": "Russian (Soviet practice)",
    "bg": "Bulgarian", "hu": "Hungarian", "pl": "Polish", "cs": "Czech", "ro": "Romanian", "de": "German",
    "pinyin": "Chinese (pinyin of the hanja)",
}


def person_list(request):
    return render(request, "entities/person_list.html", {"people": Person.objects.all()})


def person_page(request, person_id):
    person = get_object_or_404(Person, person_id=person_id)
    variants = {(v.form, v.language, v.kind): v for v in person.variants.all()}
    forms: dict[str, list[dict]] = {}
    if person.tradition == Person.KOREAN and person.hangul:
        for form, system, kind in get_matcher().forms(person.person_id):
            variant = variants.get((form, system, kind))
            forms.setdefault(SYSTEM_LABELS.get(system, system), []).append(
                {"form": form, "kind": kind, "source": variant.source if variant else "",
                 "alias_type": variant.get_alias_type_display() if variant and variant.alias_type else ""})
    else:
        for variant in variants.values():
            forms.setdefault(variant.language or "—", []).append(
                {"form": variant.form, "kind": variant.kind, "source": variant.source,
                 "alias_type": variant.get_alias_type_display() if variant.alias_type else ""})
    public = access.public_documents()
    links = (NameLink.objects.filter(person=person, document__in=public).exclude(status=NameLink.REJECTED)
             .select_related("document").order_by("document__date_min"))
    mentioned: dict[int, dict] = {}
    for link in links:
        entry = mentioned.setdefault(link.document_id, {"document": link.document, "forms": [], "confirmed": False, "confidence": 0})
        entry["forms"].append(link.surface_form)
        entry["confirmed"] |= link.status == NameLink.CONFIRMED
        entry["confidence"] = max(entry["confidence"], link.confidence)
    # One query for all the person's agents (as written in documents), in the order of agents.
    agent_links = (DocumentAgent.objects.filter(agent__person=person, document__in=public).select_related("document")
                   .order_by("agent__sort_name", "agent__name", "agent_id", "document", "order"))
    for doc_link in agent_links:
        entry = mentioned.setdefault(doc_link.document_id, {"document": doc_link.document, "forms": [], "confirmed": True, "confidence": 1})
        entry["forms"].append(doc_link.as_written)
    context = {
        "person": person, "house_form": house_form(person), "forms": forms,
        "offices": person.offices.all(),
        "documents": sorted(mentioned.values(), key=lambda e: (e["document"].date_min is None, e["document"].date_min)),
    }
    return render(request, "entities/person.html", context)


def name_check_page(request, public_id):
    """Staff: renderings in a document's translations that differ from the house style."""
    document = get_object_or_404(access.visible_documents(request.user), public_id=public_id)
    suggestions = name_check(document, request.user, house_form)
    return render(request, "entities/name_check.html", {"document": document, "suggestions": suggestions})


def term_page(request, term_id):
    term = get_object_or_404(AuthorityTerm, term_id=term_id)
    forms: dict[str, list] = {}
    for variant in term.variants.all():
        forms.setdefault(variant.language or "—", []).append(variant)
    return render(request, "entities/term.html", {"term": term, "forms": forms})


def term_list(request):
    return render(request, "entities/term_list.html", {"terms": AuthorityTerm.objects.all()})

"""`{% document_jsonld %}` and `{% person_jsonld %}`: the page's schema.org description
(`corpus/jsonld.py`) as a JSON-LD script element, read from what the page's view put in its
context."""
from django import template
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from mosaic.corpus import access
from mosaic.corpus import jsonld

register = template.Library()


def _person_urls(request, person_pks) -> dict[int, str]:
    from mosaic.entities.models import Person

    pks = {pk for pk in person_pks if pk}
    return {pk: request.build_absolute_uri(reverse("pages:person", args=[person_id]))
            for pk, person_id in Person.objects.filter(pk__in=pks).values_list("pk", "person_id")} if pks else {}


@register.simple_tag(takes_context=True)
def document_jsonld(context):
    # Staff see drafts and restricted layers on the same page; the description is the public's.
    if not context.get("is_public"):
        return ""
    document, request = context["document"], context["request"]
    agents = [link.agent for link in document.agent_links.all()] + [credit.agent for credit in document.credits.all()]
    return jsonld.script_element(jsonld.document_jsonld(
        document, url=context["citable"].url, layers=access.visible_layers(document, AnonymousUser()),
        person_urls=_person_urls(request, (agent.person_id for agent in agents)), publisher=context["institution"]))


@register.simple_tag(takes_context=True)
def person_jsonld(context):
    person, request = context["person"], context["request"]
    return jsonld.script_element(jsonld.person_jsonld(
        person, url=request.build_absolute_uri(reverse("pages:person", args=[person.person_id])),
        renderings=context.get("renderings", {})))

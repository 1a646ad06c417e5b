from django import template

from mosaic.context.lookup import context_for
from mosaic.lib.vocabularies import EMBASSY_CONDITION_TYPES, EVENT_CATEGORIES, label

register = template.Library()


@register.simple_tag
def document_context(document):
    return context_for(document)


@register.simple_tag(takes_context=True)
def document_echoes(context, document):
    from mosaic.context.echoes import echoes_for

    return echoes_for(document, context["request"].user)


# Categories and condition types are stored as codes ("bilateral_visit"); readers see labels.
@register.filter
def event_category_label(code: str) -> str:
    return label(EVENT_CATEGORIES, code)


@register.filter
def condition_type_label(code: str) -> str:
    return label(EMBASSY_CONDITION_TYPES, code)

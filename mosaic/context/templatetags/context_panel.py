from django import template
from django.utils.translation import gettext, pgettext_lazy

from mosaic.context.lookup import context_for
from mosaic.context.models import RELATION_STATUS_LABELS
from mosaic.lib.vocabularies import EMBASSY_CONDITION_TYPES, EVENT_CATEGORIES, label

register = template.Library()

# How a report presents a figure that echoes an official claim (echoes.Echo.presentation).
PRESENTATION_LABELS = {
    "attributed": pgettext_lazy("figure presented as", "attributed"),
    "disputed": pgettext_lazy("figure presented as", "disputed"),
    "unattributed": pgettext_lazy("figure presented as", "unattributed"),
}


@register.simple_tag
def document_context(document):
    return context_for(document)


@register.simple_tag(takes_context=True)
def document_echoes(context, document):
    from mosaic.context.echoes import echoes_for

    return echoes_for(document, context["request"].user)


# Categories and condition types are stored as codes ("bilateral_visit"); readers see labels,
# in their language (the vocabularies' labels are in the catalogue; a curator's new code is not).
@register.filter
def event_category_label(code: str) -> str:
    return gettext(label(EVENT_CATEGORIES, code))


@register.filter
def condition_type_label(code: str) -> str:
    return gettext(label(EMBASSY_CONDITION_TYPES, code))


@register.filter
def relation_status_label(status: str) -> str:
    return RELATION_STATUS_LABELS.get(status, status)


@register.filter
def presentation_label(presentation: str) -> str:
    return PRESENTATION_LABELS.get(presentation, presentation)

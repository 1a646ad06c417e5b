from django import template

from mosaic.context.lookup import context_for

register = template.Library()


@register.simple_tag
def document_context(document):
    return context_for(document)


@register.simple_tag(takes_context=True)
def document_echoes(context, document):
    from mosaic.context.echoes import echoes_for

    return echoes_for(document, context["request"].user)

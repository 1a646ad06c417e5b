"""The "request a translation" box on the document page, which the corpus view knows nothing about."""
from django import template

from mosaic.translations.models import DEFAULT_TARGET_LANGUAGE
from mosaic.translations.requests import OUTCOME_MESSAGES, SESSION_KEY, request_count

register = template.Library()


@register.simple_tag(takes_context=True)
def translation_request_box(context, document, layers):
    """Whether to offer the request form, how many readers asked, and the outcome of this reader's
    request (read from the address the request redirected to; only known outcomes are shown).

    Decided from `layers`, the layers this reader may see, so the box says nothing about
    withheld ones.
    """
    language = DEFAULT_TARGET_LANGUAGE
    has_visible_translation = any(layer.kind == "translation" and layer.language == language for layer in layers)
    offer = not (document.catalogue_only or document.original_language == language or has_visible_translation)
    request = context.get("request")
    outcome = request.GET.get("translation-request", "") if request is not None else ""
    asked_here = request is not None and f"{document.pk}:{language}" in request.session.get(SESSION_KEY, [])
    return {
        "asked_here": asked_here,
        "offer": offer,
        "language": language,
        "asked": request_count(document, language) if offer else 0,
        "outcome": OUTCOME_MESSAGES.get(outcome, ""),
        "outcome_is_refusal": outcome in ("throttled", "not-needed"),
    }

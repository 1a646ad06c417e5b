"""What the document page's "Language markers" section needs, computed in Python.

`{% lens_markers_for document as lens %}` builds on `markers.markers_for_document` (so the page
shows exactly the layers the access policy lets the reader see) and adds what only the page
needs: the highlighted text, numbered flags with their dispute data, and the figures written out.
"""
from __future__ import annotations

import logging

from django import template
from django.conf import settings
from django.utils import translation
from django.http import QueryDict
from django.utils.translation import gettext, gettext_lazy as _

from mosaic.corpus import access
from mosaic.lens.forms import FlagDisputeForm
from mosaic.lens.highlight import flag_anchor, highlighted_html
from mosaic.lens.lexicon_texts import lexicon_text
from mosaic.lens.markers import (
    EXPERIMENTAL_BELOW_PRECISION, highlighted_by_default, is_experimental, language_name, markers_and_layers,
    measured_text, voice_description,
)
from mosaic.lib.markers.lexicon import LexiconError, default_lexicon
from mosaic.lib.markers.voice import AUTHOR, QUOTATION, REPORTED

logger = logging.getLogger(__name__)
register = template.Library()

# The query parameter that shows the flags of experimental categories: a plain link, so the
# control works without JavaScript (the site's Content-Security-Policy forbids inline scripts).
SHOW_EXPERIMENTAL = "lens_experimental"


def _rate(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def _comparable_text(figures: dict | None) -> str:
    if figures is None or figures["median"] is None:
        return gettext("no comparison (see above)")
    low, high = figures["iqr"]
    return gettext("median %(median)s, interquartile range %(low)s–%(high)s per 1,000 words") % {
        "median": f"{figures['median']:.1f}", "low": f"{low:.1f}", "high": f"{high:.1f}"}


VOICE_SHORT = {AUTHOR: _("author"), REPORTED: _("reported speech"), QUOTATION: _("quotation")}


def _voices_text(voices: dict) -> str:
    return " · ".join(f"{label} {voices.get(voice, 0)}" for voice, label in VOICE_SHORT.items())


def _shown(flag: dict, categories, show_experimental: bool) -> bool:
    category = categories.get(flag["category"])
    return category is None or show_experimental or highlighted_by_default(category)


def _english_page() -> bool:
    return (translation.get_language() or settings.LANGUAGE_CODE) == settings.LANGUAGE_CODE


def _layer_view(payload: dict, text: str, lexicon, show_experimental: bool = False) -> dict:
    layer_id = payload["layer"]["id"]
    described = {**payload, "id": layer_id, "label": payload["layer"]["description"],
                 "language_name": language_name(payload["layer"]["language"])}
    if payload["pending"]:
        return described  # the page says the markers are being computed
    categories = lexicon.categories
    # Flags of experimental categories stay counted but are left out of the highlights and the
    # numbered list unless the reader asked for them.
    flags = [flag for flag in payload["flags"] if _shown(flag, categories, show_experimental)]
    hidden = len(payload["flags"]) - len(flags)
    items, titles = [], []
    for number, flag in enumerate(flags, start=1):
        category = categories.get(flag["category"])
        label = lexicon_text(category.label) if category else flag["category"]
        voice = voice_description(flag["voice"], flag["speaker"])
        titles.append(gettext("%(category)s · rule %(rule)s v%(version)s · %(voice)s") % {
            "category": label, "rule": flag["rule"], "version": flag["rule_version"], "voice": voice})
        rule = lexicon.rule(flag["rule"])
        rationale = lexicon_text(rule.rationale) if rule else ""
        items.append({**flag, "number": number, "anchor": flag_anchor(layer_id, number), "category_label": label,
                      "voice_text": voice, "rationale": rationale,
                      # A rationale not yet translated is shown in English, and said to be.
                      "rationale_lang": "en" if rule and rationale == rule.rationale and not _english_page() else "",
                      "literature": rule.literature if rule else "", "layer_id": layer_id})
    rows = []
    for category in categories.values():
        comparable = payload["comparable"].get(category.id)
        rows.append({
            "id": category.id, "label": lexicon_text(category.label), "flagged": category.flagged,
            "count": payload["counts"].get(category.id, 0), "rate": _rate(payload["rates"].get(category.id)),
            "comparable": _comparable_text(comparable),
            "voices": _voices_text(payload["voices"].get(category.id, {})),
            "can_tell": lexicon_text(category.what_it_can_tell), "cannot_tell": lexicon_text(category.what_it_cannot_tell),
            "measured": measured_text(category),
            "experimental": is_experimental(category),
            "hidden": 0 if show_experimental or not is_experimental(category) else payload["counts"].get(category.id, 0),
        })
    return {
        **described,
        "flag_items": items,
        "flag_count": len(payload["flags"]),
        "shown_count": len(flags),
        "hidden_count": hidden,
        "has_experimental_flags": any(not highlighted_by_default(categories[f["category"]])
                                      for f in payload["flags"] if f["category"] in categories),
        "highlighted": highlighted_html(text, flags, layer_id, titles) if flags else "",
        "category_rows": [row for row in rows if row["flagged"]],
        "formula_rows": [row for row in rows if not row["flagged"]],
    }


@register.simple_tag(takes_context=True)
def lens_markers_for(context, document):
    """The markers section's data for `document` as the requesting reader may see it."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    try:
        lexicon = default_lexicon()
    except LexiconError as error:
        # A broken lexicon file must not take the document page down with it.
        logger.error("Language markers unavailable: %s", error)
        return {"unavailable": True, "problems": error.problems if access.sees_all_records(user) else [], "layers": []}
    data, layers = markers_and_layers(document, user, lexicon)
    show_experimental = bool(request) and request.GET.get(SHOW_EXPERIMENTAL) == "1"
    return {
        **data,
        "layers": [_layer_view(payload, layer.text, lexicon, show_experimental)
                   for payload, layer in zip(data["layers"], layers)],
        "dispute_form": FlagDisputeForm(),
        "show_experimental": show_experimental,
        "experimental_toggle": _toggle_query(request, not show_experimental),
        "experimental_threshold": f"{EXPERIMENTAL_BELOW_PRECISION:.1f}",
        "experimental_categories": [lexicon_text(c.label) for c in lexicon.categories.values() if c.flagged and is_experimental(c)],
    }


def _toggle_query(request, show: bool) -> str:
    """The page's query string with the experimental markers switched on or off, others kept."""
    query = request.GET.copy() if request else QueryDict(mutable=True)
    if show:
        query[SHOW_EXPERIMENTAL] = "1"
    else:
        query.pop(SHOW_EXPERIMENTAL, None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"

"""The language markers of a document as readers may see them: one entry per visible text layer.

`markers_for_document(document, user)` is the one reader-facing view of the markers: the
document page (through the template tag), the JSON API and `mosaic lens ID --json` all build on
it, and it shows only the layers the access policy lets `user` see.
"""
from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext, gettext_lazy as _, ngettext

from mosaic.corpus import access
from mosaic.corpus.models import LANGUAGE_CHOICES
from mosaic.lens.comparable import comparable_rates
from mosaic.lens.lexicon_texts import lexicon_text
from mosaic.changes.service import markers_pending
from mosaic.lens.models import VOICE_NAMES, LayerMarkerStats
from mosaic.lens.refresh import current_markers, is_current
from mosaic.lib.markers.lexicon import Lexicon, default_lexicon
from mosaic.lib.markers.voice import QUOTATION, REPORTED
from mosaic.lib.vocabularies import LANGUAGES

METHOD = _("Heuristic: pattern rules from lexicon version %(version)s")
NOT_MEASURED = _("Precision and recall: not yet measured (no annotated test set yet).")

# A category whose measured precision is below this is labelled experimental, and its flags are
# not highlighted unless the reader asks for them: with fewer than seven flags in ten right, a
# highlight would mislead more often than a reader can be expected to check. One number, here.
EXPERIMENTAL_BELOW_PRECISION = 0.7
DEVSET_PREFIX = "devset-"  # test sets named so are the team's development set, not a frozen test set


def is_experimental(category) -> bool:
    """Measured, and precision below the threshold (or unknown because the rules flagged nothing),
    judged on the held-out figures when they exist: the development set's are optimistic."""
    measured = category.judged_by
    return measured is not None and (measured.precision is None or measured.precision < EXPERIMENTAL_BELOW_PRECISION)


def highlighted_by_default(category) -> bool:
    return category.flagged and not is_experimental(category)


def category_payload(lexicon: Lexicon) -> dict:
    return {
        category.id: {
            "label": lexicon_text(category.label),
            "flagged": category.flagged,
            "can_tell": lexicon_text(category.what_it_can_tell),
            "cannot_tell": lexicon_text(category.what_it_cannot_tell),
            "measured": category.measured.as_dict() if category.measured else None,
            "held_out": category.held_out.as_dict() if category.held_out else None,
            "measured_text": measured_text(category),
            "experimental": is_experimental(category),
            "highlighted_by_default": highlighted_by_default(category),
        }
        for category in lexicon.categories.values()
    }


def _with_interval(value: float, interval) -> str:
    if not interval:
        return f"{value:.2f}"
    return gettext("%(value)s (95%% interval %(low)s–%(high)s)") % {
        "value": f"{value:.2f}", "low": f"{interval[0]:.2f}", "high": f"{interval[1]:.2f}"}


def _figures(measured, *, opening: bool = True) -> str:
    """Precision and recall in words; `opening` when they begin the sentence."""
    recall = _with_interval(measured.recall, measured.recall_interval)
    if measured.precision is None:
        text = (gettext("Precision cannot be estimated (the rules flagged nothing in the set), recall %(recall)s") if opening
                else gettext("precision cannot be estimated (the rules flagged nothing in the set), recall %(recall)s"))
        return text % {"recall": recall}
    text = gettext("Precision %(precision)s, recall %(recall)s") if opening else gettext("precision %(precision)s, recall %(recall)s")
    return text % {"precision": _with_interval(measured.precision, measured.precision_interval), "recall": recall}


def _spans(measured) -> str:
    return ngettext("%(n)d annotated span", "%(n)d annotated spans", measured.n_spans) % {"n": measured.n_spans}


def measured_text(category) -> str:
    """The measured figures in words, with the size and kind of the sets they come from: the
    development set the rules were tuned on, and the held-out set when there is one."""
    measured, held_out = category.measured, category.held_out
    if measured is None and held_out is None:
        return str(NOT_MEASURED)
    parts = []
    if measured is not None:
        values = {"figures": _figures(measured), "n": measured.n_documents, "spans": _spans(measured),
                  "test_set": measured.test_set}
        if measured.test_set.startswith(DEVSET_PREFIX) and held_out is None:
            parts.append(gettext("%(figures)s, measured on %(n)d passages written or selected by the team for this purpose "
                                 "(%(spans)s; %(test_set)s); not yet checked on unseen reports.") % values)
        elif measured.test_set.startswith(DEVSET_PREFIX):
            parts.append(gettext("%(figures)s, measured on %(n)d passages written or selected by the team for this purpose "
                                 "(%(spans)s; %(test_set)s), which the rules were tuned on.") % values)
        else:
            parts.append(gettext("%(figures)s, measured on %(n)d documents (%(spans)s) of the frozen test set %(test_set)s.")
                         % values)
    if held_out is not None:
        parts.append(gettext("On %(n)d held-out passages the rules were not tuned on (%(spans)s; %(test_set)s, annotated "
                             "blind): %(figures)s.") % {"n": held_out.n_documents, "spans": _spans(held_out),
                                                        "test_set": held_out.test_set,
                                                        "figures": _figures(held_out, opening=False)})
    if is_experimental(category):
        parts.append(gettext("Experimental: precision below %(threshold)s, so these markers are counted but not highlighted "
                             "unless you ask for them.") % {"threshold": f"{EXPERIMENTAL_BELOW_PRECISION:.1f}"})
    return " ".join(parts)


def describe_layer(layer) -> str:
    """"Translation (English) by Gary Goldberg"."""
    values = {"kind": layer.get_kind_display(), "language": layer.get_language_display(), "who": layer.made_by}
    if layer.made_by:
        return gettext("%(kind)s (%(language)s) by %(who)s") % values
    return gettext("%(kind)s (%(language)s)") % values


def layer_note(layer) -> str:
    """What the kind of layer means for its markers: whose wording they are."""
    if layer.kind == "translation":
        if layer.made_by:
            return gettext("This is a translation by %(who)s. Its wording, modal verbs such as “must”, “should” and “ought "
                           "to” above all, may be the translator's choice rather than the author's; where the original is "
                           "held, compare it.") % {"who": layer.made_by}
        return gettext("This is a translation whose translator is not recorded. Its wording, modal verbs such as “must”, "
                       "“should” and “ought to” above all, may be the translator's choice rather than the author's; where "
                       "the original is held, compare it.")
    if layer.kind == "ocr":
        return gettext("This text was read by machine (OCR): recognition errors can hide a marker or make one up.")
    if layer.kind == "machine_draft":
        return gettext("This is a machine translation draft: its wording is the machine's, not the author's or a translator's.")
    if layer.made_by:
        return gettext("This is the text in its original language, transcribed by %(who)s.") % {"who": layer.made_by}
    return gettext("This is the text in its original language.")


def voice_description(voice: str, speaker: str | None) -> str:
    """"reported speech of Deputy Minister Ri", "direct quotation (speaker not identified)"."""
    if voice == REPORTED:
        if not speaker:
            return gettext("reported speech (source not named)")
        if speaker in {"I", "we", "We"}:
            return gettext("reported speech of the author (“%(speaker)s”)") % {"speaker": speaker}
        if speaker.lower() in {"he", "she", "they"}:
            return gettext("reported speech (speaker: “%(speaker)s”, named earlier in the text)") % {"speaker": speaker}
        return gettext("reported speech of %(speaker)s") % {"speaker": speaker}
    if voice == QUOTATION:
        if speaker and speaker.lower() in {"he", "she", "they"}:
            return gettext("direct quotation (speaker: “%(speaker)s”, named earlier in the text)") % {"speaker": speaker}
        if speaker:
            return gettext("direct quotation of %(speaker)s") % {"speaker": speaker}
        return gettext("direct quotation (speaker not identified)")
    return str(VOICE_NAMES.get(voice, voice))


def _experimental_note(language: str, lexicon: Lexicon) -> str:
    return gettext("Experimental: the %(language)s cues are seed cues not yet reviewed by a native speaker, and the voice "
                   "rules for %(language)s are rougher than for English.") % {"language": language_name(language)}


def language_name(code: str) -> str:
    """A language's name as the document models' choices give it to readers."""
    return str(dict(LANGUAGE_CHOICES).get(code) or LANGUAGES.get(code, code))


def _stored_markers_current(layer, lexicon: Lexicon) -> bool:
    try:
        return is_current(layer.marker_stats, layer, lexicon)
    except LayerMarkerStats.DoesNotExist:
        return False


def layer_payload(document, layer, lexicon: Lexicon, *, analysis_pending: bool = False) -> dict:
    """With `analysis_pending` (a background job is to recompute the document's markers), a layer
    whose stored markers are out of date is reported as pending rather than computed here."""
    rules = lexicon.rules_for(layer.language)
    experimental = bool(rules) and all(rule.experimental for rule in rules)
    described = {
        "layer": {"id": layer.pk, "kind": layer.kind, "language": layer.language, "made_by": layer.made_by,
                  "description": describe_layer(layer), "public": layer.is_open_to_public()},
        "note": layer_note(layer),
        "rules_exist": bool(rules),
        "experimental": experimental,
        "experimental_note": _experimental_note(layer.language, lexicon) if experimental else "",
    }
    if analysis_pending and rules and not _stored_markers_current(layer, lexicon):
        return {**described, "pending": True, "flags": [], "counts": {}}
    stats, flags = current_markers(layer, lexicon)
    words = stats.word_count
    comparable = comparable_rates(document, layer, lexicon)
    return {
        **described,
        "pending": False,
        "word_count": words,
        "lexicon_version": stats.lexicon_version,
        "flags": [
            {"start": flag.start, "end": flag.end, "text": flag.text, "category": flag.category, "rule": flag.rule_id,
             "rule_version": flag.rule_version, "voice": flag.voice, "speaker": flag.speaker or None,
             "experimental": flag.experimental}
            for flag in flags
        ],
        "counts": dict(stats.counts),
        "rates": {category: (count * 1000 / words if words else None) for category, count in stats.counts.items()},
        "voices": dict(stats.voices),
        "comparable": {
            category: {"group": comparable["group"], "n": comparable["n"],
                       "median": figures["median"] if figures else None, "iqr": figures["iqr"] if figures else None}
            for category, figures in comparable["categories"].items()
        },
        "comparable_group": {"group": comparable["group"], "n": comparable["n"], "enough": comparable["enough"],
                             "note": comparable["note"]},
    }


def markers_for_document(document, user, lexicon: Lexicon | None = None) -> dict:
    """JSON-serialisable markers of every text layer of `document` that `user` may see.
    Raises Http404 when the user may not see the document at all."""
    data, _ = markers_and_layers(document, user, lexicon)
    return data


def markers_and_layers(document, user, lexicon: Lexicon | None = None) -> tuple[dict, list]:
    """`markers_for_document` and the visible layers it describes (the page needs their text)."""
    if not access.visible_documents(user).filter(pk=document.pk).exists():
        raise Http404("No such document.")
    lexicon = lexicon or default_lexicon()
    layers = access.visible_layers(document, user)
    pending = markers_pending(document)
    data = {
        "document": document.public_id,
        "lexicon_version": lexicon.version,
        "method": METHOD % {"version": lexicon.version},
        "not_a_verdict": gettext("Markers show where listed wordings occur and in whose voice; they do not grade the "
                                 "document or its author."),
        "categories": category_payload(lexicon),
        "layers": [layer_payload(document, layer, lexicon, analysis_pending=pending) for layer in layers],
    }
    return data, layers

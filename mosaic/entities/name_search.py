"""Reading a search query's words as a person's name (heuristic, via the name authority)."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from mosaic.common.page_cache import kept_in_process
from mosaic.entities.authority import get_matcher, term_forms
from mosaic.entities.models import Person
from mosaic.lib.text_folding import fold, has_cjk

# Below this score, or when two people fit almost equally well, the words are searched as typed.
CONFIDENT_SCORE = 0.9


def name_reader():
    """A function text → (label, forms, link) | None over the current authority, or None if it is empty.

    Organisations, places and terms are read by their exact forms first ("Kim Il Sung
    University" is a university, not a person); people through the matcher.

    Made once per process until the next write to the archive: gathering the terms' forms and
    asking whether the authority changed took four queries and about 6 ms, on every search,
    where reading the words themselves takes well under a millisecond.
    """
    return kept_in_process("names:reader", _make_name_reader)


def _make_name_reader():
    terms = term_forms()
    if not terms and not Person.objects.filter(tradition=Person.KOREAN).exists():
        return None
    matcher = get_matcher()

    def read_name(text: str):
        folded = fold(text)
        if folded in terms:
            term, forms = terms[folded]
            # Translators: a search word read as an organisation, place or term, e.g. "Pyongyang (place)".
            label = gettext("%(name)s (%(kind)s)") % {"name": term.preferred, "kind": str(term.get_kind_display()).lower()}
            return label, forms, reverse("pages:term", args=[term.term_id])
        # One Latin or Cyrillic word (a surname, a title) never names a person here; a name in
        # hangul or hanja is one word (김일성, 金日成), and the matcher reads it whole or not at all.
        if len(text.split()) < 2 and not has_cjk(text):
            return None
        resolution = matcher.resolve(text, k=2)
        if not resolution.candidates or resolution.ambiguous:
            return None
        best = resolution.candidates[0]
        if best.score < CONFIDENT_SCORE:
            return None
        forms = [form for form, _system, kind in matcher.forms(best.person_id) if _searchable(form, kind)]
        # Translators: who a search's words were read as, e.g. "Kim Il-sŏng (김일성), score 0.98".
        label = gettext("%(name)s (%(hangul)s), score %(score).2f") % {"name": best.mr, "hangul": best.hangul, "score": best.score}
        return label, forms, reverse("pages:person", args=[best.person_id])

    return read_name


def _searchable(form: str, kind: str) -> bool:
    # Abbreviations such as "KIS" are words in other languages (Hungarian "kis" = small). A name in
    # hangul or hanja is searched as a substring: three characters (김일성, 金日成) are distinctive,
    # two (남일) are inside too many other words.
    if has_cjk(form):
        return len(form.replace(" ", "")) >= 3
    return len(form.replace(" ", "")) >= 5 or (" " in form.strip() and kind != "alias")

"""Reading a search query's words as a person's name (heuristic, via the name authority)."""
from __future__ import annotations

from mosaic.entities.authority import get_matcher
from mosaic.entities.models import Person

# Below this score, or when two people fit almost equally well, the words are searched as typed.
CONFIDENT_SCORE = 0.9


def name_reader():
    """A function text → (label, forms) | None over the current authority, or None if it is empty."""
    if not Person.objects.filter(tradition=Person.KOREAN).exists():
        return None
    matcher = get_matcher()

    def read_name(text: str):
        resolution = matcher.resolve(text, k=2)
        if not resolution.candidates or resolution.ambiguous:
            return None
        best = resolution.candidates[0]
        if best.score < CONFIDENT_SCORE:
            return None
        forms = [form for form, _system, kind in matcher.forms(best.person_id) if _searchable(form, kind)]
        return f"{best.mr} ({best.hangul}), score {best.score:.2f}", forms, best.person_id

    return read_name


def _searchable(form: str, kind: str) -> bool:
    # Abbreviations such as "KIS" are words in other languages (Hungarian "kis" = small).
    return len(form.replace(" ", "")) >= 5 or (" " in form.strip() and kind != "alias")

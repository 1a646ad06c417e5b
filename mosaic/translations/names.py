"""The name check of the name authority, run on a translation workspace: which people the original
names, and which names in the draft are not yet written in the house style.

It uses the same reader (``entities.linking.find_names``), the same house style
(``entities.house_style.house_form``) and the same rule for "already in house style" as the name
check page of a published translation; only the texts differ (a draft and an original rather
than the document's translation layers). Suggestions only: nothing is changed in any text.
"""
from __future__ import annotations

from mosaic.entities.authority import get_matcher
from mosaic.entities.house_style import house_form
from mosaic.entities.linking import find_names, institution_names
from mosaic.entities.models import Person
from mosaic.lib.text_folding import fold


def _already_in_house_style(written: str, preferred: str) -> bool:
    return fold(written) == fold(preferred) or fold(written) in fold(preferred)


def name_suggestions(texts: list[tuple[str, str]], only_differing: bool) -> list[dict]:
    """Each person the authority confidently recognises in `texts` ((text, language) pairs), with
    the form found and the house-style form to use in the translation.

    With `only_differing`, forms already in the house style are left out (the check of a draft);
    without it every recognised person is listed (what to write for the names in an original).
    """
    texts = [(text, language) for text, language in texts if text and text.strip()]
    if not texts:
        return []
    matcher = get_matcher()
    institutions = institution_names()
    people = {p.person_id: p for p in Person.objects.all()}
    suggestions: dict[tuple[str, str], dict] = {}
    for text, language in texts:
        for name in find_names(text, matcher, language, institutions):
            person = people.get(name.person_id)
            if person is None:
                continue
            preferred = house_form(person)
            if not preferred:
                continue
            in_house_style = _already_in_house_style(name.surface_form, preferred)
            if only_differing and in_house_style:
                continue
            entry = suggestions.setdefault((name.surface_form, person.person_id), {
                "written": name.surface_form, "person": person, "suggested": preferred, "score": name.score,
                "occurrences": 0, "language": language, "in_house_style": in_house_style})
            entry["occurrences"] += 1
    return sorted(suggestions.values(), key=lambda s: (-s["occurrences"], s["written"]))

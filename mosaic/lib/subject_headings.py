"""Subject headings in the style of the Wilson Center's catalogue: a topic followed by its
subdivisions, joined by "--" ("Korea (North)--Foreign relations--Soviet Union"). Pure logic: how a
heading is written, checked, keyed for links, and which heading is one level broader."""
from __future__ import annotations

import re

from mosaic.lib.messages import Message, gettext_noop
from mosaic.lib.text_folding import fold

SEPARATOR = "--"
MAX_CHARACTERS = 255
_SPACED_SEPARATOR = re.compile(r"\s*-{2,}\s*|\s*[—–]\s*")  # "A -- B", "A---B", "A — B" are all "A--B"
_SPACES = re.compile(r"\s+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def normalise_heading(text: str) -> str:
    """One way of writing a heading: subdivisions joined by "--" without spaces, inner spaces single."""
    parts = [_SPACES.sub(" ", part).strip() for part in _SPACED_SEPARATOR.split(text.strip())]
    return SEPARATOR.join(parts)


def subdivisions(heading: str) -> list[str]:
    return normalise_heading(heading).split(SEPARATOR)


def heading_problem(heading: str) -> Message | None:
    """What is wrong with a heading as written, or None."""
    if not heading.strip():
        return Message(gettext_noop("a heading cannot be empty"))
    if len(heading) > MAX_CHARACTERS:
        return Message(gettext_noop("a heading has at most %(most)s characters"), {"most": MAX_CHARACTERS})
    if any(not part for part in subdivisions(heading)):
        return Message(gettext_noop('"%(heading)s" has an empty subdivision (write "Topic--Subdivision")'),
                       {"heading": heading[:80]})
    if not heading_slug(heading).strip("-"):
        return Message(gettext_noop('"%(heading)s" has no letters or digits to key it by'), {"heading": heading[:80]})
    return None


def heading_slug(heading: str) -> str:
    """The heading's key for links: folded to ASCII, lower case, words joined by "-" and
    subdivisions by "--" ("korea-north--foreign-relations--soviet-union")."""
    words = [_NOT_SLUG.sub("-", fold(part)).strip("-") for part in subdivisions(heading)]
    return SEPARATOR.join(words)[:MAX_CHARACTERS]


def broader_heading(heading: str) -> str | None:
    """The heading one subdivision up ("Korea (North)--Foreign relations" for "...--Soviet Union"),
    or None for a heading without subdivisions."""
    parts = subdivisions(heading)
    return SEPARATOR.join(parts[:-1]) if len(parts) > 1 else None

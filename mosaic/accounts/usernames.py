"""Which usernames a reader may register: none that is reserved, and none that looks like a name
already taken.

Usernames are stored in Unicode normal form NFKC (Django's username field normalises them so),
so "ｃａｒｌ" is stored as "carl". Two names "look alike" when they share a skeleton: the name
in NFKC without its accents (combining marks), its case folded, and each character replaced by
one representative of the characters that look like it. "carĺ", "CARL", "carI" and "cаrl" (with
a Cyrillic а) look like "carl"; "Admin" and "adrnin" like "admin".

Which characters look alike comes from Unicode's confusables data (UTS #39) as the
confusable-homoglyphs package ships it. The package tells, for a character, which characters
and sequences it may be confused with; it does not compute a skeleton, so this module groups the
characters the data links into classes and takes one representative for each.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from confusable_homoglyphs.confusables import confusables_data

# Names that would pass for the archive itself, its staff roles or its machinery; none of them,
# nor any name that looks like one, can be registered. docs/security.md lists them.
RESERVED_USERNAMES = frozenset({
    "admin", "administrator", "root", "superuser", "sysadmin", "staff", "mosaic", "archive", "archivist",
    "coordinator", "curator", "translator", "researcher", "editor", "moderator", "owner",
    "support", "help", "helpdesk", "security", "abuse", "privacy", "legal", "info", "contact",
    "system", "api", "iiif", "webmaster", "hostmaster", "postmaster", "noreply", "no-reply", "mail",
    "anonymous", "guest", "nobody", "null", "none", "undefined", "login", "logout", "register",
})

# The data brackets right-to-left characters with direction marks, which are not part of them.
_DIRECTION_MARKS = dict.fromkeys(map(ord, "\u200e\u200f"))


@lru_cache(maxsize=1)
def _look_alike_table() -> dict[str, str]:
    """Each character the confusables data knows → the representative of its class.

    In the data every character is linked to its prototype (in both directions), so the linked
    groups are the classes UTS #39 maps to one prototype. A class whose prototype is a sequence
    ("m" → "rn") is represented by that sequence, which is what typing the sequence gives; other
    classes by their first character, an ASCII one when there is one.
    """
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for character, homoglyphs in confusables_data.items():
        character = character.translate(_DIRECTION_MARKS)
        for homoglyph in homoglyphs:
            first, second = root(character), root(homoglyph["c"].translate(_DIRECTION_MARKS))
            parent[first] = second
    classes: dict[str, list[str]] = {}
    for node in list(parent):
        classes.setdefault(root(node), []).append(node)
    single: dict[str, str] = {}
    sequences: dict[str, str] = {}
    for members in classes.values():
        characters = sorted((m for m in members if len(m) == 1), key=lambda m: (not m.isascii(), m))
        longer = sorted((m for m in members if len(m) > 1), key=lambda m: (len(m), m))
        for member in characters:
            single[member] = characters[0]
            if longer:
                sequences[member] = longer[0]
    # A sequence's own characters are replaced too, as they would be when typed one by one.
    return {**single, **{c: "".join(single.get(x, x) for x in sequence) for c, sequence in sequences.items()}}


def _replace_look_alikes(text: str) -> str:
    table = _look_alike_table()
    return "".join(table.get(character, character) for character in text)


def skeletons(username: str) -> frozenset[str]:
    """What `username` looks like, for comparing it with other names (never stored or shown).

    Two forms, because some look-alikes differ only in case: with case folded first, "ADMIN"
    looks like "admin"; with look-alikes replaced first, a capital I looks like a small l ("carI"
    like "carl"), which folding it to an i would hide."""
    text = unicodedata.normalize("NFKC", username)
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return frozenset({_replace_look_alikes(text.casefold()), _replace_look_alikes(_replace_look_alikes(text).casefold())})


@lru_cache(maxsize=1)
def _reserved_skeletons() -> frozenset[str]:
    return frozenset().union(*(skeletons(name) for name in RESERVED_USERNAMES))


def is_reserved(username: str) -> bool:
    """Whether `username` is a reserved name or looks like one."""
    return bool(skeletons(username) & _reserved_skeletons())


def looks_like_a_taken_name(username: str, taken) -> bool:
    """Whether `username` looks like one of `taken` (names already registered). Every name is
    compared: an archive has some thousands of accounts at most, and a registration is rare."""
    wanted = skeletons(username)
    return any(wanted & skeletons(name) for name in taken)

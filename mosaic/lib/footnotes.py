"""Note markers in an essay: where the text refers to a note, and how the references are numbered.

A curator writes `[^label]` in the text where a note is referred to: `[^1]`, `[^2]`, or a word such
as `[^kim-speech]` (letters, digits, `-` and `_`, at most 30). The notes themselves are kept beside
the text, each under its label. Readers see numbers, not labels: a note's number is the place of
its marker's first appearance among the notes, so inserting a note in the middle renumbers the
rest without anyone editing a label. A marker may appear more than once (the same note referred
to again); every reference links to the note, and the note links back to the first.

Everything here reads HTML that has already been through `rich_text.sanitize_html`, so markers
are looked for in text only, never inside a tag: a marker cannot end up inside an attribute.
"""
from __future__ import annotations

import re
from collections import Counter

LABEL = r"[A-Za-z0-9][A-Za-z0-9_-]{0,29}"
MARKER = re.compile(rf"\[\^({LABEL})\]")
_MARKER_RUN = re.compile(rf"(?:\[\^{LABEL}\])+")
# Anything a curator may have meant as a marker, well formed or not ("[^ 1]", "[^]", "[^note 3]").
_MARKER_LIKE = re.compile(r"\[\^([^\]\[<>]{0,40})\]")
_LABEL_ONLY = re.compile(rf"{LABEL}")
# Sanitised HTML has no ">" inside attribute values (nh3 escapes it), so this splits tags from text.
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")


def note_id(number: int) -> str:
    """The id of a numbered note in the list of notes (what a reference links to)."""
    return f"note-{number}"


def reference_id(number: int, occurrence: int = 1) -> str:
    """The id of a reference to a note in the text; the first is what the note links back to."""
    return f"note-ref-{number}" if occurrence == 1 else f"note-ref-{number}-{occurrence}"


def normalise_label(typed: str) -> str:
    """A label as a curator may type it beside a note: "3", " [^3] " and "^3" all mean "3"."""
    label = typed.strip()
    if label.startswith("[") and label.endswith("]"):
        label = label[1:-1].strip()
    return label.removeprefix("^").strip()


def is_label(text: str) -> bool:
    return bool(_LABEL_ONLY.fullmatch(text))


def _pieces(html: str):
    """(piece, is_tag, inside_link) for each tag and each stretch of text between tags."""
    depth = 0
    for piece in _TAG.split(html):
        if piece.startswith("<"):
            tag = _TAG_NAME.match(piece)
            if tag and tag.group(2).lower() == "a":
                depth = max(0, depth - 1) if tag.group(1) else depth + 1
            yield piece, True, depth > 0
        elif piece:
            yield piece, False, depth > 0


def _text_runs(html: str):
    """(text, inside_link) for each stretch of text between tags."""
    for piece, is_tag, inside_link in _pieces(html):
        if not is_tag:
            yield piece, inside_link


def marker_labels(html: str) -> list[str]:
    """The labels of the markers in the text, each once, in the order of first appearance."""
    seen: dict[str, None] = {}
    for text, _ in _text_runs(html):
        for match in MARKER.finditer(text):
            seen.setdefault(match.group(1), None)
    return list(seen)


def number_notes(html: str) -> dict[str, int]:
    """label -> note number (1, 2, ...) by the order the markers first appear in the text."""
    return {label: number for number, label in enumerate(marker_labels(html), start=1)}


def check_notes(html: str, note_labels: list[str]) -> list[str]:
    """What is wrong between a text and its notes, as sentences a curator can act on; empty when
    every marker has exactly one note and every note is referred to."""
    problems = []
    for label, count in Counter(note_labels).items():
        if count > 1:
            problems.append(f"There are {count} notes labelled “{label}”; each label may be used by one note only.")
    for label in note_labels:
        if not is_label(label):
            problems.append(f"“{label}” is not a usable note label: use letters, digits, - or _ (at most 30), e.g. 1 or kim-speech.")
    in_text = marker_labels(html)
    for text, inside_link in _text_runs(html):
        for match in _MARKER_LIKE.finditer(text):
            if not MARKER.fullmatch(match.group(0)):
                problems.append(f"“{match.group(0)}” in the text is not a note marker: write [^label] with a label of letters, "
                                f"digits, - or _ (at most 30) and no spaces, e.g. [^1].")
            elif inside_link:
                problems.append(f"The marker {match.group(0)} is inside a link; put it after the link's text.")
    labelled = set(note_labels)
    for label in in_text:
        if label not in labelled:
            problems.append(f"The text refers to note [^{label}], but there is no note labelled “{label}”.")
    referred = set(in_text)
    for label in dict.fromkeys(note_labels):
        if is_label(label) and label not in referred:
            problems.append(f"The note labelled “{label}” is not referred to in the text: add [^{label}] where it belongs, or delete the note.")
    return problems


def link_markers(html: str, numbers: dict[str, int]) -> str:
    """The text with each marker of a numbered note replaced by a superscript reference linking
    to the note (inside a link's text, where a link cannot nest, the number alone). A marker with
    no number stays as written, so a broken reference shows instead of vanishing."""
    occurrences: Counter[str] = Counter()

    def replace(text: str, inside_link: bool) -> str:
        def reference(match: re.Match) -> str:
            label = match.group(1)
            number = numbers.get(label)
            if number is None:
                return match.group(0)
            occurrences[label] += 1
            inner = str(number) if inside_link else f'<a href="#{note_id(number)}" aria-label="Note {number}">{number}</a>'
            return f'<sup class="note-ref" id="{reference_id(number, occurrences[label])}">{inner}</sup>'

        def run(match: re.Match) -> str:
            # Two references side by side would read as one number ("10" and "7" as "107").
            return '<sup class="note-sep">,</sup>'.join(MARKER.sub(reference, one.group(0)) for one in MARKER.finditer(match.group(0)))

        return _MARKER_RUN.sub(run, text)

    return "".join(piece if is_tag else replace(piece, inside_link) for piece, is_tag, inside_link in _pieces(html))

"""Read the source note of a *Foreign Relations of the United States* document.

Every FRUS document carries a source note, printed as its first footnote::

    Source: National Archives, Nixon Presidential Materials, NSC Files, Box 540, Country Files,
    Far East, Korea, Vol. I, to 9–69. Confidential. Drafted by Leonard and approved in S on
    March 21. The meeting was held at the Department of State.

The editors always write it in the same order: the archival location of the copy printed, the
classification and handling caveats of that copy ("Secret; Sensitive." or "No classification
marking."), then remarks on the document's making and travel (drafted, cleared, approved,
repeated to, received, where a meeting was held, copies sent). A citation needs only the
location; :func:`parse_source_note` splits the three.

Where the location ends is the first sentence break that is not an abbreviation inside it
("Vol. I", "Nos. 1–42", "Feb. 22", "p.m.", "John F. Kennedy Library"), or, even after such an
abbreviation, a sentence that opens the way the editors' remarks open ("Vol. I. Secret.").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["SourceNote", "parse_source_note"]

_PREFIX = re.compile(r"^\s*Sources?\s*:\s*", re.IGNORECASE)

_CLASSIFICATIONS = (
    r"Top Secret|Secret|Confidential|Limited Official Use|Official Use Only|Unclassified|Restricted"
    r"|Personal and Confidential|Personal and Secret|Eyes Only"
)
# A classification sentence: the level and its handling caveats ("Secret; Immediate; Exdis.").
_CLASSIFICATION = re.compile(rf"^((?:{_CLASSIFICATIONS})\b(?:;[^.;]+)*)\.(?:\s|$)")

# How the sentences after the location open, in FRUS volumes from the 1940s to the 1980s.
_REMARK = re.compile(
    rf"^(?:{_CLASSIFICATIONS}|No classification|Not classified|No drafting|(?:Presumably |Apparently )?[Dd]rafted"
    r"|Cleared|Approved|Concurred|Repeated|(?:Also )?[Ss]ent|Received|Transmitted|Pouched|Passed"
    r"|Initialed|Signed|Typed|Printed|Prepared|Copies|A copy|Another copy|The source text"
    r"|Attached|Enclosure|According to|Handwritten|Nodis|Exdis|Limdis|Niact|Immediate|Priority"
    r"|Flash|Routine|Sensitive)\b"
)

# Words a period follows inside a location without ending it.
_ABBREVIATIONS = {
    "vol", "vols", "no", "nos", "p", "pp", "pt", "ser", "doc", "docs", "ch",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "jr", "sr", "dr", "mr", "mrs", "gen", "adm", "amb", "lt", "col", "capt", "st", "ft",
    "dept", "co", "inc", "ltd", "bros", "ca", "cf",
}

_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")

# A period, then space, then what may open a sentence: a capital, a quote or a parenthesis.
_BREAK = re.compile(r"\.\s+(?=[A-Z“\"‘'(\[])")


@dataclass(frozen=True)
class SourceNote:
    as_printed: str
    # Where the printed copy is held: "National Archives, Nixon Presidential Materials, NSC
    # Files, Box 540, Country Files, Far East, Korea, Vol. I, to 9–69" (no final period).
    location: str
    # "Secret; Sensitive"; empty for "No classification marking." or a note that gives none.
    classification: str
    # Everything after the location and the classification, as printed.
    remarks: str


def _ends_with_abbreviation(text: str) -> bool:
    word = text.rsplit(None, 1)[-1] if text.strip() else ""
    word = word.lstrip("(“\"‘'[")
    return (
        word.casefold() in _ABBREVIATIONS
        or _DOTTED.match(word) is not None           # "U.S", "p.m", "D.C"
        or (len(word) == 1 and word.isalpha())       # an initial, or a one-letter volume
    )


def _location_end(text: str) -> int:
    """Index where the location's closing period stands, or -1 if the whole text is location."""
    for match in _BREAK.finditer(text):
        before, after = text[: match.start()], text[match.end():]
        if _REMARK.match(after) or not _ends_with_abbreviation(before):
            return match.start()
    return -1


def parse_source_note(text: str | None) -> SourceNote | None:
    """The parts of a FRUS source note; None for text that is not one (it opens "Source:")."""
    if not text or not _PREFIX.match(text):
        return None
    body = " ".join(_PREFIX.sub("", text, count=1).split())
    end = _location_end(body)
    if end < 0:
        location, rest = body.rstrip(" ;,"), ""
    else:
        location, rest = body[: end + 1], body[end + 1:].strip()
    # The sentence's period goes; an abbreviation's stays ("… 2 p.m.–6 p.m.").
    if location.endswith(".") and not _DOTTED.match((location[:-1].split() or [""])[-1]):
        location = location[:-1].rstrip(" ;,")
    classification = ""
    found = _CLASSIFICATION.match(rest)
    if found:
        classification = found.group(1)
        rest = rest[found.end():].strip()
    return SourceNote(as_printed=text, location=location, classification=classification, remarks=rest)

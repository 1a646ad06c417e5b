"""Speakers: the name or noun phrase that a reporting frame gives as the one speaking.

A title or an apposition is kept to the name ("Pak Kum-chol, the head of the department, said"
gives "Pak Kum-chol"); a pronoun is kept as written ("he"); a sentence-opening adverb or date is
not part of a name ("On 5 May Deputy Minister Ri said" gives "Deputy Minister Ri").
"""
from __future__ import annotations

import re

# Every upper-case letter of the Basic Multilingual Plane, so names in Cyrillic or with
# diacritics (Ч, Ő, Ł, Ş) count as capitalised; Python's re has no \p{Lu}.
UPPER = "[" + "".join(re.escape(chr(c)) for c in range(0x10000) if chr(c).isupper() and chr(c).isalpha()) + "]"
_WORD_CHAR = r"[\w'’\-]"

_TITLES = {
    "comrade", "ambassador", "minister", "deputy", "premier", "chairman", "secretary", "counsellor", "counselor",
    "attaché", "attache", "head", "director", "vice-minister", "vice-premier", "general", "marshal", "consul",
    "товарищ", "посол", "elvtárs", "nagykövet", "genosse", "towarzysz", "ambasador", "soudruh", "velvyslanec",
    "tovarășul", "tovarasul", "ambasadorul", "другарят", "посланик", "другар",
}
# Capitalised words that open a sentence without being (part of) a name.
NOT_NAMES = {
    "then", "later", "on", "in", "at", "during", "after", "before", "also", "however", "moreover", "furthermore",
    "finally", "first", "next", "afterwards", "subsequently", "today", "yesterday", "when", "while", "as", "but",
    "and", "so", "thus", "therefore", "meanwhile", "here", "there", "this", "that", "since", "because", "although",
    "though", "if", "once", "now", "further", "again", "nevertheless", "still", "yet", "besides", "instead",
    # the same openers in the other languages with cues (not Czech "pak", which is also a Korean surname)
    "dann", "danach", "später", "darauf", "затем", "потом", "тогда", "далее", "после", "majd", "azután", "ezután",
    "később", "potem", "następnie", "później", "poté", "později", "apoi", "după", "след", "тогава",
    # dates open sentences too: "On 5 May Deputy Minister Ri said …"
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}
_PRONOUNS = {"i", "we", "he", "she", "they"}
# Heads of noun phrases that can speak: people, groups, institutions and publications.
_SPEAKING_HEADS = (
    r"comrades?|friends?|side|officials?|ambassadors?|counsell?ors?|ministers?|minister|leadership|leaders?|"
    r"interlocutors?|representatives?|sources?|press|newspapers?|radio|delegation|delegates?|embassy|government|"
    r"party|department|ministry|Koreans|Chinese|people|colleagues?|diplomats?|informants?|functionar(?:y|ies)|"
    r"cadres?|chairman|secretary|head|deputy|director|speaker|authorities|report|article|communiqu[eé]|statement|"
    r"spokesman|correspondent|attach[eé]|consul|officers?|general|premier|host|hosts|guest|guests|chargé(?:\s+d['’]affaires)?"
)
_NAME_TOKEN = rf"(?:{UPPER}\.(?=\s+{UPPER})|{UPPER}{_WORD_CHAR}*)"  # "Kim", "Kum-chol", or an initial "A."
NAME_RE = rf"(?:(?:[Cc]omrade|[Aa]mbassador)\s+)?{_NAME_TOKEN}(?:\s+(?:(?:of|for|the)\s+)*{_NAME_TOKEN})*"
# A determiner, up to four words ("Chinese", "head of the", never a second determiner: "at the plenum
# the chairman" is not one phrase), and a head that can speak.
_GROUP_FILLER = r"(?:of\s+the\s+|of\s+|(?!(?:the|a|an|at|in|on|to|with|by|from|and|but|that|this)\b)[\w'’\-]+\s+)"
GROUP_RE = rf"(?:[Tt]he|[Oo]ur|[Tt]heir|[Tt]hese|[Tt]hose|[Tt]his|[Tt]hat|[Hh]is|[Hh]er|[Mm]y)\s+{_GROUP_FILLER}{{0,4}}(?i:{_SPEAKING_HEADS})\b"
PRONOUN_RE = r"(?:I|[Ww]e|[Hh]e|[Ss]he|[Tt]hey)"
SPEAKER_RE = rf"(?:{GROUP_RE}|{PRONOUN_RE}|{NAME_RE})"

ADVERBS = r"(?:(?:also|further|then|later|again|once\s+again|subsequently|furthermore|moreover|in\s+turn|finally|first|frankly|openly|confidentially|repeatedly|emphatically|immediately|categorically)\s+)"

_DETERMINERS = {"the", "our", "their", "these", "those", "this", "that", "his", "her", "my", "a", "an"}


def clean_speaker(phrase: str) -> str | None:
    """The speaker as the text names it, without a sentence-opening adverb, and with a
    sentence-initial capital taken off a determiner or pronoun ("The Chinese counsellor" →
    "the Chinese counsellor", "He" → "he"), so the same speaker reads the same everywhere."""
    words = phrase.strip(" ,;:").split()
    while words and words[0].lower() in NOT_NAMES and len(words) > 1:
        words.pop(0)
    if not words:
        return None
    if len(words) == 1 and words[0].lower() in NOT_NAMES:
        return None
    if words[0].lower() in _DETERMINERS or (len(words) == 1 and words[0].lower() in _PRONOUNS - {"i"}):
        words[0] = words[0].lower()
    return " ".join(words)


_SPEAKER_AT_END = re.compile(rf"(?P<speaker>{SPEAKER_RE})\s*,?\s*{ADVERBS}*$")
_TITLE_ALTERNATIVES = "|".join(re.escape(title) for title in sorted(_TITLES))
_TITLED_NAME_AT_END = re.compile(
    rf"(?P<speaker>(?:(?:{UPPER}{_WORD_CHAR}*|{_TITLE_ALTERNATIVES})\s+){{0,4}}(?:{UPPER}{_WORD_CHAR}*|{_TITLE_ALTERNATIVES}))\s*,?\s*$"
)


# How far before a reporting verb its speaker may begin; also keeps run-on OCR "sentences" cheap.
SPEAKER_REACH = 160


def speaker_and_start(text: str, floor: int, position: int) -> tuple[str, int] | None:
    """The speaker named just before a reporting verb at `position`, and where the name starts
    ("Pak Kum-chol, head of the department, said …" → "Pak Kum-chol"); None when nothing there
    looks like a speaker."""
    floor = max(floor, position - SPEAKER_REACH)
    segment = text[floor:position]
    without_apposition = re.sub(r",[^,]{1,80},\s*$", "", segment)
    # "Pak Kum-chol, the head of the department, said": the name, not the apposition, is the speaker.
    for candidate in ((without_apposition, segment) if without_apposition != segment else (segment,)):
        match = _SPEAKER_AT_END.search(candidate) or _TITLED_NAME_AT_END.search(candidate)
        if match:
            speaker = clean_speaker(match.group("speaker"))
            if speaker and speaker.lower() not in NOT_NAMES:
                return speaker, floor + match.start("speaker")
    return None


def speaker_after(text: str, position: int, limit: int) -> str | None:
    match = re.match(rf"\s*(?P<speaker>{NAME_RE}|{GROUP_RE})", text[position:limit])
    return clean_speaker(match.group("speaker")) if match else None


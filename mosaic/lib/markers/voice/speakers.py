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
    # requests and exclamations: "Please note that …" has no speaker
    "please", "kindly",
}
_PRONOUNS = {"i", "we", "he", "she", "they"}
# Heads of noun phrases that can speak: people, groups, institutions and publications.
_SPEAKING_HEADS = (
    r"comrades?|friends?|side|officials?|ambassadors?|counsell?ors?|ministers?|minister|leadership|leaders?|"
    r"interlocutors?|representatives?|sources?|press|newspapers?|radio|delegation|delegates?|embassy|government|"
    r"party|department|ministry|Koreans|Chinese|people|colleagues?|diplomats?|informants?|functionar(?:y|ies)|"
    r"cadres?|chairman|secretary|head|deputy|director|speaker|authorities|report|article|communiqu[eé]|statement|"
    r"spokesman|correspondent|attach[eé]|consul|officers?|general|premier|host|hosts|guest|guests|chargé(?:\s+d['’]affaires)?|"
    r"committee|commission|council|command|bureau|agency|members?|experts?|specialists?|engineers?|workers?|"
    r"observers?|journalists?|speakers?|participants?|students?|veterans?|circles|staff|envoys?|advisers?|advisors?"
)
_NAME_TOKEN = rf"(?:{UPPER}\.(?=\s+{UPPER})|{UPPER}{_WORD_CHAR}*)"  # "Kim", "Kum-chol", or an initial "A."
NAME_RE = rf"(?:(?:[Cc]omrade|[Aa]mbassador)\s+)?{_NAME_TOKEN}(?:\s+(?:(?:of|for|the)\s+)*{_NAME_TOKEN})*"
# A determiner, up to four words ("Chinese", "head of the", never a second determiner: "at the plenum
# the chairman" is not one phrase), and a head that can speak.
# "The Czechoslovak and Polish members": two adjectives of nationality joined by "and" are one filler.
_GROUP_FILLER = (rf"(?:of\s+the\s+|of\s+|{UPPER}[\w'’\-]*\s+and\s+(?={UPPER})|"
                 r"(?!(?:the|a|an|at|in|on|to|with|by|from|and|but|that|this)\b)[\w'’\-]+\s+)")
# Quantifiers open groups too: "some speakers", "several of our specialists", "one Korean official".
_DETERMINER_RE = (r"(?:[Tt]he|[Oo]ur|[Tt]heir|[Tt]hese|[Tt]hose|[Tt]his|[Tt]hat|[Hh]is|[Hh]er|[Mm]y|[Ss]ome|[Mm]any|[Ss]everal|"
                  r"[Mm]ost|[Bb]oth|[Oo]ne|[Tt]wo|[Tt]hree|[Cc]ertain|[Vv]arious|[Oo]ther|[Aa]n?)")
# "The ambassador of Romania", "the head of the Fifth Department": a named tail after the head.
_NAMED_TAIL = r"(?:\s+of\s+(?:the\s+)?(?:{upper}[\w'’\-]*\s+){{0,3}}{upper}[\w'’\-]*)?"
GROUP_RE = rf"{_DETERMINER_RE}\s+{_GROUP_FILLER}{{0,4}}(?i:{_SPEAKING_HEADS})\b" + _NAMED_TAIL.format(upper=UPPER)
PRONOUN_RE = r"(?:I|[Ww]e|[Hh]e|[Ss]he|[Tt]hey)"
SPEAKER_RE = rf"(?:{GROUP_RE}|{PRONOUN_RE}|{NAME_RE})"

ADVERBS = (r"(?:(?:also|further|then|later|again|once\s+again|subsequently|furthermore|moreover|in\s+turn|finally|first|frankly|"
           r"openly|confidentially|repeatedly|emphatically|immediately|categorically|now|still|often|sometimes|usually|"
           r"always|never|even|already|publicly|privately|firmly|bluntly|calmly|sharply)\s+)")

_DETERMINERS = {"the", "our", "their", "these", "those", "this", "that", "his", "her", "my", "a", "an", "some", "many",
                "several", "most", "both", "one", "two", "three", "certain", "various", "other"}


# The author's institution commenting: "The embassy considers that …" is narration. The author's
# own reported words ("I told him that …") stay reported speech with the speaker "I".
_AUTHOR_SPEAKERS = {"the embassy", "our embassy", "this embassy", "the undersigned", "the author"}


_FIRST_PERSON = {"i", "we"}
_PAST_WITHOUT_ED = {"said", "told", "thought", "felt", "wrote", "knew", "heard", "held", "put", "was", "were"}


def is_author(speaker: str | None, verb: str = "") -> bool:
    """Whether a frame is the author's own comment, not reported speech: the author's institution
    ("The embassy considers …"), or the author's present opinion ("I consider this doubtful", "we
    believe that …"), whereas "I told him that …" reports what the author said then."""
    if not speaker:
        return False
    if speaker.lower() in _AUTHOR_SPEAKERS:
        return True
    first_word = verb.split()[0].lower() if verb.split() else ""
    return speaker.lower() in _FIRST_PERSON and bool(first_word) and not (
        first_word.endswith("ed") or first_word in _PAST_WITHOUT_ED)


def is_first_person(speaker: str | None) -> bool:
    return bool(speaker) and speaker.lower() in _FIRST_PERSON


# Who a record of conversation gives turns to: people and the sides at the table, not the parties
# they talk about ("The Japanese spoke of …", "The Western press speaks of …" inside a turn).
_NOT_PARTICIPANTS = re.compile(
    r"(?:press|newspapers?|radio|government|authorities|people|peoples|Koreans|Chinese|Japanese|Americans|Russians|"
    r"Soviets|imperialists|parties|countries|circles|reports?|articles?|communiqu[eé]s?|statements?|sources?|"
    r"observers|journalists|speakers|population|masses|capitalists|puppets|clique|agency|rumou?rs?)$",
    re.I,
)


def is_participant(speaker: str) -> bool:
    return not _NOT_PARTICIPANTS.search(speaker.strip())


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
# How far back the subject of a coordinated verb may stand: "Kim Il Sung received the ambassadors
# of the socialist countries and said …".
_COORDINATION_REACH = 320

# Auxiliaries between a speaker and the verb ("has rejected", "have told us", "would not say").
# Not the forms of "be": "was told" makes the subject the hearer, and has rules of its own.
_AUXILIARY_AT_END = re.compile(
    r"\s+(?:has|have|had|will|would|shall|should|may|might|can|could|did|does|do|must)"
    r"(?:\s+(?:not|also|never|already|again|often|always|now|just|since|then|recently|once))*\s*$"
)
# "Some Koreans who studied in Prague have told us": the relative clause is not the speaker.
_RELATIVE_CLAUSE_AT_END = re.compile(r",?\s+(?:who|whom)\s+[^,;:.]{1,80}?,?\s*$")
_COORDINATED = re.compile(r"\s(?:and|but)\s*$")
_SUBJECT_OPENER = re.compile(
    r"\s*(?:(?:On|In|At|During|After|Before|Today|Yesterday|Then|Later|Afterwards|Subsequently)\b[^,]{0,40}?,?\s+)?"
    rf"(?P<speaker>{SPEAKER_RE})\s+(?:{ADVERBS})*[a-z]"
)


def _speaker_at_end(segment: str) -> tuple[str, int] | None:
    without_apposition = re.sub(r",[^,]{1,80},\s*$", "", segment)
    # "Pak Kum-chol, the head of the department, said": the name, not the apposition, is the speaker.
    for candidate in ((without_apposition, segment) if without_apposition != segment else (segment,)):
        match = _SPEAKER_AT_END.search(candidate) or _TITLED_NAME_AT_END.search(candidate)
        if match:
            speaker = clean_speaker(match.group("speaker"))
            if speaker and speaker.lower() not in NOT_NAMES:
                return speaker, match.start("speaker")
    return None


def _subject_of_sentence(text: str, sentence_start: int, position: int) -> tuple[str, int] | None:
    """The speaker that opens the sentence (after a date or an adverb), for a verb coordinated
    with an earlier one: "Today the ministry invited the heads of mission and informed them …"."""
    match = _SUBJECT_OPENER.match(text, sentence_start, position)
    speaker = clean_speaker(match.group("speaker")) if match else None
    if speaker and speaker.lower() not in NOT_NAMES:
        return speaker, match.start("speaker")
    return None


def speaker_and_start(text: str, floor: int, position: int) -> tuple[str, int] | None:
    """The speaker named just before a reporting verb at `position`, and where the name starts
    ("Pak Kum-chol, head of the department, said …" → "Pak Kum-chol"); None when nothing there
    looks like a speaker. `floor` is where the sentence begins."""
    reach_floor = max(floor, position - SPEAKER_REACH)
    segment = text[reach_floor:position]
    auxiliary = _AUXILIARY_AT_END.search(segment)
    if auxiliary:
        segment = segment[:auxiliary.start()] + " "
    relative = _RELATIVE_CLAUSE_AT_END.search(segment)
    if relative and relative.start() > 0:
        segment = segment[:relative.start()] + " "
    found = _speaker_at_end(segment)
    if found:
        return found[0], reach_floor + found[1]
    if _COORDINATED.search(segment) and position - floor <= _COORDINATION_REACH:
        return _subject_of_sentence(text, floor, position)
    return None


def speaker_after(text: str, position: int, limit: int) -> str | None:
    match = re.match(rf"\s*(?P<speaker>{NAME_RE}|{GROUP_RE})", text[position:limit])
    return clean_speaker(match.group("speaker")) if match else None


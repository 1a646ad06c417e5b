"""Whose words a passage is: the author's narration, reported speech (with the speaker when the
text names one) or a direct quotation.

A memorandum of conversation is mostly other people's words, so a marker found in it must say
whose words it sits in: "feudal" or "must" in a North Korean official's reported speech is not
the diplomat's own wording. These are rules, not a parser:

* a **direct quotation** is whatever stands inside quotation marks of any kind ("…", “…”, «…»,
  „…“, „…”, »…«); a quotation left open runs to the end of its paragraph, as a quotation over
  several paragraphs reopens each one;
* **reported speech** follows a reporting frame: a speaker and a reporting verb with its
  complement ("Pak Kum-chol said that …", "the Korean comrades stated …", "I told him that …"),
  an attribution ("according to …", "in the opinion of …", "as X put it"), a trailing frame
  ("…, Pak said."), a hedge with no named source ("reportedly", "it is said that", "we were
  told that") or a minutes-style line ("Kim Il Sung: …");
* everything else is the author's narration.

A verb frame covers the rest of its sentence, except where the author visibly takes the word
back (", but in reality …", "; we, however, …"); an attribution covers its whole clause. What the
rules cannot see: speech reported without any frame (the genre's habit of "He further …"
paragraphs), irony, and frames split over sentences.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

AUTHOR = "author"
REPORTED = "reported_speech"
QUOTATION = "quotation"
VOICES = {AUTHOR: "author's narration", REPORTED: "reported speech", QUOTATION: "direct quotation"}

# Every upper-case letter of the Basic Multilingual Plane, so names in Cyrillic or with
# diacritics (Ч, Ő, Ł, Ş) count as capitalised; Python's re has no \p{Lu}.
_UPPER = "[" + "".join(re.escape(chr(c)) for c in range(0x10000) if chr(c).isupper() and chr(c).isalpha()) + "]"
_WORD_CHAR = r"[\w'’\-]"

# Opening mark → the marks that close it. „ is closed by “ in German, Czech and Bulgarian and by ”
# in Polish, Hungarian and Romanian; » opens German and Hungarian (inner) quotations.
QUOTE_CLOSERS = {"“": "”“", "„": "“”", "«": "»", "»": "«", '"': '"', "‹": "›"}


@dataclass(frozen=True)
class Voice:
    voice: str
    speaker: str | None = None
    cue: str | None = None  # the words that decided it, for explanations and tests

    @property
    def label(self) -> str:
        return VOICES[self.voice]


@dataclass(frozen=True)
class VoiceSpan:
    start: int
    end: int
    voice: Voice


@dataclass
class VoiceMap:
    """The voice at every position of one text."""

    text: str
    sentences: list[tuple[int, int]]
    quotations: list[VoiceSpan] = field(default_factory=list)
    reported: list[VoiceSpan] = field(default_factory=list)

    def voice_at(self, position: int) -> Voice:
        for span in self.quotations:
            if span.start <= position < span.end:
                return span.voice
        # The innermost frame speaks ("Pak said that Kim told him that …" → Kim); of frames over the
        # same stretch, one that names its source beats an anonymous hedge.
        covering = [span for span in self.reported if span.start <= position < span.end]
        if not covering:
            return Voice(AUTHOR)
        return max(covering, key=lambda span: (span.start, span.voice.speaker is not None)).voice

    def sentence_at(self, position: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.sentences, (position, len(self.text) + 1)) - 1
        if index >= 0 and self.sentences[index][0] <= position < self.sentences[index][1]:
            return self.sentences[index]
        return 0, len(self.text)


# --- paragraphs, sentences, clauses --------------------------------------------------------

def paragraphs(text: str) -> list[tuple[int, int]]:
    """Blank-line separated blocks; a text without blank lines is taken a line at a time."""
    separator = re.compile(r"\n[ \t]*\n\s*") if re.search(r"\n[ \t]*\n", text) else re.compile(r"\n\s*")
    found, start = [], 0
    for match in separator.finditer(text):
        if match.start() > start:
            found.append((start, match.start()))
        start = match.end()
    if start < len(text):
        found.append((start, len(text)))
    return found


# Words a full stop follows without ending the sentence. Single letters (initials such as
# "A. I. Puzanov") are handled separately.
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "ff", "cf", "e.g", "i.e", "viz", "vs",
    "tov", "com", "gen", "lt", "col", "maj", "capt", "amb", "approx", "ca", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.s.s.r", "fig", "prof", "gov", "rep", "sen",
    "jr", "sr", "incl", "resp", "dept", "doc", "ed", "eds", "trans",
    # ru, de, hu, pl, cs, ro, bg
    "тов", "гг", "им", "ул", "т", "г", "bzw", "usw", "vgl", "z.b", "ld", "pl", "np",
    "tzn", "tj", "elvt", "tow", "s.a", "др",
}
# Abbreviations that stand before a number ("No. 5", "p. 12", "l. 34"): only then not a sentence end.
NUMERIC_ABBREVIATIONS = {"no", "nos", "nr", "pp", "ll", "vol", "art", "para", "fol", "fols", "op", "d", "f", "l", "p", "лл", "л", "д", "оп", "ф", "str", "s", "sz"}
_SPACES = re.compile(r"\s*")
_SENTENCE_END = re.compile(r"[.!?…]+[”“\"»«’)\]]*")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end), never crossing a paragraph break."""
    found = []
    for para_start, para_end in paragraphs(text):
        start = para_start
        for match in _SENTENCE_END.finditer(text, para_start, para_end):
            end = match.end()
            if end < para_end and not text[end].isspace():
                continue  # "U.S.S.R." or "3.5": not followed by a space
            # Look only at what follows (never copy the rest of the paragraph: long texts).
            rest_at = _SPACES.match(text, end, para_end).end()
            next_char = text[rest_at] if rest_at < para_end else ""
            if next_char and not (next_char.isupper() or next_char.isdigit() or next_char in "“\"«„»‘(["):
                continue
            if match.group().startswith(".") and _is_abbreviation(text, para_start, match.start(), next_char):
                continue
            if end > start:
                found.append((start, end))
            start = rest_at
        if start < para_end:
            found.append((start, para_end))
    return found


def _is_abbreviation(text: str, floor: int, dot: int, next_char: str) -> bool:
    # The word before the dot; a short look-back keeps this linear on long paragraphs.
    word = re.search(r"([\w.\-]+)$", text[max(floor, dot - 40):dot])
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    if token in NUMERIC_ABBREVIATIONS:
        return next_char.isdigit()
    if len(token) == 1 and token.isalpha():
        return True  # an initial: "A. I. Puzanov"
    return token in ABBREVIATIONS


def clauses(text: str, start: int, end: int, quotations: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """A sentence cut at semicolons that stand outside quotations."""
    found, clause_start = [], start
    for position in range(start, end):
        if text[position] == ";" and not any(q0 <= position < q1 for q0, q1 in quotations):
            found.append((clause_start, position + 1))
            clause_start = position + 1
    if clause_start < end:
        found.append((clause_start, end))
    return found


# --- quotations ---------------------------------------------------------------------------

def quotation_spans(text: str) -> list[tuple[int, int]]:
    """Outermost quotations, marks included."""
    spans = []
    for para_start, para_end in paragraphs(text):
        stack: list[tuple[str, int]] = []
        for position in range(para_start, para_end):
            char = text[position]
            if stack and char in QUOTE_CLOSERS[stack[-1][0]]:
                _, opened = stack.pop()
                if not stack:
                    spans.append((opened, position + 1))
            elif char in QUOTE_CLOSERS:
                if char == '"' and position > para_start and text[position - 1].isdigit():
                    continue  # inches or seconds, not a quotation mark
                stack.append((char, position))
        if stack:
            spans.append((stack[0][1], para_end))
    return spans


# --- language rules for frames --------------------------------------------------------------

_TITLES = {
    "comrade", "ambassador", "minister", "deputy", "premier", "chairman", "secretary", "counsellor", "counselor",
    "attaché", "attache", "head", "director", "vice-minister", "vice-premier", "general", "marshal", "consul",
    "товарищ", "посол", "elvtárs", "nagykövet", "genosse", "towarzysz", "ambasador", "soudruh", "velvyslanec",
    "tovarășul", "tovarasul", "ambasadorul", "другарят", "посланик", "другар",
}
# Capitalised words that open a sentence without being (part of) a name.
_NOT_NAMES = {
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
_NAME_TOKEN = rf"(?:{_UPPER}\.(?=\s+{_UPPER})|{_UPPER}{_WORD_CHAR}*)"  # "Kim", "Kum-chol", or an initial "A."
_NAME_RE = rf"(?:(?:[Cc]omrade|[Aa]mbassador)\s+)?{_NAME_TOKEN}(?:\s+(?:(?:of|for|the)\s+)*{_NAME_TOKEN})*"
# A determiner, up to four words ("Chinese", "head of the", never a second determiner: "at the plenum
# the chairman" is not one phrase), and a head that can speak.
_GROUP_FILLER = r"(?:of\s+the\s+|of\s+|(?!(?:the|a|an|at|in|on|to|with|by|from|and|but|that|this)\b)[\w'’\-]+\s+)"
_GROUP_RE = rf"(?:[Tt]he|[Oo]ur|[Tt]heir|[Tt]hese|[Tt]hose|[Tt]his|[Tt]hat|[Hh]is|[Hh]er|[Mm]y)\s+{_GROUP_FILLER}{{0,4}}(?i:{_SPEAKING_HEADS})\b"
_PRONOUN_RE = r"(?:I|[Ww]e|[Hh]e|[Ss]he|[Tt]hey)"
SPEAKER_RE = rf"(?:{_GROUP_RE}|{_PRONOUN_RE}|{_NAME_RE})"

_ADVERBS = r"(?:(?:also|further|then|later|again|once\s+again|subsequently|furthermore|moreover|in\s+turn|finally|first|frankly|openly|confidentially|repeatedly|emphatically|immediately|categorically)\s+)"

# Reporting verbs; the first group may take a person as object ("told me that").
_VERBS_WITH_OBJECT = r"told|tells|informed|informs|reminded|reminds|assured|assures|advised|warned|asked|promised|notified"
_VERBS = (
    r"said|says|stated|states|noted|notes|declared|declares|remarked|remarks|stressed|stresses|emphasi[sz]ed|"
    r"emphasi[sz]es|underlined|underscored|pointed\s+out|points\s+out|explained|explains|added|adds|replied|"
    r"answered|responded|claimed|claims|asserted|asserts|maintained|maintains|insisted|insists|argued|argues|"
    r"admitted|acknowledged|complained|complains|reported|reports|mentioned|indicated|observed|announced|"
    r"confirmed|denied|recalled|hinted|suggested|proposed|requested|thinks|thought|believes|believed|considers|"
    r"considered|feels|felt|expressed\s+(?:the|his|her|their|our|my)\s+(?:opinion|view|hope|conviction|belief|wish|"
    r"regret|concern|fear)|(?:was|is|were|are)\s+of\s+the\s+(?:opinion|view)|" + _VERBS_WITH_OBJECT
)
_ZERO_THAT_VERBS = {"said", "says", "told", "tells", "thought", "thinks", "believed", "believes", "felt", "feels", "claimed", "claims", "added"}
_ZERO_THAT_STARTERS = re.compile(
    r"\s+(?=(?:the|a|an|it|there|they|he|she|we|I|this|these|those|his|her|their|our|its|all|no|some|Korea|Korean)\b)"
)
_OBJECT = re.compile(
    rf"\s+(?:me|us|him|her|them|the\s+(?:undersigned|ambassador|embassy|author|delegation|chargé|counsell?or|minister|Soviet\s+\w+)|{_NAME_RE})"
)
_TO_OBJECT = re.compile(r"\s+to\s+(?:me|us|him|her|them|the\s+[\w'’\-]+(?:\s+[\w'’\-]+)?)")
# Things one acts "according to" without anyone speaking: a plan, a treaty, a rule.
CONFORMITY_NOUNS = (
    r"plans?|schedule|timetable|programme|program|agreements?|treaty|treaties|protocols?|laws?|constitution|"
    r"statutes?|rules?|regulations?|articles?|paragraphs?|clauses?|customs?|tradition|instructions?|orders?|"
    r"decisions?|resolutions?|directives?|procedures?|principles?|norms?|standards?|contracts?|provisions?|"
    r"terms|arrangements?|requirements?|needs|ability|abilities|merit|quota"
)
CONFORMITY = re.compile(rf"\s*(?:the|this|that|a|an|our|their|its|his|her)?\s*(?:[\w'’\-]+\s+){{0,2}}?(?:{CONFORMITY_NOUNS})\b", re.I)

# Author intrusions that end the reported scope: ", but in reality …", "; we, however, …".
_AUTHOR_TAKES_BACK = re.compile(
    r"(?:[,;]|\s[-–—])\s*(?:(?:but|however|whereas|while|although|though|yet)\s*,?\s*)?"
    r"(?=(?:I|we|in\s+(?:my|our)\s+(?:opinion|view)|in\s+reality|in\s+(?:actual\s+)?fact|actually|as\s+a\s+matter\s+of\s+fact|our\s+(?:embassy|view|impression|information))\b)",
)


@dataclass(frozen=True)
class LanguageFrames:
    """Reporting frames of one language other than English (cues only; marked experimental)."""

    verbs: str  # reporting verbs
    complement: str  # what introduces the reported content after the verb
    attributions: tuple[str, ...] = ()  # patterns with a (?P<src>…) group where the source is named
    hedges: str = ""  # unattributed hearsay


OTHER_LANGUAGES = {
    "ru": LanguageFrames(
        verbs=r"сказал[аи]?|заявил[аи]?|отметил[аи]?|сообщил[аи]?|подчеркнул[аи]?|указал[аи]?|заметил[аи]?|ответил[аи]?|"
              r"добавил[аи]?|считает|считают|считал[аи]?|говорит|говорят|говорил[аи]?|рассказал[аи]?|информировал[аи]?|"
              r"пояснил[аи]?|объяснил[аи]?|признал[аи]?|утверждал[аи]?|высказал[аи]?\s+мнение",
        complement=r"(?:\s+\S+){0,3}?\s*,?\s*(?:что|чтобы)\b|\s*:",
        attributions=(r"(?i:\bпо\s+(?:словам|мнению|сообщени(?:ю|ям)|данным|утверждению))\s+(?P<src>[^,.;:]{1,60})",
                      r"(?i:\bкак\s+(?:сказал|заявил|отметил|сообщил)[аи]?)\s+(?P<src>[^,.;:]{1,60})"),
        hedges=r"\bякобы\b|\bбудто\s+бы\b|\bпо\s+слухам\b|\bговорят,\s+что\b",
    ),
    "de": LanguageFrames(
        verbs=r"sagte[n]?|erklärte[n]?|betonte[n]?|teilte[n]?(?:\s+\w+){0,2}\s+mit|bemerkte[n]?|stellte[n]?\s+fest|"
              r"meinte[n]?|äußerte[n]?|unterstrich(?:en)?|berichtete[n]?|informierte[n]?|behauptete[n]?|versicherte[n]?",
        complement=r"(?:\s+\S+){0,3}?\s*,?\s*(?:dass|daß)\b|\s*:",
        attributions=(r"(?i:\b(?:laut|nach\s+(?:Angaben|Aussagen?|Meinung|Ansicht)\s+(?:von|des|der)))\s+(?P<src>[^,.;:]{1,60})",
                      r"(?i:\bwie)\s+(?P<src>[^,.;:]{1,40}?)\s+(?:sagte|erklärte|betonte|mitteilte)\b"),
        hedges=r"\bangeblich\b|\bGerüchten\s+zufolge\b|\bes\s+heißt,?\s+(?:dass|daß)\b",
    ),
    "hu": LanguageFrames(
        verbs=r"mondta|elmondta|közölte|kijelentette|hangsúlyozta|megjegyezte|kifejtette|tájékoztatott|tájékoztatta|"
              r"állította|hozzátette|válaszolta|jelezte|kiemelte|elmondotta|közölték|mondták",
        complement=r"(?:\s+\S+){0,3}?\s*,?\s*hogy\b|\s*:",
        attributions=(rf"(?P<src>(?:{_UPPER}[\w\-]*\s+){{1,4}}(?:elvtárs\s+)?)(?:közlése\s+|véleménye\s+|állítása\s+|tájékoztatása\s+)?szerint\b",),
        hedges=r"\bállítólag\b|\bhírek\s+szerint\b|\bszóbeszéd\b",
    ),
    "pl": LanguageFrames(
        verbs=r"powiedział[aoy]?|powiedzieli|oświadczył[aoy]?|oświadczyli|stwierdził[aoy]?|stwierdzili|podkreślił[aoy]?|"
              r"zaznaczył[aoy]?|poinformował[aoy]?|poinformowali|oznajmił[aoy]?|dodał[aoy]?|wyjaśnił[aoy]?|twierdził[aoy]?",
        complement=r"(?:\s+\S+){0,3}?\s*,?\s*(?:że|iż)\b|\s*:",
        attributions=(r"(?i:\b(?:według|zdaniem|wg))\s+(?P<src>[^,.;:]{1,60})",),
        hedges=r"\brzekomo\b|\bpodobno\b|\bjakoby\b",
    ),
    "cs": LanguageFrames(
        verbs=r"řekl[aiy]?|uvedl[aiy]?|prohlásil[aiy]?|zdůraznil[aiy]?|sdělil[aiy]?|poznamenal[aiy]?|informoval[aiy]?|"
              r"dodal[aiy]?|vysvětlil[aiy]?|tvrdil[aiy]?|konstatoval[aiy]?",
        complement=r"(?:\s+\S+){0,3}?\s*,?\s*(?:že|aby)\b|\s*:",
        attributions=(r"(?i:\bpodle)\s+(?P<src>[^,.;:]{1,60})",),
        hedges=r"\bprý\b|\búdajně\b|\bjakoby\b",
    ),
    "ro": LanguageFrames(
        verbs=r"(?:a|au)\s+(?:spus|declarat|afirmat|subliniat|arătat|menționat|mentionat|informat|precizat|adăugat|explicat|relatat)",
        complement=r"(?:\s+\S+){0,3}?\s*,?\s*(?:că|ca)\b|\s*:",
        attributions=(r"(?i:\b(?:potrivit|conform|după\s+spusele))\s+(?:lui\s+)?(?P<src>[^,.;:]{1,60})",),
        hedges=r"\bchipurile\b|\bpretins\b|\bse\s+zvonește\b|\bse\s+spune\s+că\b",
    ),
    "bg": LanguageFrames(
        verbs=r"каза|заяви|съобщи|подчерта|отбеляза|посочи|информира|добави|обясни|твърдеше|сподели",
        complement=r"(?:\s+\S+){0,3}?\s*,?\s*(?:че|да)\b|\s*:",
        attributions=(r"(?i:\b(?:според|по\s+думите\s+на))\s+(?P<src>[^,.;:]{1,60})",),
        hedges=r"\bуж\b|\bмълвата\b|\bсе\s+говори,?\s+че\b",
    ),
}


# --- speakers ---------------------------------------------------------------------------------

_DETERMINERS = {"the", "our", "their", "these", "those", "this", "that", "his", "her", "my", "a", "an"}


def _clean_speaker(phrase: str) -> str | None:
    """The speaker as the text names it, without a sentence-opening adverb, and with a
    sentence-initial capital taken off a determiner or pronoun ("The Chinese counsellor" →
    "the Chinese counsellor", "He" → "he"), so the same speaker reads the same everywhere."""
    words = phrase.strip(" ,;:").split()
    while words and words[0].lower() in _NOT_NAMES and len(words) > 1:
        words.pop(0)
    if not words:
        return None
    if len(words) == 1 and words[0].lower() in _NOT_NAMES:
        return None
    if words[0].lower() in _DETERMINERS or (len(words) == 1 and words[0].lower() in _PRONOUNS - {"i"}):
        words[0] = words[0].lower()
    return " ".join(words)


_SPEAKER_AT_END = re.compile(rf"(?P<speaker>{SPEAKER_RE})\s*,?\s*{_ADVERBS}*$")
_TITLE_ALTERNATIVES = "|".join(re.escape(title) for title in sorted(_TITLES))
_TITLED_NAME_AT_END = re.compile(
    rf"(?P<speaker>(?:(?:{_UPPER}{_WORD_CHAR}*|{_TITLE_ALTERNATIVES})\s+){{0,4}}(?:{_UPPER}{_WORD_CHAR}*|{_TITLE_ALTERNATIVES}))\s*,?\s*$"
)


# How far before a reporting verb its speaker may begin; also keeps run-on OCR "sentences" cheap.
SPEAKER_REACH = 160


def _speaker_and_start(text: str, floor: int, position: int) -> tuple[str, int] | None:
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
            speaker = _clean_speaker(match.group("speaker"))
            if speaker and speaker.lower() not in _NOT_NAMES:
                return speaker, floor + match.start("speaker")
    return None


def _speaker_after(text: str, position: int, limit: int) -> str | None:
    match = re.match(rf"\s*(?P<speaker>{_NAME_RE}|{_GROUP_RE})", text[position:limit])
    return _clean_speaker(match.group("speaker")) if match else None


# --- frames -----------------------------------------------------------------------------------

_EN_VERB = re.compile(rf"\b(?:{_ADVERBS})?(?P<verb>{_VERBS})\b")
_EN_PASSIVE = re.compile(
    rf"\b(?:I|[Ww]e)\s+(?:was|were|have\s+been|had\s+been)\s+(?:told|informed|assured|advised|given\s+to\s+understand)"
    rf"(?:\s+by\s+(?P<agent>{SPEAKER_RE}))?(?:\s+\S+){{0,4}}?\s*(?:that\b|:)"
)
_EN_LEARNED = re.compile(rf"\b(?:I|[Ww]e)\s+(?:learned|learnt|heard|found\s+out|understood)(?:\s+from\s+(?P<source>{SPEAKER_RE}))?\s+that\b")
_EN_IMPERSONAL = re.compile(
    r"\b(?:[Ii]t\s+(?:is|was|has\s+been|had\s+been)\s+(?:said|reported|claimed|alleged|rumou?red|stated|asserted|learned|learnt)"
    r"(?!\s+(?:above|earlier|before|previously|already))|[Rr]umou?rs?\s+(?:has\s+it|have\s+it|say|said|are\s+circulating|were\s+circulating|circulate)|"
    r"[Tt]here\s+(?:are|were)\s+rumou?rs|(?<!\w)(?:reportedly|allegedly|supposedly|purportedly)|\b\w+\s+(?:is|are|was|were)\s+said\s+to)\b"
)
_EN_ACCORDING = re.compile(r"\b(?:[Aa]ccording\s+to|[Ii]n\s+the\s+(?:opinion|view|words|estimation)\s+of)\s+")
_EN_POSSESSIVE_VIEW = re.compile(rf"\b[Ii]n\s+(?P<source>{_NAME_RE}|{_GROUP_RE}|his|her|their)['’]?s?\s+(?:opinion|view|words|estimation)\b")
_EN_AS_SAID = re.compile(rf"\b[Aa]s\s+(?P<source>{SPEAKER_RE})\s+(?:{_ADVERBS})?(?:said|says|put\s+it|stated|states|explained|noted|pointed\s+out|remarked|stressed|claimed|claims|asserted|asserts|maintained|maintains|reported|reports|wrote|writes|told\s+(?:me|us))\b")
_EN_TRAILING = re.compile(
    rf",\s*(?:(?:said|added|stated|noted|explained|remarked|stressed|claimed|insisted|continued)\s+(?P<after>{_NAME_RE}|{_GROUP_RE}|he|she)"
    rf"|(?P<before>{SPEAKER_RE})\s+(?:{_ADVERBS})?(?:said|added|stated|noted|explained|remarked|stressed|claimed|insisted|continued))\s*[.!?…]*[”\"»]*\s*$"
)
_MINUTES_LINE = re.compile(rf"\s*(?P<speaker>{_NAME_RE})(?:\s*\([^)]{{1,60}}\))?\s*:\s+\S")
_NOT_SPEAKERS_IN_MINUTES = {
    "note", "subject", "re", "to", "from", "copy", "copies", "attachment", "enclosure", "comment", "source", "date",
    "top secret", "secret", "confidential", "translation", "translated", "distribution", "summary", "record",
    "memorandum", "minutes", "present", "participants", "place", "time", "agenda", "p.s", "ps", "nb", "annex",
}


def _source_after_according(text: str, position: int, clause_end: int) -> tuple[str | None, bool]:
    """Who "according to" names, and whether it names anyone at all (not "according to the plan")."""
    if CONFORMITY.match(text, position, clause_end):
        return None, False
    rest = text[position:clause_end]
    match = re.match(rf"(?P<source>{_GROUP_RE}|{_NAME_RE}|him|her|them|us|me)", rest)
    if match:
        return _clean_speaker(match.group("source")), True
    words = re.match(r"[^,.;:]{1,80}", rest)
    source = " ".join(words.group().split()[:8]) if words else None
    return (source or None), True


def _complement_start(text: str, verb_match: re.Match, clause_end: int) -> int | None:
    """Where the reported content begins after an English reporting verb, or None if the verb
    has no complement (e.g. "said nothing")."""
    verb = verb_match.group("verb")
    position = verb_match.end()
    if verb.split()[0] in _VERBS_WITH_OBJECT.split("|"):
        object_match = _OBJECT.match(text, position, clause_end)
        if object_match:
            position = object_match.end()
    else:
        to_object = _TO_OBJECT.match(text, position, clause_end)
        if to_object:
            position = to_object.end()
    rest = text[position:clause_end]
    mark = re.match(r"\s*(?::|,?\s*(?=[“\"«„»]))", rest)
    if mark:
        return position + mark.end()
    that = re.match(r"(?:\s+[^\s,.;:“”\"«»„]+|\s*,[^,.;:]{1,40},){0,5}?\s+that\b", rest)
    if that:
        return position + that.end()
    if verb in _ZERO_THAT_VERBS and _ZERO_THAT_STARTERS.match(rest):
        return position
    return None


def _scope_end(text: str, content_start: int, sentence_end: int) -> int:
    """Reported content runs to the end of the sentence unless the author takes the word back."""
    cut = _AUTHOR_TAKES_BACK.search(text, content_start, sentence_end)
    return cut.start() if cut else sentence_end


def _english_frames(text: str, sentence: tuple[int, int], clause_spans: list[tuple[int, int]],
                    quotations: list[tuple[int, int]]) -> list[VoiceSpan]:
    start, end = sentence
    spans = []

    def inside_quotation(position: int) -> bool:
        return any(q0 <= position < q1 for q0, q1 in quotations)

    for match in _EN_VERB.finditer(text, start, end):
        if inside_quotation(match.start()):
            continue
        content = _complement_start(text, match, end)
        if content is None:
            continue
        found = _speaker_and_start(text, start, match.start())
        if found is None:
            continue  # "was said", "the decision stated": no one we can name is speaking
        speaker, frame_start = found
        spans.append(VoiceSpan(frame_start, _scope_end(text, content, end), Voice(REPORTED, speaker, match.group("verb"))))

    for match in _EN_PASSIVE.finditer(text, start, end):
        if not inside_quotation(match.start()):
            agent = _clean_speaker(match.group("agent")) if match.group("agent") else None
            spans.append(VoiceSpan(match.start(), _scope_end(text, match.end(), end), Voice(REPORTED, agent, "was told")))
    for match in _EN_LEARNED.finditer(text, start, end):
        if not inside_quotation(match.start()):
            source = _clean_speaker(match.group("source")) if match.group("source") else None
            spans.append(VoiceSpan(match.start(), _scope_end(text, match.end(), end), Voice(REPORTED, source, "learned that")))

    for clause_start, clause_end in clause_spans:
        for match in _EN_ACCORDING.finditer(text, clause_start, clause_end):
            if inside_quotation(match.start()):
                continue
            source, attributes = _source_after_according(text, match.end(), clause_end)
            if attributes:
                spans.append(VoiceSpan(clause_start, clause_end, Voice(REPORTED, source, " ".join(match.group().split()))))
        for pattern, cue in ((_EN_POSSESSIVE_VIEW, "in the opinion of"), (_EN_AS_SAID, "as … said")):
            for match in pattern.finditer(text, clause_start, clause_end):
                if not inside_quotation(match.start()):
                    source = _clean_speaker(match.group("source"))
                    if source and source.lower() in {"his", "her", "their"}:
                        source = source.lower()
                    spans.append(VoiceSpan(clause_start, clause_end, Voice(REPORTED, source, cue)))
        for match in _EN_IMPERSONAL.finditer(text, clause_start, clause_end):
            if not inside_quotation(match.start()):
                spans.append(VoiceSpan(clause_start, clause_end, Voice(REPORTED, None, match.group().strip())))
        trailing = _EN_TRAILING.search(text, clause_start, clause_end)
        if trailing and not inside_quotation(trailing.start()):
            speaker = _clean_speaker(trailing.group("after") or trailing.group("before"))
            if speaker:
                spans.append(VoiceSpan(clause_start, clause_end, Voice(REPORTED, speaker, "…, said")))
    return spans


def _other_language_frames(frames: LanguageFrames, text: str, sentence: tuple[int, int],
                           clause_spans: list[tuple[int, int]], quotations: list[tuple[int, int]]) -> list[VoiceSpan]:
    start, end = sentence
    spans = []
    verb_frame = re.compile(rf"(?<!\w)(?P<verb>{frames.verbs})(?!\w)(?P<complement>{frames.complement})", re.I)
    for match in verb_frame.finditer(text, start, end):
        if any(q0 <= match.start() < q1 for q0, q1 in quotations):
            continue
        found = _speaker_and_start(text, start, match.start())
        speaker, frame_start = found if found else (_speaker_after(text, match.end("verb"), match.end()), match.start())
        spans.append(VoiceSpan(frame_start, _scope_end(text, match.end(), end), Voice(REPORTED, speaker, match.group("verb"))))
    for clause_start, clause_end in clause_spans:
        for pattern in frames.attributions:
            for match in re.finditer(pattern, text[clause_start:clause_end]):
                source = _clean_speaker(match.group("src"))
                spans.append(VoiceSpan(clause_start, clause_end, Voice(REPORTED, source, match.group().strip()[:40])))
        if frames.hedges:
            for match in re.finditer(frames.hedges, text[clause_start:clause_end], re.I):
                spans.append(VoiceSpan(clause_start, clause_end, Voice(REPORTED, None, match.group().strip())))
    return spans


def _quotation_speaker(text: str, quote: tuple[int, int], reported: list[VoiceSpan], sentence_bounds) -> str | None:
    opened, closed = quote
    framing = [span for span in reported if span.start <= opened < span.end]
    if framing:
        return max(framing, key=lambda span: span.start).voice.speaker
    # "“…,” said Pak." or "“…”, Pak Kum-chol added."
    after = text[closed:sentence_bounds(max(closed - 1, 0))[1] + 1][:120]
    verb = r"(?:said|says|added|stated|noted|explained|remarked|stressed|replied|answered|declared|continued|exclaimed|insisted)"
    match = re.match(rf"[\s,.]*(?:{verb}\s+(?P<after>{_NAME_RE}|{_GROUP_RE}|he|she)|(?P<before>{SPEAKER_RE})\s+(?:{_ADVERBS})?{verb})\b", after)
    if match:
        return _clean_speaker(match.group("after") or match.group("before"))
    # "Pak replied:" with the frame in the sentence before the quotation mark.
    sentence_start = sentence_bounds(opened)[0]
    before = text[sentence_start:opened]
    frame = re.search(rf"(?P<speaker>{SPEAKER_RE})\s+(?:{_ADVERBS})?(?:{_VERBS})(?:\s+\S+){{0,3}}?\s*[:,]?\s*$", before)
    if frame:
        return _clean_speaker(frame.group("speaker"))
    return None


def analyse(text: str, language: str = "en") -> VoiceMap:
    """The voice map of a text in `language` (an ISO 639-1 code; English rules for "en")."""
    language = (language or "en").split("-")[0].lower()
    sentence_spans = sentences(text)
    quotes = quotation_spans(text)
    voice_map = VoiceMap(text=text, sentences=sentence_spans)
    reported: list[VoiceSpan] = []
    for sentence in sentence_spans:
        clause_spans = clauses(text, *sentence, quotations=quotes)
        if language == "en":
            reported += _english_frames(text, sentence, clause_spans, quotes)
        elif language in OTHER_LANGUAGES:
            reported += _other_language_frames(OTHER_LANGUAGES[language], text, sentence, clause_spans, quotes)
    for para_start, para_end in paragraphs(text):
        line = _MINUTES_LINE.match(text, para_start, para_end)
        if line and line.group("speaker").strip().lower() not in _NOT_SPEAKERS_IN_MINUTES:
            colon = text.index(":", line.end("speaker"))
            reported.append(VoiceSpan(colon + 1, para_end, Voice(REPORTED, _clean_speaker(line.group("speaker")), "minutes line")))
    voice_map.reported = reported
    voice_map.quotations = [
        VoiceSpan(q0, q1, Voice(QUOTATION, _quotation_speaker(text, (q0, q1), reported, voice_map.sentence_at), "quotation marks"))
        for q0, q1 in quotes
    ]
    return voice_map

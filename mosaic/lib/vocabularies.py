"""Controlled vocabularies shared by ingest, the data model and (later) facets.

Each vocabulary maps a canonical key to its display label and accepts the aliases that real
catalogues use ("East Germany" for the GDR, "Russian" for `ru`), so every reader normalises the
same way.
"""
from __future__ import annotations

from mosaic.lib.messages import gettext_noop


DOCUMENT_TYPES = {
    "memorandum_of_conversation": gettext_noop("Memorandum of conversation"),
    "report": gettext_noop("Report"),
    "telegram": gettext_noop("Telegram / cable"),
    "letter": gettext_noop("Letter"),
    "minutes": gettext_noop("Minutes"),
    "journal": gettext_noop("Journal / diary"),
    "resolution": gettext_noop("Resolution"),
    "speech": gettext_noop("Speech"),
    "note": gettext_noop("Note"),
    "memorandum": gettext_noop("Memorandum"),
    "statement": gettext_noop("Statement"),
    "article": gettext_noop("Article"),
    "study": gettext_noop("Study / analysis"),
    # A published DPRK text (a leader's speech, Rodong Sinmun, KCNA): what reports may echo.
    "official_statement": gettext_noop("Official DPRK statement (speech, Rodong Sinmun, KCNA)"),
    "other": gettext_noop("Other"),
}

# The author's state, in the names historians of the period use.
COUNTRIES = {
    "USSR": ["Soviet Union", "Russia", "Russian Federation", "CCCP", "СССР"],
    "China": ["PRC", "People's Republic of China", "Chinese"],
    "Hungary": ["Hungarian People's Republic", "Hungarian"],
    "GDR": ["East Germany", "German Democratic Republic", "DDR"],
    "Poland": ["Polish People's Republic", "Polish"],
    "Czechoslovakia": ["ČSSR", "CSSR", "Czechoslovak"],
    "Romania": ["Romanian People's Republic", "Socialist Republic of Romania", "Romanian"],
    "Bulgaria": ["People's Republic of Bulgaria", "Bulgarian"],
    "Albania": ["People's Republic of Albania", "Albanian"],
    "Mongolia": ["Mongolian People's Republic", "MPR", "Mongolian"],
    "Yugoslavia": ["SFRY", "Yugoslav"],
    "Vietnam": ["DRV", "Democratic Republic of Vietnam", "North Vietnam"],
    "Cuba": [],
    "DPRK": ["North Korea", "Democratic People's Republic of Korea", "Korea (North)"],
    "ROK": ["South Korea", "Republic of Korea", "Korea (South)"],
    "USA": ["United States", "United States of America", "US", "U.S."],
    "Japan": [],
    "UK": ["United Kingdom", "Great Britain", "Britain"],
    "UN": ["United Nations"],
    "FRG": ["West Germany", "Federal Republic of Germany"],
}

# The countries' names as the pages show them; in English each is its key.
COUNTRY_NAMES = {
    "USSR": gettext_noop("USSR"),
    "China": gettext_noop("China"),
    "Hungary": gettext_noop("Hungary"),
    "GDR": gettext_noop("GDR"),
    "Poland": gettext_noop("Poland"),
    "Czechoslovakia": gettext_noop("Czechoslovakia"),
    "Romania": gettext_noop("Romania"),
    "Bulgaria": gettext_noop("Bulgaria"),
    "Albania": gettext_noop("Albania"),
    "Mongolia": gettext_noop("Mongolia"),
    "Yugoslavia": gettext_noop("Yugoslavia"),
    "Vietnam": gettext_noop("Vietnam"),
    "Cuba": gettext_noop("Cuba"),
    "DPRK": gettext_noop("DPRK"),
    "ROK": gettext_noop("ROK"),
    "USA": gettext_noop("USA"),
    "Japan": gettext_noop("Japan"),
    "UK": gettext_noop("UK"),
    "UN": gettext_noop("UN"),
    "FRG": gettext_noop("FRG"),
}

LANGUAGES = {
    "ru": gettext_noop("Russian"),
    "hu": gettext_noop("Hungarian"),
    "de": gettext_noop("German"),
    "pl": gettext_noop("Polish"),
    "cs": gettext_noop("Czech"),
    "sk": gettext_noop("Slovak"),
    "ro": gettext_noop("Romanian"),
    "bg": gettext_noop("Bulgarian"),
    "sq": gettext_noop("Albanian"),
    "mn": gettext_noop("Mongolian"),
    "zh": gettext_noop("Chinese"),
    "ko": gettext_noop("Korean"),
    "ja": gettext_noop("Japanese"),
    "en": gettext_noop("English"),
    "fr": gettext_noop("French"),
    "sr": gettext_noop("Serbian"),
    "hr": gettext_noop("Croatian"),
    "vi": gettext_noop("Vietnamese"),
    "es": gettext_noop("Spanish"),
}

ACCESS_LEVELS = {
    "public": gettext_noop("Public"),
    "staff": gettext_noop("Staff only"),
    "embargoed": gettext_noop("Embargoed until a date"),
}

PUBLICATION_STATUSES = {
    "draft": gettext_noop("Draft"),
    "in_review": gettext_noop("In review"),
    "published": gettext_noop("Published"),
    "withdrawn": gettext_noop("Withdrawn"),
}

TEXT_LAYER_KINDS = {
    "original": gettext_noop("Original-language transcript"),
    "translation": gettext_noop("Translation"),
    "ocr": gettext_noop("OCR (machine-read)"),
    "machine_draft": gettext_noop("Machine draft"),
}

CREDIT_ROLES = {
    "obtained": gettext_noop("Obtained by"),
    "translated": gettext_noop("Translated by"),
    "edited": gettext_noop("Edited by"),
    "contributed": gettext_noop("Contributed by"),
    "funded": gettext_noop("Funded by"),
    "transcribed": gettext_noop("Transcribed by"),
}

AGENT_ROLES = {
    "author": gettext_noop("Author"),
    "recipient": gettext_noop("Recipient"),
    "participant": gettext_noop("Participant"),
    "signatory": gettext_noop("Signatory"),
    "mentioned": gettext_noop("Mentioned"),
}

# Headings over a group of names in one role: English plurals are not the label plus "s"
# ("Signatories"), and "Mentioned" has none.
AGENT_ROLE_GROUPS = {
    "author": gettext_noop("Authors"),
    "recipient": gettext_noop("Recipients"),
    "participant": gettext_noop("Participants"),
    "signatory": gettext_noop("Signatories"),
    "mentioned": gettext_noop("Mentioned"),
}

# The context tables' event categories (mosaic/data/context/events.tsv). Curators may add a
# category in the staff pages; `label` gives one this list does not know its words.
EVENT_CATEGORIES = {
    "state": gettext_noop("Statehood"),
    "war": gettext_noop("War"),
    "military": gettext_noop("Military"),
    "military_incident": gettext_noop("Military incident"),
    "intervention": gettext_noop("Intervention"),
    "treaty": gettext_noop("Treaty"),
    "bilateral": gettext_noop("Bilateral relations"),
    "bilateral_visit": gettext_noop("Bilateral visit"),
    "bilateral_tension": gettext_noop("Bilateral tension"),
    "inter_korean": gettext_noop("Inter-Korean"),
    "international": gettext_noop("International"),
    "external": gettext_noop("External event"),
    "party": gettext_noop("Party politics"),
    "purge": gettext_noop("Purge"),
    "ideology": gettext_noop("Ideology"),
    "embassy_conditions": gettext_noop("Embassy conditions"),
}

# What an embassy-condition row describes (mosaic/data/context/embassy_conditions.tsv).
EMBASSY_CONDITION_TYPES = {
    "location": gettext_noop("Location"),
    "staffing": gettext_noop("Staffing"),
    "personnel": gettext_noop("Personnel"),
    "access_restriction": gettext_noop("Access restriction"),
    "surveillance": gettext_noop("Surveillance"),
    "security_regime": gettext_noop("Security regime"),
    "informant_network": gettext_noop("Informant network"),
    "language_channel": gettext_noop("Language channel"),
    "parallel_channel": gettext_noop("Parallel channel"),
    "local_staff_and_visitors": gettext_noop("Local staff and visitors"),
    "reporting_bias_note": gettext_noop("Reporting bias"),
}


def _fold(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


def _alias_index(vocabulary: dict[str, list[str]]) -> dict[str, str]:
    index = {}
    for key, aliases in vocabulary.items():
        for form in [key, *aliases]:
            index[_fold(form)] = key
    return index


_COUNTRY_INDEX = _alias_index(COUNTRIES)
_LANGUAGE_INDEX = _alias_index({code: [name] for code, name in LANGUAGES.items()})


def country_key(text: str) -> str | None:
    """The canonical country for a name or alias, or None if it is not one we know."""
    return _COUNTRY_INDEX.get(_fold(text))


def language_code(text: str) -> str | None:
    """The ISO 639-1 code for a code or English language name, or None if unknown."""
    return _LANGUAGE_INDEX.get(_fold(text))


def label(vocabulary: dict[str, str], key: str) -> str:
    """The label of `key`; a key the vocabulary lacks (a curator's new event category) is
    shown as words, "new_kind" → "New kind", so a reader never sees the stored code."""
    if key in vocabulary:
        return vocabulary[key]
    words = " ".join(key.replace("_", " ").split())
    return words[:1].upper() + words[1:]


# Title words that name a document's type, most specific first ("Record of Conversation" before
# "Report"); a heuristic for catalogues that do not state the type.
_TYPE_CUES = [
    ("memorandum_of_conversation", ("memorandum of conversation", "record of conversation", "record of a conversation",
                                    "record of the conversation", "conversation between", "conversation with",
                                    "memcon", "record of meeting", "record of a meeting", "notes on visit")),
    ("telegram", ("telegram", "cable", "ciphered")),
    ("journal", ("journal", "diary")),
    ("resolution", ("resolution",)),
    ("minutes", ("minutes",)),
    ("letter", ("letter",)),
    ("speech", ("speech", "address by", "report to the")),
    ("memorandum", ("memorandum",)),
    ("report", ("report",)),
    ("study", ("study", "analysis", "estimate")),
    ("note", ("note ", "note,", "notes ")),
    ("statement", ("statement", "communiqué", "communique")),
]


def document_type_from_title(title: str) -> str:
    """Guess the document type from words in its title; "other" when nothing matches."""
    folded = f"{title.casefold()} "
    for doc_type, cues in _TYPE_CUES:
        if any(cue in folded for cue in cues):
            return doc_type
    return "other"

# How a curator links two documents: the label read on the linking document's page, and the
# inverse read on the linked one's ("Reply to X" there, "Replied to by Y" here).
DOCUMENT_RELATIONS = {
    "reply_to": gettext_noop("Reply to"),
    "enclosure_of": gettext_noop("Enclosure of"),
    "same_conversation": gettext_noop("Other record of the same conversation"),
    "same_event": gettext_noop("Other account of the same event"),
}
DOCUMENT_RELATION_INVERSES = {
    "reply_to": gettext_noop("Replied to by"),
    "enclosure_of": gettext_noop("Encloses"),
    "same_conversation": gettext_noop("Other record of the same conversation"),
    "same_event": gettext_noop("Other account of the same event"),
}

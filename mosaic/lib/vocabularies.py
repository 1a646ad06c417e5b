"""Controlled vocabularies shared by ingest, the data model and (later) facets.

Each vocabulary maps a canonical key to its display label and accepts the aliases that real
catalogues use ("East Germany" for the GDR, "Russian" for `ru`), so every reader normalises the
same way.
"""
from __future__ import annotations

DOCUMENT_TYPES = {
    "memorandum_of_conversation": "Memorandum of conversation",
    "report": "Report",
    "telegram": "Telegram / cable",
    "letter": "Letter",
    "minutes": "Minutes",
    "journal": "Journal / diary",
    "resolution": "Resolution",
    "speech": "Speech",
    "note": "Note",
    "memorandum": "Memorandum",
    "statement": "Statement",
    "article": "Article",
    "study": "Study / analysis",
    # A published DPRK text (a leader's speech, Rodong Sinmun, KCNA): what reports may echo.
    "official_statement": "Official DPRK statement (speech, Rodong Sinmun, KCNA)",
    "other": "Other",
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

LANGUAGES = {
    "ru": "Russian",
    "hu": "Hungarian",
    "de": "German",
    "pl": "Polish",
    "cs": "Czech",
    "sk": "Slovak",
    "ro": "Romanian",
    "bg": "Bulgarian",
    "sq": "Albanian",
    "mn": "Mongolian",
    "zh": "Chinese",
    "ko": "Korean",
    "ja": "Japanese",
    "en": "English",
    "fr": "French",
    "sr": "Serbian",
    "hr": "Croatian",
    "vi": "Vietnamese",
    "es": "Spanish",
}

ACCESS_LEVELS = {
    "public": "Public",
    "staff": "Staff only",
    "embargoed": "Embargoed until a date",
}

PUBLICATION_STATUSES = {
    "draft": "Draft",
    "in_review": "In review",
    "published": "Published",
    "withdrawn": "Withdrawn",
}

TEXT_LAYER_KINDS = {
    "original": "Original-language transcript",
    "translation": "Translation",
    "ocr": "OCR (machine-read)",
    "machine_draft": "Machine draft",
}

CREDIT_ROLES = {
    "obtained": "Obtained by",
    "translated": "Translated by",
    "edited": "Edited by",
    "contributed": "Contributed by",
    "funded": "Funded by",
    "transcribed": "Transcribed by",
}

AGENT_ROLES = {
    "author": "Author",
    "recipient": "Recipient",
    "participant": "Participant",
    "signatory": "Signatory",
    "mentioned": "Mentioned",
}

# Headings over a group of names in one role: English plurals are not the label plus "s"
# ("Signatories"), and "Mentioned" has none.
AGENT_ROLE_GROUPS = {
    "author": "Authors",
    "recipient": "Recipients",
    "participant": "Participants",
    "signatory": "Signatories",
    "mentioned": "Mentioned",
}

# The context tables' event categories (mosaic/data/context/events.tsv). Curators may add a
# category in the staff pages; `label` gives one this list does not know its words.
EVENT_CATEGORIES = {
    "state": "Statehood",
    "war": "War",
    "military": "Military",
    "military_incident": "Military incident",
    "intervention": "Intervention",
    "treaty": "Treaty",
    "bilateral": "Bilateral relations",
    "bilateral_visit": "Bilateral visit",
    "bilateral_tension": "Bilateral tension",
    "inter_korean": "Inter-Korean",
    "international": "International",
    "external": "External event",
    "party": "Party politics",
    "purge": "Purge",
    "ideology": "Ideology",
    "embassy_conditions": "Embassy conditions",
}

# What an embassy-condition row describes (mosaic/data/context/embassy_conditions.tsv).
EMBASSY_CONDITION_TYPES = {
    "location": "Location",
    "staffing": "Staffing",
    "personnel": "Personnel",
    "access_restriction": "Access restriction",
    "surveillance": "Surveillance",
    "security_regime": "Security regime",
    "informant_network": "Informant network",
    "language_channel": "Language channel",
    "parallel_channel": "Parallel channel",
    "local_staff_and_visitors": "Local staff and visitors",
    "reporting_bias_note": "Reporting bias",
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


def choices(vocabulary: dict[str, str]) -> list[tuple[str, str]]:
    """Django `choices` for a key → label vocabulary."""
    return list(vocabulary.items())


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
    "reply_to": "Reply to",
    "enclosure_of": "Enclosure of",
    "same_conversation": "Other record of the same conversation",
    "same_event": "Other account of the same event",
}
DOCUMENT_RELATION_INVERSES = {
    "reply_to": "Replied to by",
    "enclosure_of": "Encloses",
    "same_conversation": "Other record of the same conversation",
    "same_event": "Other account of the same event",
}

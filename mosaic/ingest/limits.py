"""How much one import may hold, and how a message shows the input it complains about.

The limits are far above anything a real archive sends (see the table in docs/ingest-format.md
for why each number) but low enough that a hostile or broken file is refused in well under a
second, before it is parsed, instead of holding the importer for minutes and gigabytes. Each is a
setting (`MOSAIC_INGEST_MAX_*` in mosaic/settings.py, read from the environment).
"""
from __future__ import annotations

from django.conf import settings

# Defaults, also used when a setting is missing (e.g. a settings module of a test project).
DEFAULTS = {
    "MOSAIC_INGEST_MAX_BYTES": 200 * 1024 * 1024,      # one input file
    "MOSAIC_INGEST_MAX_LINE_BYTES": 16 * 1024 * 1024,  # one JSON Lines / CSV / TSV line
    "MOSAIC_INGEST_MAX_TEXT_CHARS": 1_000_000,         # one text layer
    "MOSAIC_INGEST_MAX_AGENTS": 2_000,                 # agents of one record
    "MOSAIC_INGEST_MAX_CREDITS": 200,                  # credits of one record
    "MOSAIC_INGEST_MAX_TEXTS": 50,                     # text layers of one record
    "MOSAIC_INGEST_MAX_FILES": 5_000,                  # scans of one record or accession
    "MOSAIC_INGEST_MAX_COLLECTIONS": 100,              # collections of one record
}

# Whole numbers (folios, leaf counts, copy generations) have a sanity bound rather than a setting:
# the largest archival files run to a few thousand leaves, and anything past this bound is a typo
# or an attack on the database's 64-bit integers (and on Python's 4,300-digit int-str limit).
MAX_FOLIO = 1_000_000
MAX_COPY_GENERATION = 20
# JSON integers longer than this are refused while parsing, before Python converts them.
MAX_INTEGER_DIGITS = 18
# Free-text fields without a limit of their own (summary, date_note, rights, an accession's note):
# about eight printed pages; a longer "summary" is a text layer in the wrong place.
MAX_NOTE_CHARS = 20_000
# Element nesting in TEI: FRUS volumes nest some 15 deep; the reader walks the tree recursively.
MAX_XML_DEPTH = 200

ECHO_CHARS = 80


def limit(name: str) -> int:
    if not settings.configured:  # the readers also run without Django (their tests, scripts)
        return DEFAULTS[name]
    return int(getattr(settings, name, DEFAULTS[name]))


def shown(value, width: int = ECHO_CHARS) -> str:
    """`value` as a message may echo it: at most `width` characters (then "…"), with control
    characters, lone surrogates and other unprintable code points escaped, so a 40 KB key or a
    NUL never reaches the terminal raw and a message stays one line."""
    text = value if isinstance(value, str) else str(value)
    cut = len(text) > width
    text = text[:width]
    if not text.isprintable():
        text = "".join(char if char.isprintable() else _escape(char) for char in text)
    return text + ("…" if cut else "")


def _escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def quoted_list(values, width: int = ECHO_CHARS, most: int = 10) -> str:
    """Several echoed values, each cut by `shown`, at most `most` of them."""
    values = list(values)
    items = ", ".join(f'"{shown(v, width)}"' for v in values[:most])
    return items + (f" and {len(values) - most} more" if len(values) > most else "")

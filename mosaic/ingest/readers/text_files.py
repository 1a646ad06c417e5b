"""Decoding of text inputs, shared by the JSON Lines, CSV and TSV readers.

Files are read a line at a time with every line's length bounded (MOSAIC_INGEST_MAX_LINE_BYTES),
so memory stays bounded whatever the file holds, and a 150 MB line is refused after reading it
once in chunks, not parsed. Lines end at "\\n" only (a "\\r" before it is dropped): U+2028,
U+2029 and U+0085 are legal inside JSON strings and word processors put them there, so
`str.splitlines`, which breaks at them, must not be used.
"""
from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from mosaic.ingest.limits import limit
from mosaic.ingest.readers import UnreadableFile

CHUNK = 1024 * 1024
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def raw_lines(path: Path) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes without the line end) for each line; `None` instead of the bytes for a
    line over the limit, whose content is skipped in chunks and never held whole."""
    most = limit("MOSAIC_INGEST_MAX_LINE_BYTES")
    with open(path, "rb") as handle:
        first = handle.read(4)
        if first.startswith(UTF32_BOMS) or first.startswith(UTF16_BOMS):
            raise UnreadableFile("the file is UTF-16 or UTF-32 (it starts with that byte order mark); "
                                 "save it as UTF-8", 1)
        handle.seek(0)
        number = 0
        while True:
            line = handle.readline(most + 1)
            if not line:
                return
            number += 1
            if len(line) > most and not line.endswith(b"\n"):
                # Over the limit: read on to the end of the line without keeping it.
                while (rest := handle.readline(CHUNK)) and not rest.endswith(b"\n"):
                    pass
                yield number, None
                continue
            if number == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8):]
            yield number, line.rstrip(b"\n").removesuffix(b"\r")


def decode_line(data: bytes, number: int) -> str:
    """One line as text, or UnreadableFile naming the line and the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            f"not valid UTF-8 (byte 0x{data[error.start]:02X} at column {error.start + 1}); "
            "save the file as UTF-8", number
        ) from None


def text_lines(path: Path) -> Iterator[str]:
    """The file's lines as text, each ending in "\\n", for the csv module (which counts them).
    A line over the limit or not in UTF-8 ends the reading with UnreadableFile."""
    for number, data in raw_lines(path):
        if number == 1 and data and b"\x00" in data:
            # Never in a header; the usual cause is a UTF-16 file without a byte order mark.
            raise UnreadableFile("NUL bytes in the first line (is the file UTF-16? save it as UTF-8)", 1)
        if data is None:
            raise UnreadableFile(line_too_long(), number)
        yield decode_line(data, number) + "\n"


def line_too_long() -> str:
    return f"line is over the {limit('MOSAIC_INGEST_MAX_LINE_BYTES'):,}-byte limit (MOSAIC_INGEST_MAX_LINE_BYTES); not read"

"""Decoding of text inputs, shared by the JSON Lines, CSV and TSV readers."""
from __future__ import annotations

from pathlib import Path

from mosaic.ingest.readers import UnreadableFile


def read_utf8(path: Path) -> str:
    """The file's text, or UnreadableFile naming the line of the first byte that is not UTF-8."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UnreadableFile(
            f"not valid UTF-8 (byte 0x{data[error.start]:02X}); save the file as UTF-8", line
        ) from None

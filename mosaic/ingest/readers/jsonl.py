"""JSON Lines: one document record per line."""
from __future__ import annotations

import json
from pathlib import Path

from mosaic.ingest.limits import MAX_INTEGER_DIGITS, shown
from mosaic.ingest.readers import Problem, ReaderOutput, SourceRecord, UnreadableFile
from mosaic.ingest.readers.text_files import decode_line, line_too_long, raw_lines


class _BadValue(ValueError):
    """A JSON value that parses but cannot be a record's (its message is for the curator)."""


def _integer(digits: str) -> int:
    # Called by the JSON parser before it converts: a 5,000-digit number would otherwise hit
    # Python's int-str limit with a ValueError, and a 20-digit one overflow SQLite later.
    if len(digits.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _BadValue(f"number {shown(digits, 20)} is too large (at most {MAX_INTEGER_DIGITS} digits)")
    return int(digits)


def _constant(name: str):
    raise _BadValue(f"{name} is not a number JSON allows")


def _object(pairs: list[tuple[str, object]]) -> dict:
    # json.loads keeps the last of two equal keys without a word; the first is then lost.
    data = dict(pairs)
    if len(data) != len(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise _BadValue(f'key "{shown(key)}" appears twice in one object')
            seen.add(key)
    return data


def parse_line(text: str) -> dict:
    """One line's JSON object, or ValueError with a message that names what is wrong."""
    try:
        data = json.loads(text, parse_int=_integer, parse_constant=_constant, object_pairs_hook=_object)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error.msg} at column {error.colno})") from None
    except _BadValue as error:
        raise ValueError(str(error)) from None
    except RecursionError:
        raise ValueError("JSON is nested too deeply (a record is at most three levels deep)") from None
    if not isinstance(data, dict):
        raise ValueError("each line must be a JSON object")
    return data


def read_jsonl(path: Path) -> ReaderOutput:
    for number, data in raw_lines(path):
        if data is None:
            yield Problem(number, line_too_long())
            continue
        if not data.strip():
            continue
        if b"\x00" in data:  # never legal in JSON, raw; the usual cause is a UTF-16 file
            yield Problem(number, "NUL bytes in the line (is the file UTF-16? save it as UTF-8)")
            continue
        try:
            text = decode_line(data, number)
        except UnreadableFile as error:
            yield Problem(number, error.message)
            continue
        try:
            yield SourceRecord(number, parse_line(text))
        except ValueError as error:
            yield Problem(number, str(error))

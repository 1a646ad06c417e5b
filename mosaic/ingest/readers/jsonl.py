"""JSON Lines: one document record per line."""
from __future__ import annotations

import json
from pathlib import Path

from mosaic.ingest.readers import Problem, ReaderOutput, SourceRecord
from mosaic.ingest.readers.text_files import read_utf8


def read_jsonl(path: Path) -> ReaderOutput:
    for number, line in enumerate(read_utf8(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            yield Problem(number, f"not valid JSON ({error.msg} at column {error.colno})")
            continue
        if not isinstance(data, dict):
            yield Problem(number, "each line must be a JSON object")
            continue
        yield SourceRecord(number, data)

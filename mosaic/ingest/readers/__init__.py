"""Readers turn one input file into document records (see docs/ingest-format.md).

A reader never touches the database: it yields `SourceRecord`s for the validator and writer, and
`Problem`s for lines it cannot read, so that one pass reports every bad line of a file.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Union


@dataclass(frozen=True)
class SourceRecord:
    line: int
    data: dict


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


class UnreadableFile(Exception):
    """The file as a whole cannot be read (wrong encoding, not well-formed, an entity bomb)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line
        self.message = message


ReaderOutput = Iterator[Union[SourceRecord, Problem]]

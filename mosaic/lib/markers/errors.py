"""The one error every lexicon file of the markers raises (the marker rules and the voice frames),
and the one way such a file is read."""
from __future__ import annotations

import json
from pathlib import Path


class LexiconError(ValueError):
    """A lexicon file cannot be used; `problems` lists every reason, each naming its entry."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path = str(path)
        self.problems = problems
        super().__init__(f"{path}: the marker lexicon has {len(problems)} problem{'s' if len(problems) != 1 else ''}:\n"
                         + "\n".join(f"  - {p}" for p in problems))


def read_lexicon_json(path: Path) -> object:
    """The JSON a lexicon file holds; LexiconError naming the file when it cannot be read or parsed."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as error:
        raise LexiconError(path, [f"the file cannot be read: {error.strerror or error}"]) from error
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise LexiconError(path, [f"the file is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"]) from error

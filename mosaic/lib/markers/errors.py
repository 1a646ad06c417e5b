"""The one error every lexicon file of the markers raises (the marker rules and the voice frames)."""
from __future__ import annotations

from pathlib import Path


class LexiconError(ValueError):
    """A lexicon file cannot be used; `problems` lists every reason, each naming its entry."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path = str(path)
        self.problems = problems
        super().__init__(f"{path}: the marker lexicon has {len(problems)} problem{'s' if len(problems) != 1 else ''}:\n"
                         + "\n".join(f"  - {p}" for p in problems))

"""The marker lexicon: reading and checking the versioned rules file.

The file (JSON, `mosaic/data/lexicon/markers.json`) holds the lexicon's version, its categories
(what each can and cannot tell, and its measured precision and recall, or null while no annotated
test set exists) and its rules (term, regular expression, category, sense filters, language,
rationale, positive and negative examples, experimental or not). Loading checks everything and
reports every problem at once, each naming the file and the entry, so a curator editing the file
learns exactly what to fix. Whether the examples behave is checked by `engine.example_failures`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mosaic.lib.markers.errors import LexiconError, read_lexicon_json
from mosaic.lib.markers.sense import SENSE_FILTERS
from mosaic.lib.markers.voice import VOICES

DEFAULT_LEXICON_PATH = Path(__file__).resolve().parents[2] / "data" / "lexicon" / "markers.json"

_TOP_KEYS = {"version", "description", "categories", "rules", "changelog"}
_CATEGORY_KEYS = {"label", "what_it_can_tell", "what_it_cannot_tell", "measured", "held_out", "flagged", "description"}
_CATEGORY_REQUIRED = {"label", "what_it_can_tell", "what_it_cannot_tell", "measured"}
_MEASURED_KEYS = {"precision", "recall", "n_spans", "n_documents", "test_set", "n_predicted", "precision_interval",
                  "recall_interval"}
_MEASURED_REQUIRED = {"precision", "recall", "n_spans", "n_documents", "test_set"}
_RULE_KEYS = {"id", "version", "category", "language", "term", "pattern", "sense_filters", "rationale", "examples",
              "experimental", "literature", "case_sensitive", "notes"}
_RULE_REQUIRED = {"id", "version", "category", "language", "term", "pattern", "sense_filters", "rationale", "examples",
                  "experimental"}
_RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class Measured:
    precision: float | None  # None only when the rules flagged nothing in the test set (n_predicted 0)
    recall: float
    n_spans: int
    n_documents: int
    test_set: str
    n_predicted: int | None = None
    precision_interval: tuple[float, float] | None = None  # 95% intervals, as bench/markers_eval.py computes them
    recall_interval: tuple[float, float] | None = None

    def as_dict(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "n_spans": self.n_spans,
                "n_documents": self.n_documents, "test_set": self.test_set, "n_predicted": self.n_predicted,
                "precision_interval": list(self.precision_interval) if self.precision_interval else None,
                "recall_interval": list(self.recall_interval) if self.recall_interval else None}


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    what_it_can_tell: str
    what_it_cannot_tell: str
    measured: Measured | None  # on the development set, which the rules were tuned on
    flagged: bool = True  # False: counted as a rate but never highlighted (the bloc formulae)
    held_out: Measured | None = None  # on the frozen test set, annotated blind and never tuned on

    @property
    def judged_by(self) -> Measured | None:
        """The figures that decide whether the category is trusted: the held-out ones when they
        exist (the development set's are optimistic), else the development set's."""
        return self.held_out or self.measured


@dataclass(frozen=True)
class Example:
    text: str
    voice: str | None = None  # expected voice of the marker, when the example states it
    speaker: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    version: int
    category: str
    language: str
    term: str
    pattern: re.Pattern
    sense_filters: tuple[str, ...]
    rationale: str
    positive: tuple[Example, ...]
    negative: tuple[Example, ...]
    experimental: bool
    literature: str = ""

    @property
    def ref(self) -> str:
        """"PRESC-003@v2": the rule and its version, as flags cite them."""
        return f"{self.id}@v{self.version}"


@dataclass(frozen=True)
class Lexicon:
    version: str
    categories: dict[str, Category]
    rules: tuple[Rule, ...]
    path: str

    def rules_for(self, language: str) -> list[Rule]:
        return [rule for rule in self.rules if rule.language == language]

    def languages(self) -> set[str]:
        return {rule.language for rule in self.rules}

    def rule(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)


def load_lexicon(path: Path | str | None = None) -> Lexicon:
    """Read and check a lexicon file; raises LexiconError naming every problem."""
    path = Path(path) if path else DEFAULT_LEXICON_PATH
    return parse_lexicon(read_lexicon_json(path), path)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon, read once per process."""
    return load_lexicon(DEFAULT_LEXICON_PATH)


def parse_lexicon(data, path: Path | str = "<lexicon>") -> Lexicon:
    problems: list[str] = []
    if not isinstance(data, dict):
        raise LexiconError(path, ["the file must hold one JSON object with version, categories and rules"])
    for key in sorted(set(data) - _TOP_KEYS):
        problems.append(f"unknown top-level key “{key}” (allowed: {', '.join(sorted(_TOP_KEYS))})")
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        problems.append("“version” must be a non-empty string such as \"2026.11-1\"")
    categories = _parse_categories(data.get("categories"), problems)
    rules = _parse_rules(data.get("rules"), categories, problems)
    if problems:
        raise LexiconError(path, problems)
    return Lexicon(version=version, categories=categories, rules=tuple(rules), path=str(path))


def _text(entry: dict, key: str, where: str, problems: list[str]) -> str:
    if key not in entry:
        return ""  # reported once, as missing
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: “{key}” must be a non-empty string")
        return ""
    return value


def _parse_categories(raw, problems: list[str]) -> dict[str, Category]:
    if not isinstance(raw, dict) or not raw:
        problems.append("“categories” must be an object mapping each category id to its description")
        return {}
    categories = {}
    for category_id, entry in raw.items():
        where = f"category “{category_id}”"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be an object")
            continue
        for key in sorted(_CATEGORY_REQUIRED - set(entry)):
            problems.append(f"{where}: missing “{key}”" + (" (null while no annotated test set exists)" if key == "measured" else ""))
        for key in sorted(set(entry) - _CATEGORY_KEYS):
            problems.append(f"{where}: unknown key “{key}”")
        flagged = entry.get("flagged", True)
        if not isinstance(flagged, bool):
            problems.append(f"{where}: “flagged” must be true or false")
        categories[category_id] = Category(
            id=category_id,
            label=_text(entry, "label", where, problems),
            what_it_can_tell=_text(entry, "what_it_can_tell", where, problems),
            what_it_cannot_tell=_text(entry, "what_it_cannot_tell", where, problems),
            measured=_parse_measured(entry.get("measured"), where, problems),
            flagged=flagged is not False,
            held_out=_parse_measured(entry.get("held_out"), where, problems, field="held_out"),
        )
    return categories


def _parse_measured(raw, where: str, problems: list[str], field: str = "measured") -> Measured | None:
    """One set of figures (`measured` or `held_out`), checked; None, with the problems noted,
    when anything is missing or inconsistent."""
    if raw is None:
        return None
    where = where if field == "measured" else f"{where} (held out)"
    if not isinstance(raw, dict):
        problems.append(f"{where}: “measured” must be null or an object with {', '.join(sorted(_MEASURED_REQUIRED))}")
        return None
    missing = _MEASURED_REQUIRED - set(raw)
    if missing:
        problems.append(f"{where}: “measured” lacks {', '.join(sorted(missing))}; a figure without its test set and size is not shown")
        return None
    for key in sorted(set(raw) - _MEASURED_KEYS):
        problems.append(f"{where}: “measured” has an unknown key “{key}”")
    ok = True

    def proportion(value) -> bool:
        return not isinstance(value, bool) and isinstance(value, (int, float)) and 0 <= value <= 1

    n_predicted = raw.get("n_predicted")
    if n_predicted is not None and (isinstance(n_predicted, bool) or not isinstance(n_predicted, int) or n_predicted < 0):
        problems.append(f"{where}: measured “n_predicted” must be a whole number of at least 0")
        ok = False
    # Precision has no value when the rules flagged nothing; that must be said, not hidden as 0 or 1.
    if raw["precision"] is None and n_predicted != 0:
        problems.append(f"{where}: measured “precision” may be null only when “n_predicted” is 0")
        ok = False
    for key in ("precision", "recall"):
        value = raw[key]
        if not (value is None and key == "precision") and not proportion(value):
            problems.append(f"{where}: measured “{key}” must be a number from 0 to 1")
            ok = False
    for key in ("n_spans", "n_documents"):
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            problems.append(f"{where}: measured “{key}” must be a whole number of at least 1")
            ok = False
    if not isinstance(raw["test_set"], str) or not raw["test_set"].strip():
        problems.append(f"{where}: measured “test_set” must name the frozen test set")
        ok = False
    intervals = {}
    for key, figure in (("precision_interval", "precision"), ("recall_interval", "recall")):
        value = raw.get(key)
        if value is None:
            intervals[key] = None
            continue
        if (not isinstance(value, list) or len(value) != 2 or not all(proportion(v) for v in value)
                or not (proportion(raw[figure]) and value[0] <= raw[figure] <= value[1])):
            problems.append(f"{where}: measured “{key}” must be [low, high], numbers from 0 to 1 around the {figure}")
            ok = False
            continue
        intervals[key] = (float(value[0]), float(value[1]))
    if not ok:
        return None
    return Measured(None if raw["precision"] is None else float(raw["precision"]), float(raw["recall"]), raw["n_spans"],
                    raw["n_documents"], raw["test_set"], n_predicted, intervals["precision_interval"],
                    intervals["recall_interval"])


def _parse_examples(raw, where: str, required: bool, problems: list[str]) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    if raw is None and not required:
        return (), ()
    if not isinstance(raw, dict):
        problems.append(f"{where}: “examples” must be an object with “positive” and “negative” lists")
        return (), ()
    parsed = {}
    for kind in ("positive", "negative"):
        items = raw.get(kind, [])
        if not isinstance(items, list):
            problems.append(f"{where}: examples “{kind}” must be a list")
            items = []
        if required and not items:
            problems.append(f"{where}: needs at least one {kind} example (English rules are tested on their own examples)")
        examples = []
        for index, item in enumerate(items, start=1):
            if isinstance(item, str) and item.strip():
                examples.append(Example(item))
            elif isinstance(item, dict) and isinstance(item.get("text"), str) and item["text"].strip():
                voice = item.get("voice")
                if voice is not None and voice not in VOICES:
                    problems.append(f"{where}: {kind} example {index} names an unknown voice “{voice}” (one of {', '.join(VOICES)})")
                    voice = None
                unknown = set(item) - {"text", "voice", "speaker"}
                if unknown:
                    problems.append(f"{where}: {kind} example {index} has unknown keys {', '.join(sorted(unknown))}")
                examples.append(Example(item["text"], voice, item.get("speaker")))
            else:
                problems.append(f"{where}: {kind} example {index} must be a non-empty string or an object with “text”")
        parsed[kind] = tuple(examples)
    for key in sorted(set(raw) - {"positive", "negative"}):
        problems.append(f"{where}: examples have an unknown key “{key}”")
    return parsed["positive"], parsed["negative"]


def _parse_rules(raw, categories: dict[str, Category], problems: list[str]) -> list[Rule]:
    if not isinstance(raw, list) or not raw:
        problems.append("“rules” must be a non-empty list")
        return []
    rules, seen = [], set()
    for index, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict):
            problems.append(f"rule #{index}: must be an object")
            continue
        rule_id = entry.get("id")
        where = f"rule {rule_id}" if isinstance(rule_id, str) and rule_id else f"rule #{index}"
        before = len(problems)
        for key in sorted(_RULE_REQUIRED - set(entry)):
            problems.append(f"{where}: missing “{key}”")
        for key in sorted(set(entry) - _RULE_KEYS):
            problems.append(f"{where}: unknown key “{key}”")
        if isinstance(rule_id, str) and not _RULE_ID.match(rule_id):
            problems.append(f"{where}: the id must look like PRESC-001 or HIER-RU-001 (capitals, digits, hyphens)")
        if rule_id in seen:
            problems.append(f"{where}: the id is used by another rule; ids are never reused")
        seen.add(rule_id)
        version = entry.get("version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            problems.append(f"{where}: “version” must be a whole number of at least 1 (raise it whenever the rule changes)")
        category = entry.get("category")
        if "category" in entry and category not in categories:
            problems.append(f"{where}: unknown category “{category}” (the file defines {', '.join(categories) or 'none'})")
        language = entry.get("language")
        if "language" in entry and (not isinstance(language, str) or not _LANGUAGE.match(language)):
            problems.append(f"{where}: “language” must be an ISO 639-1 code such as \"en\" or \"ru\"")
        experimental = entry.get("experimental")
        if "experimental" in entry and not isinstance(experimental, bool):
            problems.append(f"{where}: “experimental” must be true or false")
        filters = entry.get("sense_filters", [])
        if not isinstance(filters, list) or not all(isinstance(name, str) for name in filters):
            problems.append(f"{where}: “sense_filters” must be a list of filter names")
            filters = []
        for name in filters:
            if name not in SENSE_FILTERS:
                problems.append(f"{where}: unknown sense filter “{name}” (known: {', '.join(sorted(SENSE_FILTERS))})")
        case_sensitive = entry.get("case_sensitive", False)
        if not isinstance(case_sensitive, bool):
            problems.append(f"{where}: “case_sensitive” must be true or false")
        pattern = None
        if isinstance(entry.get("pattern"), str) and entry["pattern"]:
            try:
                pattern = re.compile(entry["pattern"], 0 if case_sensitive is True else re.IGNORECASE)
            except re.error as error:
                problems.append(f"{where}: the pattern is not a valid regular expression: {error}")
            else:
                if pattern.search("") is not None:
                    problems.append(f"{where}: the pattern matches an empty string, which would flag nothing at every position")
        elif "pattern" in entry:
            problems.append(f"{where}: “pattern” must be a non-empty regular expression")
        term = _text(entry, "term", where, problems) if "term" in entry else ""
        rationale = _text(entry, "rationale", where, problems) if "rationale" in entry else ""
        # English rules are the reviewed ones: they must show what they match and what they leave alone.
        needs_examples = language == "en" or experimental is False
        positive, negative = _parse_examples(entry.get("examples"), where, needs_examples, problems) if "examples" in entry else ((), ())
        literature = entry.get("literature", "")
        if not isinstance(literature, str):
            problems.append(f"{where}: “literature” must be a string")
            literature = ""
        if len(problems) == before:
            rules.append(Rule(id=rule_id, version=version, category=category, language=language, term=term, pattern=pattern,
                              sense_filters=tuple(filters), rationale=rationale, positive=positive, negative=negative,
                              experimental=experimental, literature=literature))
    return rules

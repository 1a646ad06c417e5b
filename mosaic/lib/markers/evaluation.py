"""Measuring the marker rules against the team's annotated development set.

The dev set (`mosaic/data/lexicon/devset/`) keeps passages and annotations apart: `passages.jsonl`
holds the texts, `annotations_a.jsonl` (and, once a second annotator has worked blind,
`annotations_b.jsonl`) one gold span per line, named by its wording and occurrence so that people
can read and edit it. Loading resolves each quote to offsets and refuses, naming file and line,
anything it cannot resolve, because a silently dropped gold span would flatter the rules.

Scoring is plain span matching: a predicted marker matches a gold span of the same category in
the same passage whose characters it overlaps; pairs are made one-to-one, largest overlap first.
Per category that gives true positives, false positives and false negatives, precision and recall
with Wilson 95% intervals (the dev set is small, so a bare percentage would overstate what is
known), and, over matched pairs, how often the voice and the named speaker agree. The same scoring
is applied to a keyword baseline built from the lexicon's own terms, so that a reader can see what
the sense filters and voice rules add over naive string matching.

No Django here: the bench script, the tests and the lead's `--write-measured` run all use it.
"""
from __future__ import annotations

import json
import math
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from mosaic.lib.markers.engine import find_markers, word_count
from mosaic.lib.markers.voice import records_conversation
from mosaic.lib.markers.lexicon import Lexicon
from mosaic.lib.markers.voice import AUTHOR, VOICES

DEVSET_DIR = Path(__file__).resolve().parents[2] / "data" / "lexicon" / "devset"
TEST_SET = "devset-2026.12"
# The frozen test set: written and annotated blind to the rules, never used to tune them. Only its
# figures are looked at, never its misses.
HELD_OUT_DIR = Path(__file__).resolve().parents[2] / "data" / "lexicon" / "testset"
HELD_OUT_SET = "testset-2026.12"
SPLITS = {"dev", "test"}
Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution

_PASSAGE_KEYS = {"id", "text", "genre", "provenance", "split"}
_ANNOTATION_KEYS = {"passage", "quote", "occurrence", "category", "voice", "speaker", "annotator"}
_ANNOTATION_REQUIRED = {"passage", "quote", "occurrence", "category", "voice"}


class DevsetError(ValueError):
    """The dev set cannot be used; `problems` lists every reason as "file:line: what"."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"the dev set has {len(problems)} problem{'s' if len(problems) != 1 else ''}:\n"
                         + "\n".join(f"  - {p}" for p in problems))


@dataclass(frozen=True)
class Passage:
    id: str
    text: str
    genre: str
    provenance: str
    split: str


@dataclass(frozen=True)
class Span:
    """A gold annotation or a predicted marker, in one passage, by character offsets."""
    passage: str
    start: int
    end: int
    category: str
    voice: str
    speaker: str | None = None
    text: str = ""

    def overlap(self, other: "Span") -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))


# --- loading ---------------------------------------------------------------------------------

def _json_lines(path: Path, problems: list[str]):
    """(line number, object) for each non-empty line; unreadable lines become problems."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        problems.append(f"{path}: cannot be read: {error.strerror or error}")
        return
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"{path}:{number}: not valid JSON: {error.msg}")
            continue
        if not isinstance(value, dict):
            problems.append(f"{path}:{number}: must be one JSON object")
            continue
        yield number, value


def load_passages(path: Path | str) -> dict[str, Passage]:
    path = Path(path)
    problems: list[str] = []
    passages: dict[str, Passage] = {}
    for number, entry in _json_lines(path, problems):
        where = f"{path}:{number}"
        missing = _PASSAGE_KEYS - set(entry)
        if missing:
            problems.append(f"{where}: missing {', '.join(sorted(missing))}")
            continue
        for key in sorted(set(entry) - _PASSAGE_KEYS):
            problems.append(f"{where}: unknown key “{key}”")
        if not all(isinstance(entry[key], str) and entry[key].strip() for key in _PASSAGE_KEYS):
            problems.append(f"{where}: {', '.join(sorted(_PASSAGE_KEYS))} must be non-empty strings")
            continue
        if entry["split"] not in SPLITS:
            problems.append(f"{where}: split must be one of {', '.join(sorted(SPLITS))}")
        if entry["id"] in passages:
            problems.append(f"{where}: the passage id {entry['id']} is used twice")
            continue
        passages[entry["id"]] = Passage(entry["id"], entry["text"], entry["genre"], entry["provenance"], entry["split"])
    if not passages and not problems:
        problems.append(f"{path}: holds no passages")
    if problems:
        raise DevsetError(problems)
    return passages


def find_occurrence(text: str, quote: str, occurrence: int) -> int | None:
    """Start of the `occurrence`-th (from 1) appearance of `quote` in `text`, counting every
    starting position (so the count is the one a reader gets with a search box), or None."""
    index = -1
    for _ in range(occurrence):
        index = text.find(quote, index + 1)
        if index == -1:
            return None
    return index


def load_annotations(path: Path | str, passages: dict[str, Passage], categories=None) -> list[Span]:
    """Gold spans from an annotations file, resolved to offsets in `passages`. Unknown
    categories are refused when `categories` (the lexicon's ids) is given."""
    path = Path(path)
    problems: list[str] = []
    spans: list[Span] = []
    seen: dict[tuple, int] = {}
    for number, entry in _json_lines(path, problems):
        where = f"{path}:{number}"
        missing = _ANNOTATION_REQUIRED - set(entry)
        if missing:
            problems.append(f"{where}: missing {', '.join(sorted(missing))}")
            continue
        for key in sorted(set(entry) - _ANNOTATION_KEYS):
            problems.append(f"{where}: unknown key “{key}”")
        passage = passages.get(entry["passage"])
        if passage is None:
            problems.append(f"{where}: no passage with id {entry['passage']!r} in the passages file")
            continue
        quote, occurrence = entry["quote"], entry["occurrence"]
        if not isinstance(quote, str) or not quote.strip():
            problems.append(f"{where}: “quote” must be the non-empty wording of the span")
            continue
        if isinstance(occurrence, bool) or not isinstance(occurrence, int) or occurrence < 1:
            problems.append(f"{where}: “occurrence” must be a whole number from 1")
            continue
        if categories is not None and entry["category"] not in categories:
            problems.append(f"{where}: unknown category {entry['category']!r} (one of {', '.join(categories)})")
            continue
        if entry["voice"] not in VOICES:
            problems.append(f"{where}: unknown voice {entry['voice']!r} (one of {', '.join(VOICES)})")
            continue
        speaker = entry.get("speaker")
        if speaker is not None and (not isinstance(speaker, str) or not speaker.strip()):
            problems.append(f"{where}: “speaker” must be a name or null")
            continue
        start = find_occurrence(passage.text, quote, occurrence)
        if start is None:
            found = passage.text.count(quote)
            problems.append(f"{where}: the quote {quote!r} occurs {found} time{'s' if found != 1 else ''} in {passage.id}, "
                            f"so occurrence {occurrence} cannot be found")
            continue
        key = (passage.id, start, start + len(quote), entry["category"])
        if key in seen:
            problems.append(f"{where}: the same span and category as line {seen[key]}")
            continue
        seen[key] = number
        spans.append(Span(passage.id, start, start + len(quote), entry["category"], entry["voice"], speaker, quote))
    if problems:
        raise DevsetError(problems)
    return spans


@dataclass(frozen=True)
class Devset:
    passages: dict[str, Passage]
    gold: list[Span]                 # annotator a: the reference
    second: list[Span] | None = None  # annotator b, when a blind second annotation exists

    @property
    def words(self) -> int:
        return sum(word_count(p.text) for p in self.passages.values())


def load_devset(directory: Path | str | None = None, categories=None) -> Devset:
    directory = Path(directory) if directory else DEVSET_DIR
    passages = load_passages(directory / "passages.jsonl")
    gold = load_annotations(directory / "annotations_a.jsonl", passages, categories)
    second_path = directory / "annotations_b.jsonl"
    second = load_annotations(second_path, passages, categories) if second_path.exists() else None
    return Devset(passages, gold, second)


# --- matching and scores ---------------------------------------------------------------------

def match(gold: list[Span], predicted: list[Span]) -> list[tuple[Span, Span]]:
    """One-to-one (gold, predicted) pairs of the same passage and category whose spans overlap,
    the largest overlaps first (ties: the earlier gold span, then the earlier prediction), so
    that a long prediction covering two gold spans is paired with the one it covers most."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if g.passage == p.passage and g.category == p.category:
                size = g.overlap(p)
                if size > 0:
                    candidates.append((-size, g.start, p.start, gi, pi))
    candidates.sort()
    used_gold, used_predicted, pairs = set(), set(), []
    for _, _, _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_predicted:
            used_gold.add(gi)
            used_predicted.add(pi)
            pairs.append((gold[gi], predicted[pi]))
    return sorted(pairs, key=lambda pair: (pair[0].passage, pair[0].start))


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval for a proportion; None when there is nothing to estimate from.
    Chosen over the normal approximation because it stays inside [0, 1] and behaves at 0 and n."""
    if n <= 0:
        return None
    if not 0 <= successes <= n:
        raise ValueError(f"successes must lie between 0 and n ({successes} of {n})")
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # At 0 and n the bounds are exactly 0 and 1; the arithmetic above leaves rounding dust there.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class CategoryScore:
    category: str
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def n_gold(self) -> int:
        return self.tp + self.fn

    @property
    def n_predicted(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.n_predicted)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.n_gold)

    @property
    def f1(self) -> float | None:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    @property
    def precision_interval(self):
        return wilson_interval(self.tp, self.n_predicted)

    @property
    def recall_interval(self):
        return wilson_interval(self.tp, self.n_gold)

    def as_dict(self) -> dict:
        return {"category": self.category, "n_gold": self.n_gold, "n_predicted": self.n_predicted, "tp": self.tp,
                "fp": self.fp, "fn": self.fn, "precision": self.precision, "recall": self.recall, "f1": self.f1,
                "precision_interval": _pair(self.precision_interval), "recall_interval": _pair(self.recall_interval)}


def _pair(interval):
    return list(interval) if interval else None


_TITLES = {"the", "a", "an", "of", "comrade", "comrades", "mr", "mr.", "deputy", "minister", "premier", "prime",
           "ambassador", "secretary", "chairman", "president", "head", "foreign", "first", "vice"}
PRONOUNS = {"he", "she", "they", "him", "her", "them", "it"}


def _name_words(speaker: str) -> str:
    words = [w for w in re.findall(r"[^\W_]+(?:[-'’][^\W_]+)*", speaker.lower()) if w not in _TITLES]
    return " ".join(words)


def names_a_person(speaker: str | None) -> bool:
    """A speaker counts as named unless it is empty or a bare pronoun (which the rules keep as written)."""
    return bool(speaker and speaker.strip() and speaker.strip().lower() not in PRONOUNS)


def speakers_agree(first: str, second: str) -> bool:
    """Loose agreement: case-insensitive, titles and articles ignored, and one name contained
    in the other as whole words ("Kim" and "Kim Il Sung", "Ri" and "Deputy Minister Ri")."""
    a, b = _name_words(first), _name_words(second)
    if not a or not b:
        return first.strip().lower() == second.strip().lower()
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


@dataclass
class VoiceScore:
    matched: int = 0
    same: int = 0
    by_voice: dict = field(default_factory=dict)  # gold voice -> [matched, same]
    speakers_compared: int = 0                    # pairs where both name a person
    speakers_agreeing: int = 0

    @property
    def accuracy(self) -> float | None:
        return _ratio(self.same, self.matched)

    def as_dict(self) -> dict:
        return {"matched": self.matched, "same_voice": self.same, "accuracy": self.accuracy,
                "accuracy_interval": _pair(wilson_interval(self.same, self.matched)),
                "by_voice": {voice: {"matched": m, "same_voice": s, "accuracy": _ratio(s, m)}
                             for voice, (m, s) in self.by_voice.items()},
                "speakers_compared": self.speakers_compared, "speakers_agreeing": self.speakers_agreeing,
                "speaker_agreement": _ratio(self.speakers_agreeing, self.speakers_compared)}


def voice_score(pairs: list[tuple[Span, Span]]) -> VoiceScore:
    score = VoiceScore(by_voice={voice: [0, 0] for voice in VOICES})
    for gold, predicted in pairs:
        same = gold.voice == predicted.voice
        score.matched += 1
        score.same += same
        score.by_voice[gold.voice][0] += 1
        score.by_voice[gold.voice][1] += same
        if same and names_a_person(gold.speaker) and names_a_person(predicted.speaker):
            score.speakers_compared += 1
            score.speakers_agreeing += speakers_agree(gold.speaker, predicted.speaker)
    return score


@dataclass
class Evaluation:
    categories: dict[str, CategoryScore]
    voice: VoiceScore
    pairs: list[tuple[Span, Span]]
    false_positives: list[Span]
    false_negatives: list[Span]

    def as_dict(self) -> dict:
        return {"categories": {c: s.as_dict() for c, s in self.categories.items()}, "voice": self.voice.as_dict()}


def evaluate(gold: list[Span], predicted: list[Span], categories) -> Evaluation:
    """Scores of `predicted` against `gold` for each of `categories`; spans of other categories are ignored."""
    categories = list(categories)
    gold = [span for span in gold if span.category in categories]
    predicted = [span for span in predicted if span.category in categories]
    pairs = match(gold, predicted)
    matched_gold = {id(g) for g, _ in pairs}
    matched_predicted = {id(p) for _, p in pairs}
    scores = {category: CategoryScore(category) for category in categories}
    for g, _ in pairs:
        scores[g.category].tp += 1
    false_positives = [p for p in predicted if id(p) not in matched_predicted]
    false_negatives = [g for g in gold if id(g) not in matched_gold]
    for p in false_positives:
        scores[p.category].fp += 1
    for g in false_negatives:
        scores[g.category].fn += 1
    return Evaluation(scores, voice_score(pairs), pairs, false_positives, false_negatives)


# --- predictions: the rules and the keyword baseline ----------------------------------------------

@dataclass(frozen=True)
class Run:
    spans: list[Span]
    seconds: float
    passages: int
    words: int

    @property
    def passages_per_second(self) -> float | None:
        return self.passages / self.seconds if self.seconds > 0 else None

    @property
    def ms_per_1000_words(self) -> float | None:
        return self.seconds * 1000 * 1000 / self.words if self.words else None


def predict(passages: dict[str, Passage], lexicon: Lexicon, language: str = "en") -> Run:
    """The marker pass over every passage, the bloc formulae included (they are counted on the
    page, so they are measured too), timed with a monotonic clock."""
    spans = []
    began = time.perf_counter()
    for passage in passages.values():
        conversation = records_conversation(passage.genre)
        for marker in find_markers(passage.text, language, lexicon, include_unflagged=True, conversation=conversation):
            spans.append(Span(passage.id, marker.start, marker.end, marker.category, marker.voice,
                              marker.speaker or None, marker.text))
    seconds = time.perf_counter() - began
    return Run(spans, seconds, len(passages), sum(word_count(p.text) for p in passages.values()))


_GLOSS = re.compile(r"\s+\([^)]*\)\s*$")         # "actually (after a contrast)": a note on use, not wording
_OPTIONAL = re.compile(r"\s?\(([^)]*)\)")        # "backward(ness)", "typical of (the) Koreans": optional wording


def _optional_forms(phrase: str) -> list[str]:
    match_ = _OPTIONAL.search(phrase)
    if not match_:
        return [re.sub(r"\s+", " ", phrase).strip()]
    joiner = " " if match_.group(0).startswith(" ") else ""
    with_it = phrase[:match_.start()] + joiner + match_.group(1) + phrase[match_.end():]
    without = phrase[:match_.start()] + phrase[match_.end():]
    return _optional_forms(with_it) + _optional_forms(without)


def term_keywords(term: str) -> list[str]:
    """The bare keywords a lexicon `term` names, read the way a person reads the term:

    * quotation marks, "…" and a leading placeholder "X " are dropped ("X informed us / me");
    * a parenthesis at the end of an alternative is a note on use and is dropped
      ("actually (after a contrast)"); any other parenthesis is optional wording
      ("backward(ness)" gives "backward" and "backwardness");
    * a slash separates alternatives; a one-word alternative beside a phrase replaces the
      phrase's first word when it comes before it ("elder / older / big brother" gives "elder
      brother") and its last word when it comes after it ("it is said / reported" gives "it is
      reported"), unless it is a term in its own right: a negated word ("not true / untrue" gives
      "untrue") or a hyphenated compound ("window-dressing / for propaganda purposes").
    """
    term = re.sub(r"[“”\"…]", "", term)
    term = re.sub(r"^X\s+", "", term.strip())
    alternatives = [_GLOSS.sub("", part).strip() for part in term.split("/")]
    alternatives = [part for part in alternatives if part]
    phrases = [part for part in alternatives if len(part.split()) > 1]
    expanded = []
    for index, part in enumerate(alternatives):
        if len(part.split()) > 1 or not phrases or part.lower().startswith("un") or "-" in part:
            expanded.append(part)
            continue
        before = [p for p in alternatives[index + 1:] if len(p.split()) > 1]
        after = [p for p in alternatives[:index] if len(p.split()) > 1]
        if before:  # the phrase follows: the word stands for its first word
            expanded.append(" ".join([part, *before[0].split()[1:]]))
        else:       # the phrase precedes: the word stands for its last word
            expanded.append(" ".join([*after[-1].split()[:-1], part]))
    keywords = []
    for phrase in expanded:
        for form in _optional_forms(phrase):
            if form and form.lower() not in (k.lower() for k in keywords):
                keywords.append(form)
    return keywords


def baseline_keywords(lexicon: Lexicon, language: str = "en") -> dict[str, list[str]]:
    """For each category, the keywords of the terms of its rules in `language`."""
    keywords: dict[str, list[str]] = {category: [] for category in lexicon.categories}
    for rule in lexicon.rules_for(language):
        for keyword in term_keywords(rule.term):
            if keyword.lower() not in (k.lower() for k in keywords[rule.category]):
                keywords[rule.category].append(keyword)
    return keywords


def _keyword_pattern(keyword: str) -> re.Pattern:
    words = [re.escape(word) for word in keyword.split()]
    return re.compile(r"(?<![^\W_])" + r"\s+".join(words) + r"(?![^\W_])", re.IGNORECASE)


def baseline_predict(passages: dict[str, Passage], keywords: dict[str, list[str]]) -> list[Span]:
    """Whole-word, case-insensitive keyword hits, no sense filters, every one in the author's
    voice; within a category overlapping hits become one (the longest), as in the engine."""
    patterns = {category: [_keyword_pattern(k) for k in words] for category, words in keywords.items()}
    spans = []
    for passage in passages.values():
        for category, compiled in patterns.items():
            hits = sorted(((m.start(), m.end()) for pattern in compiled for m in pattern.finditer(passage.text)),
                          key=lambda hit: (hit[0] - hit[1], hit[0]))
            kept: list[tuple[int, int]] = []
            for start, end in hits:
                if not any(s < end and start < e for s, e in kept):
                    kept.append((start, end))
            spans.extend(Span(passage.id, s, e, category, AUTHOR, None, passage.text[s:e]) for s, e in sorted(kept))
    return spans


# --- agreement between annotators -------------------------------------------------------------

def agreement(first: list[Span], second: list[Span], categories) -> dict:
    """Span agreement between two annotators over the passages both went through (ids sort in
    reading order: those up to the last the second file names, since passages may be added after
    the second round): per category the F1 of one against the other (symmetric), and over the
    spans both marked, how often they gave the same voice."""
    last = max((span.passage for span in second), default="")
    first = [span for span in first if span.passage <= last]
    result = evaluate(first, second, categories)
    return {"categories": {c: {"a": s.n_gold, "b": s.n_predicted, "both": s.tp, "span_f1": s.f1}
                           for c, s in result.categories.items()},
            "voice": {"both": result.voice.matched, "same_voice": result.voice.same, "agreement": result.voice.accuracy}}


# --- the figures the lexicon stores -------------------------------------------------------------

def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def measured_entries(evaluation: Evaluation, n_documents: int, test_set: str = TEST_SET) -> dict[str, dict]:
    """The `measured` object of each category that has gold spans, as markers.json stores it.
    Figures are rounded to three places; the stored-figures test recomputes them the same way."""
    entries = {}
    for category, score in evaluation.categories.items():
        if score.n_gold == 0:
            continue  # nothing to measure recall against: the category stays "not yet measured"
        precision_interval = score.precision_interval
        entries[category] = {
            "precision": _round(score.precision),
            "recall": _round(score.recall),
            "precision_interval": [_round(x) for x in precision_interval] if precision_interval else None,
            "recall_interval": [_round(x) for x in score.recall_interval],
            "n_spans": score.n_gold,
            "n_predicted": score.n_predicted,
            "n_documents": n_documents,
            "test_set": test_set,
        }
    return entries


def context(text: str, start: int, end: int, width: int = 60) -> str:
    """The span in its context on one line, the span in [brackets]."""
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    return re.sub(r"\s+", " ", f"…{left}[{text[start:end]}]{right}…")

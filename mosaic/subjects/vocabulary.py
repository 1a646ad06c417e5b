"""Loading the subject vocabulary and the places gazetteer from files (`mosaic subjects load`,
`mosaic init`). A file is checked whole before anything is written, and every problem is reported
with its line; then it is written in one transaction. Headings and places already in the archive
keep what curators gave them unless `replace` is asked for."""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from mosaic.entities.models import AuthorityTerm, TermVariant
from mosaic.lib.subject_headings import heading_problem, heading_slug, normalise_heading
from mosaic.subjects.models import Subject

SHIPPED_DIR = settings.DATA_DIR / "subjects"
HEADING_COLUMNS = ["heading", "broader", "scope_note"]
# Optional columns: how Korean pages show a heading and its scope note.
HEADING_KOREAN_COLUMNS = ["heading_ko", "scope_note_ko"]
PLACE_COLUMNS = ["term_id", "preferred", "hangul", "latitude", "longitude", "description", "forms"]


class VocabularyError(ValueError):
    """The file cannot be loaded; `problems` lists each as "FILE:LINE: message"."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class LoadReport:
    created: int
    updated: int
    unchanged: int


def _rows(path: Path, columns: list[str]) -> list[tuple[int, dict]]:
    """(line number, row) of a TSV with a header line (lines starting with # are comments) or of
    a JSON list of objects."""
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise VocabularyError([f"{path.name}:{error.lineno}: not valid JSON ({error.msg})"]) from None
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise VocabularyError([f"{path.name}:1: a JSON vocabulary is a list of objects"])
        # JSON has no line per row: the row's position stands in for it.
        return [(number, {key: "" if value is None else value for key, value in item.items()})
                for number, item in enumerate(data, start=1)]
    numbered = [(number, line) for number, line in enumerate(text.splitlines(), start=1)
                if line.strip() and not line.startswith("#")]
    if not numbered:
        raise VocabularyError([f"{path.name}:1: the file is empty"])
    header = numbered[0][1].split("\t")
    missing = [column for column in columns if column not in header]
    if missing:
        raise VocabularyError([f"{path.name}:{numbered[0][0]}: missing column(s) {', '.join(missing)} "
                               f"(the header names {', '.join(columns)})"])
    reader = csv.DictReader([line for _, line in numbered], delimiter="\t", quoting=csv.QUOTE_NONE)
    return [(number, {key: (value or "") for key, value in row.items() if key}) for (number, _), row in zip(numbered[1:], reader)]


def _text(row: dict, key: str) -> str:
    value = row.get(key, "")
    return value.strip() if isinstance(value, str) else str(value)


@transaction.atomic
def load_subjects(path: Path | None = None, *, replace: bool = False) -> LoadReport:
    """Create the headings of a vocabulary file (columns heading, broader, scope_note, and
    optionally heading_ko, scope_note_ko; a broader heading must be in the file or already in the
    archive). With `replace`, headings already here take the file's broader heading, scope note and
    Korean texts; without it they only take Korean texts they lack."""
    path = Path(path or SHIPPED_DIR / "headings.tsv")
    problems, wanted = [], {}  # slug -> (line, heading, broader heading, scope note)
    korean = {}  # slug -> {"heading_ko": ..., "scope_note_ko": ...}
    for line, row in _rows(path, HEADING_COLUMNS):
        heading = normalise_heading(_text(row, "heading"))
        problem = heading_problem(heading)
        if problem:
            problems.append(f"{path.name}:{line}: {problem}")
            continue
        if heading_slug(heading) in wanted:
            problems.append(f'{path.name}:{line}: "{heading[:80]}" is listed twice')
            continue
        broader = normalise_heading(_text(row, "broader"))
        wanted[heading_slug(heading)] = (line, heading, broader, _text(row, "scope_note"))
        korean[heading_slug(heading)] = {name: _text(row, name) for name in HEADING_KOREAN_COLUMNS}
    # Headings are matched by their key, so "Korea (north) -- Juche" finds "Korea (North)--Juche".
    existing = {s.slug: s for s in Subject.objects.all()}
    for slug, (line, heading, broader, _) in wanted.items():
        if broader and heading_slug(broader) not in wanted and heading_slug(broader) not in existing:
            problems.append(f'{path.name}:{line}: broader heading "{broader[:80]}" is neither in the file nor in the archive')
        if broader and heading_slug(broader) == slug:
            problems.append(f'{path.name}:{line}: "{heading[:80]}" cannot be broader than itself')
    if problems:
        raise VocabularyError(problems)

    new = [slug for slug in wanted if slug not in existing]
    for slug in new:  # first all of them, so that a broader heading later in the file exists
        _, heading, _, note = wanted[slug]
        existing[slug] = Subject.objects.create(heading=heading, slug=slug, scope_note=note, **korean[slug])
    updated = unchanged = 0
    for slug, (line, _, broader, note) in wanted.items():
        subject = existing[slug]
        broader_subject = existing[heading_slug(broader)] if broader else None
        changes = {}
        if slug in new or replace:
            if subject.broader_id != getattr(broader_subject, "pk", None):
                changes["broader"] = broader_subject
            changes["scope_note"] = note
        # A Korean text the heading lacks is filled in; one a curator wrote is replaced only on request.
        changes |= {name: value for name, value in korean[slug].items() if value and (replace or not getattr(subject, name))}
        changes = {name: value for name, value in changes.items() if name == "broader" or getattr(subject, name) != value}
        if not changes:
            unchanged += slug not in new
            continue
        for name, value in changes.items():
            setattr(subject, name, value)
        try:
            subject.full_clean()  # a cycle through headings already in the archive is refused here
        except ValidationError as error:
            raise VocabularyError([f'{path.name}:{line}: {"; ".join(error.messages)}']) from None
        subject.save()
        updated += slug not in new
    return LoadReport(len(new), updated, unchanged)


def _degrees(value: str, low: float, high: float, what: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f'{what} "{value[:20]}" is not a number of degrees') from None
    if not low <= number <= high:
        raise ValueError(f"{what} {number:g} is outside {low:g}..{high:g}")
    return number


@transaction.atomic
def load_places(path: Path | None = None, *, replace: bool = False) -> LoadReport:
    """Create or locate the places of a gazetteer file (columns term_id, preferred, hangul,
    latitude, longitude, description, forms as in data/names/terms.tsv). A place already in the
    authority gains the file's forms, and its coordinates if it has none (all of the file's
    values with `replace`); a term of another kind with the same id is an error."""
    path = Path(path or SHIPPED_DIR / "places.tsv")
    problems, rows = [], []
    ids = [_text(row, "term_id") for _, row in _rows(path, PLACE_COLUMNS)]
    kinds = dict(AuthorityTerm.objects.filter(term_id__in=ids).values_list("term_id", "kind"))
    for line, row in _rows(path, PLACE_COLUMNS):
        term_id, preferred = _text(row, "term_id"), _text(row, "preferred")
        try:
            if not term_id or not preferred:
                raise ValueError("term_id and preferred are required")
            if heading_slug(term_id) != term_id.replace("--", "-"):
                raise ValueError(f'term_id "{term_id[:40]}" must be lower-case letters, digits and hyphens')
            if kinds.get(term_id, "place") != "place":
                raise ValueError(f'"{term_id}" is a {kinds[term_id]} of the authority, not a place')
            latitude = _degrees(_text(row, "latitude"), -90, 90, "latitude")
            longitude = _degrees(_text(row, "longitude"), -180, 180, "longitude")
        except ValueError as error:
            problems.append(f"{path.name}:{line}: {error}")
            continue
        forms = [item.partition("|") for item in (part.strip() for part in _text(row, "forms").split(" ; ")) if item]
        rows.append((term_id, preferred, _text(row, "hangul"), latitude, longitude, _text(row, "description"),
                     [(form.strip(), language.strip()) for form, _, language in forms]))
    if problems:
        raise VocabularyError(problems)

    existing = {t.term_id: t for t in AuthorityTerm.objects.filter(term_id__in=[r[0] for r in rows])}
    created = updated = unchanged = 0
    for term_id, preferred, hangul, latitude, longitude, description, forms in rows:
        term = existing.get(term_id)
        if term is None:
            term = AuthorityTerm.objects.create(term_id=term_id, kind="place", preferred=preferred, hangul=hangul,
                                                description=description, latitude=latitude, longitude=longitude)
            created += 1
        elif replace or term.latitude is None or term.longitude is None:
            values = {"latitude": latitude, "longitude": longitude}
            if replace:
                values |= {"preferred": preferred, "hangul": hangul or term.hangul, "description": description or term.description}
            if any(getattr(term, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(term, key, value)
                term.save()
                updated += 1
            else:
                unchanged += 1
        else:
            unchanged += 1
        for form, language in forms:
            TermVariant.objects.get_or_create(term=term, form=form, language=language, defaults={"source": f"gazetteer {path.name}"})
    return LoadReport(created, updated, unchanged)

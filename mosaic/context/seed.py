"""Load the curated context tables (relations periods, embassy conditions, events) from TSV.

Re-loading updates rows by id but never overwrites a row a curator has edited since it was loaded
(their version wins and is reported), so the seed files can be refreshed safely. Each file may carry
the Korean text of its rows in an optional column (summary_ko, description_ko, event_ko)."""
from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from mosaic.common.bilingual import KOREAN_SUFFIX
from mosaic.context.models import RELATION_STATUSES, EmbassyCondition, Event, RelationsPeriod
from mosaic.lib.partial_dates import InvalidDate, PartialDate

SEED_DIR = settings.DATA_DIR / "context"
COUNTRY_CODES = {"SU": "USSR", "CN": "China", "HU": "Hungary", "DD": "GDR", "PL": "Poland", "CS": "Czechoslovakia",
                 "RO": "Romania", "BG": "Bulgaria", "AL": "Albania", "MN": "Mongolia", "VN": "Vietnam", "CU": "Cuba"}
# Keywords that find mentions of an event beyond its actors' names (curated; extend in the staff interface).
EVENT_KEYWORDS = {
    "E007": ["August Plenum", "plenum of the Central Committee", "Choe Chang-ik", "Yun Kong-hum"],
    "E016": ["Kapsan", "Pak Kum-chol", "Pak Geum-cheol", "Ri Hyo-sun", "Yi Hyo-sun", "Kim To-man", "May plenum"],
    "E018": ["Blue House", "Seoul raid"],
    "E019": ["Pueblo"],
}


class SeedError(ValueError):
    pass


@dataclass
class SeedReport:
    created: int = 0
    updated: int = 0
    kept: list[str] = field(default_factory=list)


def _rows(path: Path):
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle, delimiter="\t"), start=2):
            yield line, {key: (value or "").strip() for key, value in row.items()}


def _common(path: Path, line: int, row: dict, start_field: str = "start", end_field: str = "end") -> dict:
    try:
        for name in (start_field, end_field):
            if row[name]:
                PartialDate.parse(row[name])
    except InvalidDate as error:
        raise SeedError(f"{path}:{line}: {error}") from error
    if row["confidence"] not in ("high", "medium", "low"):
        raise SeedError(f"{path}:{line}: confidence must be high, medium or low, not {row['confidence']!r}")
    return {
        "start": row[start_field], "end": row[end_field], "approximate": row["date_precision"].endswith("~"),
        "sources": "\n".join(s.strip() for s in row["sources"].split(" | ") if s.strip()),
        "confidence": row["confidence"], "needs_verification": row["needs_verification"].lower() != "no",
        "notes": row.get("notes", ""),
    }


def _countries(path: Path, line: int, codes: str) -> list[str]:
    if codes == "ALL":
        return []
    try:
        return [COUNTRY_CODES[code.strip()] for code in codes.split(",")]
    except KeyError as error:
        raise SeedError(f"{path}:{line}: unknown country code {error}") from None


def _digest(values: dict) -> str:
    # A blank Korean text counts as absent, so rows loaded before the Korean columns existed keep
    # their digest and still take the seed's Korean text (they are not mistaken for curators' edits).
    values = {name: value for name, value in values.items() if not (name.endswith(KOREAN_SUFFIX) and value == "")}
    return hashlib.sha256(json.dumps(values, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _store(model, row_id: str, values: dict, report: SeedReport) -> None:
    existing = model.objects.filter(row_id=row_id).first()
    if existing is None:
        model(row_id=row_id, seed_digest=_digest(values), **values).save()
        report.created += 1
        return
    current = {name: getattr(existing, name) for name in values}
    if _digest(current) != existing.seed_digest:
        report.kept.append(row_id)  # a curator changed it since it was loaded: theirs stands
        return
    if current != values:
        for name, value in values.items():
            setattr(existing, name, value)
        existing.seed_digest = _digest(values)
        existing.save()
        report.updated += 1


def load_context(directory: Path = SEED_DIR) -> SeedReport:
    report = SeedReport()
    with transaction.atomic():
        path = directory / "relations_timeline.tsv"
        for line, row in _rows(path):
            if row["status"] not in RELATION_STATUSES:
                raise SeedError(f"{path}:{line}: status {row['status']!r} is not in the controlled vocabulary")
            country = COUNTRY_CODES.get(row["partner_code"])
            if not country:
                raise SeedError(f"{path}:{line}: unknown partner code {row['partner_code']!r}")
            values = _common(path, line, row) | {"country": country, "status": row["status"], "summary": row["summary"],
                                                 "summary_ko": row.get("summary_ko", "")}
            _store(RelationsPeriod, row["id"], values, report)
        path = directory / "embassy_conditions.tsv"
        for line, row in _rows(path):
            values = _common(path, line, row) | {
                "countries": _countries(path, line, row["country_code"]), "applies_to": row["country"],
                "condition_type": row["condition_type"], "description": row["description"],
                "description_ko": row.get("description_ko", "")}
            _store(EmbassyCondition, row["id"], values, report)
        path = directory / "events.tsv"
        for line, row in _rows(path):
            values = _common(path, line, row, "date_start", "date_end") | {
                "title": row["event"], "title_ko": row.get("event_ko", ""), "category": row["category"], "actors": row["actors"],
                "public_at_time": row["public_at_time"], "lag_notes": row["lag_notes"], "notes": "",
                "keywords": "\n".join(EVENT_KEYWORDS.get(row["id"], []))}
            _store(Event, row["id"], values, report)
    return report

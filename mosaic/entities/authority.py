"""The name authority in the database, and the matcher built from it.

The matching engine (`mosaic.lib.names`) knows nothing of Django: this module feeds it the
people and variants curators keep in the database, and rebuilds it when they change.
"""
from __future__ import annotations

import csv
import threading
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max

from mosaic.entities.models import AuthorityTerm, NameVariant, Person, TermVariant
from mosaic.lib.text_folding import fold
from mosaic.lib.names import AuthorityPerson, NameMatcher, load_authority, renderings

NAMES_DIR = settings.DATA_DIR / "names"
_lock = threading.Lock()
_cache: dict = {"stamp": None, "matcher": None}


@transaction.atomic
def load_shipped_authority(seed: Path | None = None, aliases: Path | None = None) -> tuple[int, int]:
    """Create or update the seed people and their curated aliases; returns (created, updated)."""
    people = load_authority(seed or NAMES_DIR / "authority_seed.tsv", aliases or NAMES_DIR / "aliases.tsv")
    created = updated = 0
    for entry in people:
        official = renderings(entry.hangul, entry.hanja).get("dprk", [""])
        values = {"tradition": Person.KOREAN, "hangul": entry.hangul, "hangul_rok": entry.hangul_rok,
                  "hanja": entry.hanja, "mr": entry.mr, "rr": entry.rr,
                  "dprk_official": official[0] if official else "", "display_name": (official[0] if official else entry.mr)}
        person, was_created = Person.objects.get_or_create(person_id=entry.person_id, defaults=values)
        if was_created:
            created += 1
        elif any(getattr(person, k) != v for k, v in values.items() if k != "display_name"):
            Person.objects.filter(pk=person.pk).update(**{k: v for k, v in values.items() if k != "display_name"})
            updated += 1
        for alias, alias_type, language in entry.aliases:
            NameVariant.objects.get_or_create(person=person, form=alias, language=language, kind="alias",
                                              defaults={"alias_type": alias_type, "source": "curated alias list"})
    return created, updated


@transaction.atomic
def load_terms(path: Path | None = None) -> int:
    """Create or update the organisations, places, publications and terms of the shipped list."""
    path = path or NAMES_DIR / "terms.tsv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        term, _ = AuthorityTerm.objects.update_or_create(
            term_id=row["term_id"],
            defaults={"kind": row["kind"], "preferred": row["preferred"], "hangul": row["hangul"], "description": row["description"]},
        )
        for item in filter(None, (part.strip() for part in row["forms"].split(" ; "))):
            form, _, language = item.partition("|")
            TermVariant.objects.get_or_create(term=term, form=form.strip(), language=language.strip(),
                                              defaults={"source": "shipped term list"})
    return len(lines) - 1


def term_forms() -> dict[str, tuple[AuthorityTerm, list[str]]]:
    """Folded form → (term, all its forms), for reading queries and masking texts."""
    index: dict[str, tuple[AuthorityTerm, list[str]]] = {}
    for term in AuthorityTerm.objects.prefetch_related("variants"):
        forms = list(dict.fromkeys([term.preferred, *(v.form for v in term.variants.all()), term.hangul]))
        for form in forms:
            if form:
                index[fold(form)] = (term, forms)
    return index


def import_variants(path: Path) -> tuple[int, list[str]]:
    """Load attested variants (columns variant, script_or_language, canonical_mr, hangul, source).

    Rows whose hangul names no person in the authority are reported, not guessed at.
    """
    by_hangul: dict[str, list[Person]] = {}
    for person in Person.objects.exclude(hangul=""):
        by_hangul.setdefault(person.hangul, []).append(person)
        if person.hangul_rok:
            by_hangul.setdefault(person.hangul_rok, []).append(person)
    added, problems = 0, []
    with open(path, encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle, delimiter="\t"), start=2):
            candidates = by_hangul.get((row.get("hangul") or "").strip(), [])
            if len(candidates) != 1:
                problems.append(f"{path}:{line}: {row.get('variant')!r}: hangul {row.get('hangul')!r} names "
                                f"{'no one' if not candidates else 'several people'} in the authority")
                continue
            _, was_created = NameVariant.objects.get_or_create(
                person=candidates[0], form=row["variant"].strip(), language=row["script_or_language"].strip(),
                kind="attested", defaults={"source": row.get("source", "").strip()})
            added += was_created
    return added, problems


def _stamp():
    people = Person.objects.aggregate(n=Count("pk"), t=Max("modified"))
    variants = NameVariant.objects.aggregate(n=Count("pk"), t=Max("modified"))
    return (people["n"], people["t"], variants["n"], variants["t"])


def authority_people() -> list[AuthorityPerson]:
    variants: dict[int, list[NameVariant]] = {}
    for variant in NameVariant.objects.all():
        variants.setdefault(variant.person_id, []).append(variant)
    return [
        AuthorityPerson(
            person_id=p.person_id, hangul=p.hangul, mr=p.mr, hanja=p.hanja, rr=p.rr, hangul_rok=p.hangul_rok,
            aliases=tuple((v.form, v.alias_type, v.language) for v in variants.get(p.pk, []) if v.kind == "alias"),
            attested=tuple((v.form, v.language) for v in variants.get(p.pk, []) if v.kind == "attested"),
        )
        for p in Person.objects.filter(tradition=Person.KOREAN).exclude(hangul="")
    ]


def get_matcher() -> NameMatcher:
    """The matcher for the current authority, rebuilt only after people or variants change."""
    stamp = _stamp()
    with _lock:
        if _cache["stamp"] != stamp:
            _cache["matcher"] = NameMatcher(authority_people())
            _cache["stamp"] = stamp
        return _cache["matcher"]

"""The name authority in the database, and the matcher built from it.

The matching engine (`mosaic.lib.names`) knows nothing of Django: this module feeds it the
people and variants curators keep in the database, and rebuilds it when they change.
"""
from __future__ import annotations

import csv
import json
import threading
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max

from mosaic.changes.service import collecting
from mosaic.entities.models import Agent, AuthorityTerm, NameVariant, Office, Person, TermVariant
from mosaic.lib.person_names import natural_name
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


HSG_SOURCE = "history.state.gov"


def read_hsg_people(path: Path):
    """History.state.gov person records from its people JSON Lines (`id`, `preferred`, `originals`)
    or from a FRUS volume persons TSV (`people_db_id`, `preferred_name`, `name_as_written_in_volume`)."""
    if path.suffix == ".tsv":
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                if row.get("people_db_id"):
                    yield {"id": row["people_db_id"], "preferred": row["preferred_name"],
                           "originals": [{"name": row["name_as_written_in_volume"], "sources": [row.get("source_url", "")]}]}
        return
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


@transaction.atomic
def import_hsg_people(path: Path) -> tuple[int, int]:
    """Add history.state.gov people as authority records; returns (new people, merged into Korean ones).

    A record whose name the matcher reads confidently as a Korean already in the authority (FRUS
    lists Kim Il Sung too) adds its forms to that person instead of making a second record.
    """
    matcher = get_matcher()
    korean = {p.person_id: p for p in Person.objects.filter(tradition=Person.KOREAN)}
    existing = set(Person.objects.filter(tradition=Person.OTHER).values_list("person_id", flat=True))
    new_people, variants, merged = [], [], 0
    for record in read_hsg_people(path):
        forms = [(o["name"], (o.get("sources") or [""])[0]) for o in record.get("originals", [])] or [(record["preferred"], "")]
        display = natural_name(record["preferred"])
        reading = matcher.resolve(display, k=2) if len(display.split()) >= 2 else None
        if reading and reading.candidates and not reading.ambiguous and reading.candidates[0].score >= 0.95:
            person = korean[reading.candidates[0].person_id]
            person.external_ids = {**person.external_ids, HSG_SOURCE: record["id"]}
            person.save(update_fields=["external_ids", "modified"])
            variants += [NameVariant(person=person, form=natural_name(f), language="en", kind="attested", source=src) for f, src in forms]
            merged += 1
            continue
        person_id = f"hsg-{record['id']}"
        if person_id in existing:
            continue
        existing.add(person_id)
        person = Person(person_id=person_id, tradition=Person.OTHER, display_name=display,
                        external_ids={HSG_SOURCE: record["id"]})
        new_people.append(person)
        variants += [NameVariant(person=person, form=form, language="en", kind="attested", source=src) for form, src in forms]
        if natural_name(record["preferred"]) != record["preferred"]:
            variants.append(NameVariant(person=person, form=display, language="en", kind="alias", alias_type="other",
                                        source="natural order of the indexed form"))
    Person.objects.bulk_create(new_people, batch_size=1000)
    NameVariant.objects.bulk_create(variants, batch_size=1000, ignore_conflicts=True)
    return len(new_people), merged


def link_agents() -> int:
    """Point document agents at authority people: by an exact known form, or (Korean names) by a
    confident reading. Returns how many agents were linked."""
    exact: dict[str, Person] = {}
    for person in Person.objects.filter(tradition=Person.OTHER):
        exact[fold(person.display_name)] = person
    for variant in NameVariant.objects.filter(person__tradition=Person.OTHER).select_related("person"):
        exact.setdefault(fold(natural_name(variant.form)), variant.person)
    matcher = get_matcher()
    korean = {p.person_id: p for p in Person.objects.filter(tradition=Person.KOREAN)}
    linked = 0
    # One batch: each document is indexed again once, not once for each of its agents linked.
    with collecting("agents linked to the name authority"):
        for agent in Agent.objects.filter(kind=Agent.PERSON, person__isnull=True):
            if len(agent.name.split()) < 2:
                continue  # "Ivanov", "Kim": one word names too many people
            person = exact.get(fold(agent.name))
            if person is None:
                reading = matcher.resolve(agent.name, k=2)
                if reading.candidates and not reading.ambiguous and reading.candidates[0].score >= 0.95:
                    person = korean.get(reading.candidates[0].person_id)
            if person is not None:
                agent.person = person
                agent.save(update_fields=["person", "modified"])
                linked += 1
    return linked


@transaction.atomic
def load_biographies(path: Path) -> int:
    """Life dates, a sourced biography and offices for people already in the authority, from JSON
    (`{"people": [{"person_id", "born", "died", "biography", "biography_ko", "sources": [...], "offices": [...]}]}`).

    Only what a record lacks is filled in, and offices only for someone who has none, so loading
    again changes nothing and never overwrites a curator's text. Each record filled is a version
    in its history. Returns how many records were filled."""
    from mosaic.curation.history import snapshot

    entries = json.loads(path.read_text(encoding="utf-8"))["people"]
    people = Person.objects.in_bulk([entry["person_id"] for entry in entries], field_name="person_id")
    missing = sorted({entry["person_id"] for entry in entries} - set(people))
    if missing:
        raise LookupError(f"{path.name}: no such person in the authority: {', '.join(missing)}")
    filled = []
    for entry in entries:
        person = people[entry["person_id"]]
        values = {"born": entry.get("born", ""), "died": entry.get("died", ""), "biography": entry.get("biography", ""),
                  "biography_ko": entry.get("biography_ko", ""),
                  "biography_sources": "\n".join(entry.get("sources", []))}
        empty = [name for name, value in values.items() if value and not getattr(person, name)]
        for name in empty:
            setattr(person, name, values[name])
        if empty:
            person.save(update_fields=[*empty, "modified"])
        offices = []
        if entry.get("offices") and not person.offices.exists():
            offices = Office.objects.bulk_create(
                Office(person=person, order=order, title=office["title"], start=office.get("start", ""),
                       end=office.get("end", ""), source=office.get("source", ""))
                for order, office in enumerate(entry["offices"]))
        if empty or offices:
            snapshot([person, *offices], comment=f"Biography and offices from {path.name}")
            filled.append(person)
    return len(filled)


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

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
from django.db.models import Count, Max, Q

from mosaic.changes.service import collecting
from mosaic.entities.models import ALIAS_TYPES, Agent, AuthorityTerm, NameVariant, Office, Person, TermVariant
from mosaic.lib.person_names import natural_name
from mosaic.lib.text_folding import fold
from mosaic.lib.names import AuthorityPerson, ForeignPerson, NameMatcher, load_authority, renderings
from mosaic.lib.names.chinese import chinese_forms
from mosaic.lib.names.hangul import is_syllable
from mosaic.lib.names.hanja import has_han

NAMES_DIR = settings.DATA_DIR / "names"
PEOPLE_DIR = NAMES_DIR / "people"
PEOPLE_COLUMNS = ["person_id", "tradition", "name", "hangul", "hangul_rok", "hanja", "born", "died", "group", "source"]
OFFICE_COLUMNS = ["person_id", "title", "start", "end", "source"]
ALIAS_COLUMNS = ["person_id", "alias", "alias_type", "language", "source"]
LIFE_COLUMNS = ["person_id", "born", "died", "source"]
TRADITIONS = {"korean": Person.KOREAN, "chinese": Person.CHINESE, "other": Person.OTHER}
_lock = threading.Lock()
_cache: dict = {"stamp": None, "matcher": None}


def dprk_official_form(hangul: str, hanja: str = "") -> str:
    """The name in the DPRK's official romanization (Choe Yong Gon), "" if none can be made."""
    official = renderings(hangul, hanja).get("dprk", [""])
    return official[0] if official else ""


@transaction.atomic
def load_shipped_authority(seed: Path | None = None, aliases: Path | None = None,
                           people_folder: Path | None = PEOPLE_DIR) -> tuple[int, int]:
    """Create or update the seed people and their curated aliases, then add the people of
    `people_folder` (`load_people_files`); returns (created, updated)."""
    people = load_authority(seed or NAMES_DIR / "authority_seed.tsv", aliases or NAMES_DIR / "aliases.tsv")
    created = updated = 0
    for entry in people:
        official = dprk_official_form(entry.hangul, entry.hanja)
        values = {"tradition": Person.KOREAN, "hangul": entry.hangul, "hangul_rok": entry.hangul_rok,
                  "hanja": entry.hanja, "mr": entry.mr, "rr": entry.rr,
                  "dprk_official": official, "display_name": official or entry.mr}
        person, was_created = Person.objects.get_or_create(person_id=entry.person_id, defaults=values)
        if was_created:
            created += 1
        elif any(getattr(person, k) != v for k, v in values.items() if k != "display_name"):
            Person.objects.filter(pk=person.pk).update(**{k: v for k, v in values.items() if k != "display_name"})
            updated += 1
        for alias, alias_type, language in entry.aliases:
            NameVariant.objects.get_or_create(person=person, form=alias, language=language, kind="alias",
                                              defaults={"alias_type": alias_type, "source": "curated alias list"})
    if people_folder is not None:
        created += load_people_files(people_folder)
    return created, updated


class AuthorityFileError(ValueError):
    """A shipped or curated authority file that cannot be loaded, with the file and row named."""


def _rows(path: Path, columns: list[str]) -> list[tuple[str, dict[str, str]]]:
    """(where, row) for each row of a tab-separated file whose `#` lines come first."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise AuthorityFileError(f"{path.name}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]
    if not numbered:
        return []
    header = numbered[0][1].split("\t")
    if header != columns:
        raise AuthorityFileError(f"{path.name}: line {numbered[0][0]}: the columns must be {', '.join(columns)}")
    rows = []
    for number, line in numbered[1:]:
        fields = line.split("\t")
        if len(fields) != len(columns):
            raise AuthorityFileError(f"{path.name}: line {number}: {len(fields)} fields where there are {len(columns)} columns")
        rows.append((f"{path.name}: line {number}", {c: v.strip() for c, v in zip(columns, fields)}))
    return rows


def _check_dates(where: str, row: dict[str, str], *names: str) -> None:
    from mosaic.lib.partial_dates import InvalidDate, PartialDate

    for name in names:
        if row[name]:
            try:
                PartialDate.parse(row[name])
            except InvalidDate as error:
                raise AuthorityFileError(f"{where}: {name}: {error}") from None


def read_people_files(folder: Path) -> dict:
    """The people, offices, aliases and life dates of an authority folder, checked as a whole
    before anything is written: every person has a source, a known tradition and (Korean) hangul
    or (Chinese) characters; every office, alias and life date names a person of the folder or the
    seed; dates are YYYY, YYYY-MM or YYYY-MM-DD. AuthorityFileError names the file and line."""
    seed_ids = {entry.person_id for entry in load_authority(NAMES_DIR / "authority_seed.tsv")}
    people: dict[str, dict[str, str]] = {}
    offices: dict[str, list[dict[str, str]]] = {}
    aliases, lives = [], []
    extra = {"aliases.tsv", "seed_offices.tsv", "seed_lives.tsv"}
    for path in sorted(folder.glob("*.tsv")):
        if path.name in extra or path.name.endswith("_offices.tsv"):
            continue
        for where, row in _rows(path, PEOPLE_COLUMNS):
            if row["person_id"] in people or row["person_id"] in seed_ids or not row["person_id"]:
                raise AuthorityFileError(f"{where}: the id {row['person_id']!r} is empty or already taken")
            if row["tradition"] not in TRADITIONS:
                raise AuthorityFileError(f"{where}: tradition must be one of {', '.join(TRADITIONS)}, not {row['tradition']!r}")
            if not row["name"] or not row["source"]:
                raise AuthorityFileError(f"{where}: a person needs a name and a source")
            if row["tradition"] == "korean" and not (row["hangul"] and all(is_syllable(c) for c in row["hangul"])):
                raise AuthorityFileError(f"{where}: a Korean name needs its hangul (complete syllables only)")
            if row["tradition"] == "chinese" and not has_han(row["hanja"]):
                raise AuthorityFileError(f"{where}: a Chinese name needs its characters in the hanja column")
            _check_dates(where, row, "born", "died")
            people[row["person_id"]] = row
        offices_path = path.with_name(f"{path.stem}_offices.tsv")
        for where, row in _rows(offices_path, OFFICE_COLUMNS) if offices_path.exists() else []:
            offices.setdefault(row["person_id"], []).append(row)
    seed_offices = folder / "seed_offices.tsv"
    for where, row in _rows(seed_offices, OFFICE_COLUMNS) if seed_offices.exists() else []:
        if row["person_id"] not in seed_ids:
            raise AuthorityFileError(f"{where}: {row['person_id']!r} is not a person of authority_seed.tsv")
        offices.setdefault(row["person_id"], []).append(row)
    known = set(people) | seed_ids
    for person_id, held in offices.items():
        for row in held:
            where = f"office {row['title']!r} of {person_id}"
            if person_id not in known:
                raise AuthorityFileError(f"{where}: no such person in the folder or the seed")
            if not row["title"] or not row["source"]:
                raise AuthorityFileError(f"{where}: an office needs a title and a source")
            _check_dates(where, row, "start", "end")
    alias_types = {value for value, _label in ALIAS_TYPES if value}
    if (folder / "aliases.tsv").exists():
        for where, row in _rows(folder / "aliases.tsv", ALIAS_COLUMNS):
            if row["person_id"] not in known or not row["alias"] or row["alias_type"] not in alias_types:
                raise AuthorityFileError(f"{where}: an alias needs a known person, a form and a type "
                                         f"({', '.join(sorted(alias_types))})")
            aliases.append(row)
    if (folder / "seed_lives.tsv").exists():
        for where, row in _rows(folder / "seed_lives.tsv", LIFE_COLUMNS):
            if row["person_id"] not in seed_ids:
                raise AuthorityFileError(f"{where}: {row['person_id']!r} is not a person of authority_seed.tsv")
            _check_dates(where, row, "born", "died")
            lives.append(row)
    return {"people": people, "offices": offices, "aliases": aliases, "lives": lives}


def _person_values(row: dict[str, str]) -> dict:
    tradition = TRADITIONS[row["tradition"]]
    values = {"tradition": tradition, "display_name": row["name"], "country": row["group"], "born": row["born"],
              "died": row["died"], "biography_sources": row["source"], "hanja": row["hanja"]}
    if tradition == Person.KOREAN:
        official = dprk_official_form(row["hangul"], row["hanja"])
        values.update(hangul=row["hangul"], hangul_rok=row["hangul_rok"] if row["hangul_rok"] != row["hangul"] else "",
                      mr=row["name"], dprk_official=official)
        if row["group"] == "DPRK" and official:
            values["display_name"] = official  # the house form, as for the seed's people
    return values


@transaction.atomic
def load_people_files(folder: Path = PEOPLE_DIR) -> int:
    """Add the people of an authority folder (NAMES_DIR/people: a `X.tsv` of people with its
    `X_offices.tsv`, and `aliases.tsv`, `seed_offices.tsv`, `seed_lives.tsv`), checked first as a
    whole (`read_people_files`). As with biographies, only what a record lacks is filled in and
    offices only for someone who has none, so loading again changes nothing and a curator's edit
    stays. Like the seed, what the files give is not a version in the history (the files are);
    a curator's edits afterwards are. Returns the people added."""
    found = read_people_files(folder)
    existing = Person.objects.in_bulk([*found["people"], *(row["person_id"] for row in found["lives"]),
                                       *found["offices"]], field_name="person_id")
    added = [Person(person_id=person_id, **_person_values(row))
             for person_id, row in found["people"].items() if person_id not in existing]
    Person.objects.bulk_create(added, batch_size=500)
    people = {**existing, **{person.person_id: person for person in added}}
    for person_id, row in found["people"].items():
        if person_id in existing:
            person = existing[person_id]
            blank = {name: value for name, value in _person_values(row).items() if value and not getattr(person, name)}
            if blank:
                Person.objects.filter(pk=person.pk).update(**blank)
    for row in found["lives"]:
        person = people.get(row["person_id"])
        if person is None:
            continue  # a seed person the seed loader has not made (a test's own seed)
        blank = {name: row[name] for name in ("born", "died") if row[name] and not getattr(person, name)}
        if blank:
            Person.objects.filter(pk=person.pk).update(**blank)
    with_offices = set(Office.objects.filter(person__person_id__in=list(found["offices"]))
                       .values_list("person__person_id", flat=True))
    offices = [Office(person=people[person_id], order=order, title=row["title"], start=row["start"], end=row["end"],
                      source=row["source"])
               for person_id, held in found["offices"].items() if person_id in people and person_id not in with_offices
               for order, row in enumerate(held)]
    Office.objects.bulk_create(offices, batch_size=500)
    known_aliases = set(NameVariant.objects.filter(kind="alias", person__person_id__in=[r["person_id"] for r in found["aliases"]])
                        .values_list("person__person_id", "form", "language"))
    NameVariant.objects.bulk_create(
        [NameVariant(person=people[row["person_id"]], form=row["alias"], language=row["language"], kind="alias",
                     alias_type=row["alias_type"], source=row["source"])
         for row in found["aliases"]
         if row["person_id"] in people and (row["person_id"], row["alias"], row["language"]) not in known_aliases],
        batch_size=500)
    return len(added)


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
        if (reading and reading.candidates and not reading.ambiguous and reading.candidates[0].score >= 0.95
                and reading.candidates[0].person_id in korean):
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


def foreign_people() -> list[ForeignPerson]:
    """The authority's Chinese people (with the forms their characters give), others, and Koreans
    without hangul, for the matcher to find whole: a foreign name is claimed by its own record."""
    variants: dict[int, list[NameVariant]] = {}
    # A Korean without hangul (a curator's new person) is found by the forms recorded, as these are.
    whole_forms_only = Q(tradition__in=[Person.CHINESE, Person.OTHER]) | Q(tradition=Person.KOREAN, hangul="")
    for variant in NameVariant.objects.filter(person__in=Person.objects.filter(whole_forms_only)):
        variants.setdefault(variant.person_id, []).append(variant)
    people = []
    for person in Person.objects.filter(whole_forms_only):
        forms = [(v.form, v.language) for v in variants.get(person.pk, [])]
        if person.tradition == Person.CHINESE and person.hanja:
            forms = chinese_forms(person.display_name, person.hanja) + forms
        elif person.country == "Hungary" and len(person.display_name.split()) >= 2:
            given, surname = person.display_name.rsplit(" ", 1)
            forms.append((f"{surname} {given}", "hu"))  # Hungarian puts the family name first: Kádár János
        people.append(ForeignPerson(person.person_id, person.display_name, tuple(forms)))
    return people


def get_matcher() -> NameMatcher:
    """The matcher for the current authority, rebuilt only after people or variants change."""
    stamp = _stamp()
    with _lock:
        if _cache["stamp"] != stamp:
            _cache["matcher"] = NameMatcher(authority_people(), foreign_people())
            _cache["stamp"] = stamp
        return _cache["matcher"]

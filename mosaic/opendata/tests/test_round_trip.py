"""The demo archive exported, then imported into an empty archive: the same public records come
back, field by field, and exporting them again writes the same files. The dump also passes the
Frictionless validator, every JSON line its JSON Schema, and every TEI file is what its
document's public layers say.

The demo is loaded once for the module (it is most of the time), in a transaction whose savepoint
before the demo stands for the empty archive; everything is rolled back at the end.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import types

import frictionless
import jsonschema
import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from lxml import etree

from mosaic.collections.models import Collection
from mosaic.collections.seed import load_collections_file
from mosaic.context.models import EmbassyCondition, Event, RelationsPeriod
from mosaic.context.seed import load_context
from mosaic.corpus.models import Document
from mosaic.ingest.records import FIELDS
from mosaic.opendata.documents import public_documents
from mosaic.opendata.export import export_dump
from mosaic.opendata.package import PACKAGE_FILE
from mosaic.opendata.tei import TEI
from mosaic.subjects.models import Subject

pytestmark = pytest.mark.django_db

CREATED = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.timezone.utc)
CONTEXT_FIELDS = {
    RelationsPeriod: ("country", "status", "summary", "summary_ko"),
    EmbassyCondition: ("countries", "applies_to", "condition_type", "description", "description_ko"),
    Event: ("title", "title_ko", "category", "actors", "public_at_time", "lag_notes"),
}


def public_state() -> dict:
    """What the public sees of the archive: each public document's facts and texts, the published
    collections with their public documents in order, and the context tables' public columns."""
    documents = {document.facts.public_id: document for document in public_documents()}
    collections = {c.slug: (c.title, c.title_ko, c.description, c.description_ko, c.parent.slug if c.parent else None,
                            list(c.memberships.filter(document__public_id__in=list(documents))
                                 .order_by("order", "pk").values_list("document__public_id", flat=True)))
                   for c in Collection.objects.filter(status="published")}
    context = {model.__name__: {row.row_id: {name: getattr(row, name) for name in
                                             ("start", "end", "approximate", "sources", "confidence",
                                              "needs_verification", *fields)}
                                for row in model.objects.all()}
               for model, fields in CONTEXT_FIELDS.items()}
    return {"documents": documents, "collections": collections, "context": context}


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory, django_db_setup, django_db_blocker):
    from mosaic.archives.seed import load_repositories
    from mosaic.entities.authority import load_terms
    from mosaic.ingest.demo import load_demo
    from mosaic.subjects.vocabulary import load_places, load_subjects

    root = tmp_path_factory.mktemp("round-trip")
    # Language markers and name links are queued, not computed: no file of a dump holds them, and
    # computing them was a third of the demo's loading.
    queued = {"TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}},
              "MOSAIC_JOBS_RUN": "worker"}
    with django_db_blocker.unblock(), override_settings(MOSAIC_FILE_STORE=root / "store",
                                                       MOSAIC_DERIVATIVES=root / "derivatives", **queued):
        with transaction.atomic():
            empty = transaction.savepoint()
            load_demo(progress=False)
            before = public_state()
            first = export_dump(root / "first", created=CREATED)
            transaction.savepoint_rollback(empty)
            assert not Document.objects.exists() and not RelationsPeriod.objects.exists() and not Subject.objects.exists()
            # Of what `mosaic init` gives a new archive, only what the dump does not carry: the
            # holding archives and the places of the shipped gazetteer. The subject vocabulary and
            # the context tables come from the dump alone.
            load_repositories()
            load_terms()
            load_places()
            dump = first.folder
            load_subjects(dump / "subjects.json")
            out = io.StringIO()
            call_command("ingest", str(dump / "documents.jsonl"), stdout=out, stderr=io.StringIO())
            load_collections_file(dump / "collections.json")
            load_context(dump / "context")
            after = public_state()
            second = export_dump(root / "second", created=CREATED)
            transaction.set_rollback(True)
    return types.SimpleNamespace(before=before, after=after, first=first, second=second, ingest_output=out.getvalue())


def test_the_dump_loads_into_an_empty_archive_and_gives_back_the_same_public_records(round_trip):
    before, after = round_trip.before, round_trip.after
    assert f"{len(before['documents'])} created" in round_trip.ingest_output
    assert len(before["documents"]) == round_trip.first.counts["documents"] >= 140
    assert sorted(after["documents"]) == sorted(before["documents"])
    for public_id, was in before["documents"].items():
        now = after["documents"][public_id]
        for name in (f.name for f in dataclasses.fields(was.facts)):
            assert getattr(now.facts, name) == getattr(was.facts, name), f"{public_id}: {name} differs after the round trip"
        assert now.texts == was.texts, f"{public_id}: its public texts differ after the round trip"
        assert (now.access, now.embargo_until) == (was.access, was.embargo_until)
    # The demo has what the comparison must cover: partial dates of each precision, locators with
    # units and folios, credits, agents, texts, tags, sets.
    facts = [document.facts for document in before["documents"].values()]
    assert {f.date_precision for f in facts} >= {"year", "month", "day"}
    assert any(f.locators and f.locators[0].units and f.locators[0].folio_start for f in facts)
    assert any(f.credits for f in facts) and any(f.sets for f in facts) and any(f.agents for f in facts)
    assert any(document.texts for document in before["documents"].values())
    assert after["collections"] == before["collections"] and before["collections"]
    assert after["context"] == before["context"]
    assert all(before["context"].values())
    # The curators' Korean texts travel too (the demo has them for every collection and event).
    assert all(title_ko for title_ko, *_ in (values[1:] for values in before["collections"].values()))
    assert all(row["title_ko"] for row in before["context"]["Event"].values())
    dumped = json.loads((round_trip.first.folder / "collections.json").read_text(encoding="utf-8"))["collections"]
    assert all(collection["title_ko"] and collection["description_ko"] for collection in dumped)
    with (round_trip.first.folder / "context" / "events.tsv").open(encoding="utf-8", newline="") as events:
        assert all(row["event_ko"] for row in csv.DictReader(events, delimiter="\t"))
    assert round_trip.first.problems == []


def test_exporting_the_loaded_archive_again_writes_the_same_files(round_trip):
    first, second = round_trip.first.folder, round_trip.second.folder
    # The authority is the one file that differs: an empty archive has only the shipped seed, not
    # the people the demo adds from its FRUS persons table.
    same = [path.relative_to(first) for path in first.rglob("*")
            if path.is_file() and not path.is_relative_to(first / "authority") and path.name != PACKAGE_FILE]
    assert len(same) > 10
    for path in same:
        assert (second / path).read_bytes() == (first / path).read_bytes(), f"{path} differs"


def test_the_datapackage_passes_the_frictionless_validator_and_the_json_its_schemas(round_trip):
    folder = round_trip.first.folder
    report = frictionless.validate(str(folder / PACKAGE_FILE))
    assert report.valid, report.flatten(["title", "type", "message"])[:10]
    package = json.loads((folder / PACKAGE_FILE).read_text(encoding="utf-8"))
    listed = {resource["path"] for resource in package["resources"]}
    written = {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file() and path.parent.name != "tei"}
    assert listed == written - {PACKAGE_FILE}
    assert package["created"] == "2025-03-01T12:00:00Z" and package["counts"]["documents"] >= 140
    assert all(resource["hash"].startswith("sha256:") and resource["bytes"] > 0 for resource in package["resources"])
    for resource in package["resources"]:
        if "jsonSchema" not in resource:
            assert resource["schema"]["fields"], resource["name"]
            continue
        validator = jsonschema.Draft202012Validator(resource["jsonSchema"])
        text = (folder / resource["path"]).read_text(encoding="utf-8")
        values = [json.loads(line) for line in text.splitlines()] if resource["format"] == "jsonl" else [json.loads(text)]
        for value in values:
            errors = [error.message for error in validator.iter_errors(value)]
            assert not errors, f"{resource['path']}: {errors[:3]}"
    with (folder / "tei.csv").open(encoding="utf-8", newline="") as handle:
        listed_tei = {row["path"]: row for row in csv.DictReader(handle)}
    assert set(listed_tei) == {f"tei/{path.name}" for path in (folder / "tei").iterdir()}
    for path, row in listed_tei.items():
        content = (folder / path).read_bytes()
        assert (hashlib.sha256(content).hexdigest(), len(content)) == (row["sha256"], int(row["bytes"])), path
    documents = next(r for r in package["resources"] if r["name"] == "documents")
    assert set(documents["jsonSchema"]["properties"]) <= FIELDS  # nothing `mosaic ingest` would refuse


def test_each_tei_file_holds_its_documents_public_layers(round_trip):
    folder = round_trip.first.folder
    documents = round_trip.before["documents"]
    with_texts = {public_id for public_id, document in documents.items() if document.texts}
    assert {path.stem for path in (folder / "tei").iterdir()} == with_texts and with_texts
    for public_id in with_texts:
        root = etree.parse(str(folder / "tei" / f"{public_id}.xml")).getroot()
        ns = {"t": TEI}
        assert root.tag == f"{{{TEI}}}TEI"
        assert root.findtext("t:teiHeader/t:fileDesc/t:titleStmt/t:title", namespaces=ns) == documents[public_id].facts.title
        assert root.findtext(".//t:publicationStmt/t:idno[@type='mosaic']", namespaces=ns) == public_id
        divisions = root.findall("t:text/t:body/t:div", ns)
        texts = documents[public_id].texts
        assert [(d.get("type"), d.get("{http://www.w3.org/XML/1998/namespace}lang")) for d in divisions] == \
            [(t.kind, t.language) for t in texts]
        for lb in root.iter(f"{{{TEI}}}lb"):
            lb.tail = " " + (lb.tail or "")  # a line break parts words
        for division, text in zip(divisions, texts):
            words = " ".join("".join(division.itertext()).split())
            assert words == " ".join(text.text.split()), f"{public_id}: the {text.kind} layer's words differ"
        for pointer in root.iter():
            for attribute in ("resp", "target", "scheme"):
                value = pointer.get(attribute) or ""
                if value.startswith("#"):
                    assert root.xpath(f"//*[@xml:id='{value[1:]}']"), f"{public_id}: {attribute}={value} points nowhere"

"""New records are written in batches, with their versions, text checksums and search entries made
from the rows in memory: each must be what the one-at-a-time writers make from the database."""
import dataclasses
import hashlib
import json

import pytest
from django.core import serializers
from django.db import connection
from reversion.models import Revision, Version

from mosaic.collections.models import Collection, CollectionMembership
from mosaic.corpus.models import Document, TextLayer
from mosaic.curation.history import DOCUMENT_PARTS, restore, snapshot
from mosaic.ingest import store
from mosaic.ingest.history_bulk import serialized
from mosaic.ingest.pipeline import ingest_file
from mosaic.ingest.records import validate_record
from mosaic.ingest.tests.conftest import FIXTURES
from mosaic.preservation.fixity import record_documents
from mosaic.preservation.models import TextFixity
from mosaic.search.index import get_backend, update_documents

pytestmark = pytest.mark.django_db

SOURCE = "RGANI, Fond 5, Opis 28, Delo {n}, Listy 301–303. Obtained and translated for NKIDP by James F. Person."


def _record(n: int, **extra) -> dict:
    return {
        "id": f"batch-{n}", "title": f"Memorandum no. {n} — «Ким»", "type": "memorandum_of_conversation",
        "date": "1956-07", "origin_country": "USSR", "original_language": "ru", "status": "published",
        "classification": "Secret", "source": SOURCE.format(n=n),
        "agents": [{"name": "Kim Il Sung", "role": "mentioned"}, {"name": f"Diplomat {n % 3}", "role": "author"}],
        "texts": [{"kind": "translation", "language": "en", "text": f"Nam Il said {n} times \"no\".\n\tEnd."},
                  {"kind": "original", "language": "ru", "text": "Нам Ир сказал.", "access": "staff"}],
        **extra,
    }


@pytest.fixture
def small_batches(monkeypatch):
    # Several batches, and a partly filled last one, from a file a test can afford.
    monkeypatch.setattr(store, "BATCH", 3)


@pytest.fixture(autouse=True)
def empty_index(db):
    # The index's own tables are not Django's: a transactional test elsewhere may leave rows there.
    get_backend().clear()


@pytest.fixture
def collections(db):
    return [Collection.objects.create(slug=slug, title=slug.title(), status="published") for slug in ("plenum", "aid")]


def _import_revision(name: str) -> Revision:
    return Revision.objects.get(comment=f"Imported from {name}")


def _rows(revision: Revision) -> set[tuple]:
    return {(v.content_type_id, v.object_id, v.serialized_data, v.object_repr) for v in revision.version_set.all()}


def test_versions_are_what_snapshot_writes(repositories, write_jsonl, small_batches, collections):
    records = [_record(n, collections=["plenum", "aid"] if n % 2 else ["aid"]) for n in range(8)]
    records[3]["date_note"] = None
    records[5]["texts"][0]["embargo_until"] = "2031-01-01"
    records[5]["texts"][0]["access"] = "embargoed"
    path = write_jsonl(records)
    assert ingest_file(path).created == 8

    imported = _import_revision(path.name)
    documents = Document.objects.filter(public_id__startswith="batch-").prefetch_related(*DOCUMENT_PARTS)
    expected = snapshot(documents, comment="for comparison")
    assert _rows(imported) == _rows(expected)
    # One version per record and per part: 8 documents, 8 locators and their units, 8 credits,
    # 16 agent links, 16 layers, 12 collection places.
    assert imported.version_set.filter(content_type__model="document").count() == 8
    assert imported.version_set.count() == expected.version_set.count()
    # Dated when the import was done, after every record it holds.
    assert all(imported.date_created >= d.imported_at for d in documents)


def test_serialized_is_djangos_text_for_every_part(repositories):
    assert ingest_file(FIXTURES / "letters.jsonl").ok
    for document in Document.objects.prefetch_related(*DOCUMENT_PARTS):
        parts = [document, *document.locators.all(), *document.credits.all(), *document.agent_links.all(),
                 *document.text_layers.all()]
        parts += [unit for locator in document.locators.all() for unit in locator.units.all()]
        for part in parts:
            assert serialized(part) == serializers.serialize("json", [part])


def test_index_entries_and_checksums_are_what_the_change_service_makes(repositories, write_jsonl, small_batches,
                                                                       collections):
    records = [_record(n, collections=["plenum"]) for n in range(7)]
    records[2]["status"] = "draft"  # not public: no entry
    path = write_jsonl(records)
    assert ingest_file(path).created == 7
    ids = list(Document.objects.values_list("pk", flat=True))

    def index_rows():
        with connection.cursor() as cursor:
            cursor.execute("SELECT doc_id, public_id, title, summary, body, names, locator, date, origin_country "
                           "FROM search_doc ORDER BY doc_id")
            docs = cursor.fetchall()
            cursor.execute("SELECT facet, value, doc_id FROM search_facet ORDER BY doc_id, facet, value")
            return docs, cursor.fetchall()

    def checksums():
        return sorted(TextFixity.objects.values_list("layer_id", "document_public_id", "description", "sha256", "length"))

    written, written_sums = index_rows(), checksums()
    assert len(written[0]) == 6 and ("collection", "plenum") in {row[:2] for row in written[1]}
    assert len(written_sums) == 14
    update_documents(ids)
    record_documents(ids)
    assert index_rows() == written
    assert checksums() == written_sums


def test_collection_places_follow_the_file_across_batches_and_updates(repositories, write_jsonl, small_batches,
                                                                       collections):
    assert ingest_file(write_jsonl([_record(0)], name="first.jsonl")).created == 1
    # A record already here that joins the collection between new ones takes its place in order.
    records = [_record(1, collections=["plenum"]), _record(2, collections=["plenum"]),
               _record(0, collections=["plenum"]), *[_record(n, collections=["plenum"]) for n in range(3, 8)]]
    report = ingest_file(write_jsonl(records, name="second.jsonl"))
    assert (report.created, report.updated) == (7, 1)
    places = list(CollectionMembership.objects.filter(collection__slug="plenum").order_by("order")
                  .values_list("document__public_id", "order"))
    assert places == [(record["id"], order) for order, record in enumerate(records)]
    # The updated record and the new ones share the import's one revision.
    revision = _import_revision("second.jsonl")
    assert revision.version_set.filter(content_type__model="document").count() == 8


def test_a_bad_record_after_written_batches_leaves_nothing(repositories, write_jsonl, small_batches, settings):
    settings.MOSAIC_JOBS_RUN = "worker"
    records = [_record(n) for n in range(7)] + [_record(7, source="Archive of Nowhere, f. 1")]
    records[-1]["source"] = None
    records[-1]["collections"] = ["no-such-collection"]
    path = write_jsonl(records)
    report = ingest_file(path)
    assert report.errors == [f'{path}:8: collection "no-such-collection" does not exist']
    assert not Document.objects.exists() and not TextLayer.objects.exists()
    assert not Version.objects.exists() and not Revision.objects.exists() and not TextFixity.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM search_doc")
        assert cursor.fetchone()[0] == 0


def test_a_batch_written_version_restores_exactly(repositories, write_jsonl, small_batches):
    path = write_jsonl([_record(n) for n in range(4)])
    assert ingest_file(path).created == 4
    document = Document.objects.get(public_id="batch-2")
    before = serializers.serialize("json", [document, *document.text_layers.all()])
    version = Version.objects.get_for_object(document).get()
    document.text_layers.all().delete()
    Document.objects.filter(pk=document.pk).update(title="Edited")
    restore(version)
    document = Document.objects.get(public_id="batch-2")
    assert serializers.serialize("json", [document, *document.text_layers.all()]) == before


def test_fingerprint_is_the_digest_archives_already_store(repositories):
    record = validate_record(_record(1, collections=["plenum"], summary="Über «Ким»"), [])
    # Archives stored their digests before records had subjects and places: empty, those lists are left out.
    as_stored = {key: value for key, value in dataclasses.asdict(record).items() if key not in ("subjects", "places")}
    stored_way = json.dumps(as_stored, sort_keys=True, default=str, ensure_ascii=False)
    assert record.fingerprint() == hashlib.sha256(stored_way.encode("utf-8")).hexdigest()

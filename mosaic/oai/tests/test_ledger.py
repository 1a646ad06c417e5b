"""The ledger behind the protocol: a record's datestamp moves exactly when what harvesters see of
it changes, and a document that was public once is reported as deleted for ever, never with its
metadata, whichever way it stopped being public."""
import datetime as dt

import pytest
from django.utils import timezone

from mosaic.changes.service import collecting
from mosaic.corpus.models import Document, TextLayer
from mosaic.curation import history
from mosaic.curation.workflow import move
from mosaic.oai.ledger import catch_up, follow_documents
from mosaic.oai.models import OaiRecord
from mosaic.oai.tests.conftest import NS

pytestmark = pytest.mark.django_db

ID = "oai:archive.example.org:"
LONG_AGO = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)


@pytest.fixture
def stamped_long_ago(archive):
    """Every record stamped in 2020, so a change today shows."""
    OaiRecord.objects.update(datestamp=LONG_AGO)
    return archive


def _headers(oai_get, **arguments) -> dict[str, tuple[str | None, str]]:
    """identifier → (status, datestamp) of ListIdentifiers."""
    root = oai_get(verb="ListIdentifiers", metadataPrefix="mosaic", **arguments)
    return {h.find("oai:identifier", NS).text.removeprefix(ID): (h.get("status"), h.find("oai:datestamp", NS).text)
            for h in root.iterfind(".//oai:header", NS)}


def _since_today(oai_get) -> list[str]:
    root = oai_get(verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": timezone.now().date().isoformat()})
    return [e.text.removeprefix(ID) for e in root.iterfind(".//oai:header/oai:identifier", NS)]


def test_a_withdrawn_document_is_deleted_for_ever_without_its_metadata(stamped_long_ago, oai_get, staff_member):
    coordinator = staff_member("Coordinator")
    move(stamped_long_ago.plain, "withdrawn", coordinator)
    assert _since_today(oai_get) == ["pub-a"]  # a harvester asking from today learns of it
    records = oai_get(verb="ListRecords", metadataPrefix="mosaic")
    header = records.find(".//oai:record/oai:header[@status='deleted']", NS)
    assert header.find("oai:identifier", NS).text == ID + "pub-a"
    assert [s.text for s in header.findall("oai:setSpec", NS)] == ["letters"]  # still found in the set it was in
    assert header.getparent().find("oai:metadata", NS) is None
    assert len(records.findall(".//oai:metadata", NS)) == 1  # pub-b's
    deleted = oai_get(verb="GetRecord", metadataPrefix="oai_dc", identifier=ID + "pub-a").find(".//oai:record", NS)
    assert deleted.find("oai:header", NS).get("status") == "deleted" and deleted.find("oai:metadata", NS) is None
    assert "A plain letter" not in oai_get(verb="ListRecords", metadataPrefix="oai_dc", set="letters").xpath("string()")
    # Published again: back with its metadata, stamped anew.
    move(Document.objects.get(pk=stamped_long_ago.plain.pk), "published", coordinator)
    assert _headers(oai_get)["pub-a"][0] is None


def test_trashed_and_restored_documents(stamped_long_ago, oai_get, staff_member):
    with collecting("staff deletion"):
        Document.objects.get(public_id="pub-b").delete()
    assert _headers(oai_get)["pub-b"][0] == "deleted" and _since_today(oai_get) == ["pub-b"]
    assert _headers(oai_get, set="letters:hungary") == {"pub-b": ("deleted", _headers(oai_get)["pub-b"][1])}
    (trashed,) = [v for v in history.deleted_records() if v.object_repr.startswith("pub-b")]
    history.restore(trashed, user=staff_member("Coordinator"))
    assert _headers(oai_get)["pub-b"][0] is None
    assert oai_get(verb="GetRecord", metadataPrefix="mosaic", identifier=ID + "pub-b").find(".//m:document", NS) is not None


def test_made_staff_only_or_given_another_id(stamped_long_ago, oai_get):
    with collecting("staff edit"):
        Document.objects.filter(pk=stamped_long_ago.plain.pk).update(access="staff")
        Document.objects.get(pk=stamped_long_ago.plain.pk).save()
    assert _headers(oai_get)["pub-a"][0] == "deleted"
    with collecting("staff edit"):
        renamed = Document.objects.get(pk=stamped_long_ago.rich.pk)
        renamed.public_id = "pub-b-renamed"
        renamed.save()
    headers = _headers(oai_get)
    assert headers["pub-b"][0] == "deleted" and headers["pub-b-renamed"][0] is None
    assert sorted(_since_today(oai_get)) == ["pub-a", "pub-b", "pub-b-renamed"]


def test_the_datestamp_moves_exactly_when_public_metadata_changes(stamped_long_ago, oai_get):
    rich = stamped_long_ago.rich
    with collecting("staff edit"):  # nothing the public sees: the staff-only original's text
        TextLayer.objects.get(document=rich, access="staff").save()
        Document.objects.get(pk=stamped_long_ago.draft.pk).save()
    assert _since_today(oai_get) == []
    with collecting("staff edit"):  # a staff-only layer opened: its kind and language are listed now
        layer = TextLayer.objects.get(document=rich, access="staff")
        layer.access = "public"
        layer.save()
    assert _since_today(oai_get) == ["pub-b"]
    OaiRecord.objects.update(datestamp=LONG_AGO)
    with collecting("staff edit"):
        plain = Document.objects.get(pk=stamped_long_ago.plain.pk)
        plain.summary = "A letter about the harvest."
        plain.save()
    assert _since_today(oai_get) == ["pub-a"]


def test_saves_outside_any_writer_are_followed_at_commit_and_labels_too(stamped_long_ago, oai_get,
                                                                        django_capture_on_commit_callbacks):
    from mosaic.collections.models import Collection

    with django_capture_on_commit_callbacks(execute=True):
        letters = Collection.objects.get(slug="letters")
        letters.slug = "correspondence"
        letters.save()
    # Both documents' setSpecs changed: pub-a is in the collection, pub-b in the one inside it.
    assert sorted(_since_today(oai_get)) == ["pub-a", "pub-b"]
    assert _headers(oai_get, set="correspondence:hungary") == {"pub-b": (None, _headers(oai_get)["pub-b"][1])}


def test_an_embargo_that_ends_by_itself_is_seen_at_the_next_request(stamped_long_ago, oai_get, monkeypatch):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with collecting("staff edit"):
        plain = Document.objects.get(pk=stamped_long_ago.plain.pk)
        plain.access, plain.embargo_until = "embargoed", tomorrow
        plain.save()
    assert OaiRecord.objects.get(public_id="pub-a").recheck_on == tomorrow
    assert _headers(oai_get)["pub-a"][0] == "deleted"
    later = timezone.now() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    headers = _headers(oai_get)  # the request looks again at what was due
    assert headers["pub-a"] == (None, later.strftime("%Y-%m-%dT%H:%M:%SZ"))
    assert OaiRecord.objects.get(public_id="pub-a").recheck_on is None


def test_documents_without_a_row_are_caught_up_after_a_migrate(archive, oai_get):
    OaiRecord.objects.all().delete()  # an archive from before OAI-PMH
    assert catch_up(unrecorded=True) == 4
    assert set(_headers(oai_get)) == {"pub-a", "pub-b"}
    assert catch_up(unrecorded=True) == 0


def test_a_writers_datestamps_are_the_time_of_its_commit(archive, django_capture_on_commit_callbacks, monkeypatch):
    from mosaic.oai import ledger

    OaiRecord.objects.update(datestamp=LONG_AGO)
    written = timezone.now().replace(microsecond=0)
    committed = written + dt.timedelta(minutes=10)  # a long import
    with django_capture_on_commit_callbacks(execute=True):
        with collecting("imported"):
            plain = Document.objects.get(pk=archive.plain.pk)
            plain.title = "A plain letter, re-read"
            plain.save()
        assert written <= OaiRecord.objects.get(public_id="pub-a").datestamp < committed
        monkeypatch.setattr(ledger, "now_to_the_second", lambda: committed)
    assert OaiRecord.objects.get(public_id="pub-a").datestamp == committed
    assert OaiRecord.objects.get(public_id="pub-b").datestamp == LONG_AGO


def test_following_twice_changes_nothing(archive):
    before = list(OaiRecord.objects.order_by("public_id").values())
    follow_documents(Document.objects.values_list("pk", flat=True))
    assert list(OaiRecord.objects.order_by("public_id").values()) == before

"""Sickle harvests the demo corpus: whole, across resumption tokens, and selectively by set and by
date, every response valid against the official schemas (the transport checks each one)."""
import datetime as dt
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from sickle.oaiexceptions import NoRecordsMatch

from mosaic.collections.models import Collection
from mosaic.corpus.models import Document
from mosaic.oai.ledger import follow_documents
from mosaic.oai.models import OaiRecord
from mosaic.oai.tests.conftest import NS, token_element, utc_seconds

pytestmark = pytest.mark.django_db

PAGE = 25


@pytest.fixture
def demo(demo_db, settings):
    settings.MOSAIC_OAI_PAGE_SIZE = PAGE
    settings.MOSAIC_OAI_REPOSITORY_IDENTIFIER = "archive.example.org"
    # What the commits of the demo's collections and tags tell the ledger (a test never commits).
    follow_documents(Document.objects.values_list("pk", flat=True))


def _ids(items) -> list[str]:
    return [getattr(item, "header", item).identifier.removeprefix("oai:archive.example.org:") for item in items]


def test_sickle_harvests_the_whole_demo_then_by_set_and_by_date(demo, harvester, client, settings, valid,
                                                                 django_capture_on_commit_callbacks):
    public = set(Document.objects.public().values_list("public_id", flat=True))
    assert len(public) > 4 * PAGE  # enough for several pages
    oai = harvester()

    identify = oai.Identify()
    assert identify.granularity == "YYYY-MM-DDThh:mm:ssZ" and identify.deletedRecord == "persistent"
    earliest = OaiRecord.objects.order_by("datestamp").first().datestamp
    assert identify.earliestDatestamp == utc_seconds(earliest)

    records = list(oai.ListRecords(metadataPrefix="oai_dc"))
    assert sorted(_ids(records)) == sorted(public)  # each once, all of them
    assert len(oai.transport.sent) == 1 + math.ceil(len(public) / PAGE)  # Identify, then one request a page
    assert not any(record.deleted for record in records)
    d2 = next(r for r in records if r.header.identifier.endswith(":frus1969-76v19p1-d2"))
    assert d2.metadata["identifier"] == ["http://127.0.0.1:8000/documents/frus1969-76v19p1-d2/"]

    rich = {_ids([r])[0]: r for r in oai.ListRecords(metadataPrefix="mosaic")}
    assert set(rich) == public
    garf = rich["wcda-120170"].xml.find(".//m:document", NS)
    locator = garf.find("m:locators/m:locator", NS)
    assert locator.find("m:repository", NS).get("code") == "GARF"
    assert [(u.get("kind"), u.text) for u in locator.findall("m:unit", NS)] == [("fond", "5446"), ("opis", "98"), ("delo", "721")]
    assert (locator.find("m:folios", NS).get("start"), locator.find("m:folios", NS).get("end")) == ("153", "164")
    # The demonstration records' originals are held for staff only: no text of theirs is listed.
    staff_only = rich["demo-ru-1956-09-embassy-journal"].xml.find(".//m:document", NS)
    assert staff_only.find("m:texts", NS) is None and staff_only.find("m:originalLanguage", NS).get("code") == "ru"

    assert sorted(_ids(oai.ListIdentifiers(metadataPrefix="mosaic"))) == sorted(public)

    # Sets: the collections, a nested one under its parent's setSpec.
    sets = {s.setSpec: s.setName for s in oai.ListSets()}
    inner = Collection.objects.get(slug="cultural-revolution-and-the-dprk")
    nested = f"{inner.parent.slug}:{inner.slug}"
    assert nested in sets and inner.parent.slug in sets and len(sets) == Collection.objects.filter(status="published").count()
    in_inner = set(_ids(oai.ListIdentifiers(metadataPrefix="oai_dc", set=nested)))
    in_outer = set(_ids(oai.ListIdentifiers(metadataPrefix="oai_dc", set=inner.parent.slug)))
    assert in_inner == set(inner.documents.values_list("public_id", flat=True))
    assert in_inner < in_outer  # a set holds the sets inside it
    korean_war = set(_ids(oai.ListRecords(metadataPrefix="oai_dc", set="korean-war")))
    assert korean_war == set(Collection.objects.get(slug="korean-war").documents.values_list("public_id", flat=True))

    # By date: everything stamped long ago, then one edit; only it is harvested from today.
    OaiRecord.objects.update(datestamp=dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc))
    edited = Document.objects.get(public_id="wcda-120170")
    edited.title += " (revised)"
    with django_capture_on_commit_callbacks(execute=True):  # a save outside any writer: followed at commit
        edited.save()
    today = dt.date.today().isoformat()
    assert _ids(oai.ListIdentifiers(metadataPrefix="oai_dc", **{"from": today})) == ["wcda-120170"]
    since = utc_seconds(OaiRecord.objects.get(public_id="wcda-120170").datestamp)
    assert _ids(oai.ListRecords(metadataPrefix="mosaic", **{"from": since})) == ["wcda-120170"]
    assert len(_ids(oai.ListIdentifiers(metadataPrefix="oai_dc", until="2020-01-01"))) == len(public) - 1
    with pytest.raises(NoRecordsMatch):
        list(oai.ListIdentifiers(metadataPrefix="oai_dc", until="2019-12-31T23:59:59Z"))

    # A page is read in a fixed number of queries (the documents and their parts fetched
    # together), so a page of 100 records costs what a page of 25 does.
    def queries(**arguments) -> tuple[int, object]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/oai", arguments)
        return len(captured), response

    first, response = queries(verb="ListRecords", metadataPrefix="mosaic")
    token = token_element(valid(response.content)).text
    following, response = queries(verb="ListRecords", resumptionToken=token)
    valid(response.content)
    settings.MOSAIC_OAI_PAGE_SIZE = 100
    large, response = queries(verb="ListRecords", metadataPrefix="mosaic")
    assert len(valid(response.content).findall(".//oai:record", NS)) == 100
    assert following <= first <= 20 and large == first

"""The protocol on a small archive: Identify, formats, sets, records in both formats, every error
code where it applies, POST, and resumption tokens (pages, end of list, expiry, forgery). Every
response is checked against the official schemas."""
import datetime as dt
from pathlib import Path

import pytest
from django.core import signing
from django.utils import timezone
from lxml import etree

from mosaic.oai import tokens
from mosaic.oai.metadata import MOSAIC_SCHEMA_FILE
from mosaic.oai.tests.conftest import NS, error_code, token_element

pytestmark = pytest.mark.django_db

ID = "oai:archive.example.org:"


def _identifiers(root) -> list[str]:
    return [e.text.removeprefix(ID) for e in root.iterfind(".//oai:header/oai:identifier", NS)]


def test_identify_describes_the_repository(archive, oai_get):
    identify = oai_get(verb="Identify").find("oai:Identify", NS)
    text = {child.tag.split("}")[1]: child.text for child in identify}
    assert text["baseURL"] == "https://archive.example.org/oai" and text["protocolVersion"] == "2.0"
    assert text["deletedRecord"] == "persistent" and text["granularity"] == "YYYY-MM-DDThh:mm:ssZ"
    assert text["adminEmail"] == "archive@archive.example.org"
    assert identify.find(".//{*}repositoryIdentifier").text == "archive.example.org"
    assert identify.find(".//{*}sampleIdentifier").text.startswith(ID)


def test_the_formats_and_the_mosaic_schema_served_with_them(archive, oai_get, client):
    formats = oai_get(verb="ListMetadataFormats").findall(".//oai:metadataFormat", NS)
    by_prefix = {f.find("oai:metadataPrefix", NS).text: f.find("oai:schema", NS).text for f in formats}
    assert by_prefix == {"oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
                         "mosaic": "https://archive.example.org/oai/mosaic-document-1.xsd"}
    served = client.get("/oai/mosaic-document-1.xsd")
    body = b"".join(served.streaming_content)
    assert served.status_code == 200 and body == MOSAIC_SCHEMA_FILE.read_bytes()
    etree.XMLSchema(etree.fromstring(body))  # a schema lxml accepts


def test_sets_are_the_public_collections_nested_by_colon(archive, oai_get):
    sets = oai_get(verb="ListSets").findall(".//oai:set", NS)
    assert [s.find("oai:setSpec", NS).text for s in sets] == ["letters", "letters:hungary"]
    assert sets[0].find(".//dc:description", NS).text == "Letters between the embassies."
    # The draft collection is no set, and a record does not name it.
    headers = oai_get(verb="ListIdentifiers", metadataPrefix="oai_dc").findall(".//oai:header", NS)
    assert {h.find("oai:identifier", NS).text.removeprefix(ID): [s.text for s in h.findall("oai:setSpec", NS)]
            for h in headers} == {"pub-a": ["letters"], "pub-b": ["letters:hungary"]}
    assert _identifiers(oai_get(verb="ListIdentifiers", metadataPrefix="oai_dc", set="letters")) == ["pub-a", "pub-b"]
    assert _identifiers(oai_get(verb="ListIdentifiers", metadataPrefix="oai_dc", set="letters:hungary")) == ["pub-b"]


def test_a_set_and_a_record_carry_the_curators_korean_where_written(archive, oai_get):
    from mosaic.collections.models import Collection
    from mosaic.corpus.models import Document
    from mosaic.oai.ledger import follow_documents

    Collection.objects.filter(slug="letters").update(title_ko="서한", description_ko="대사관 사이의 서한.")
    follow_documents(Document.objects.values_list("pk", flat=True))
    letters = oai_get(verb="ListSets").findall(".//oai:set", NS)[0]
    described = {(element.tag.rpartition("}")[2], element.get("{http://www.w3.org/XML/1998/namespace}lang")): element.text
                 for element in letters.find(".//oai_dc:dc", NS)}
    assert described == {("description", "en"): "Letters between the embassies.", ("title", "ko"): "서한",
                         ("description", "ko"): "대사관 사이의 서한."}
    record = oai_get(verb="GetRecord", metadataPrefix="mosaic", identifier=f"{ID}pub-a")  # valid against the XSD
    assert record.find(".//m:collection", NS).get("titleKo") == "서한"
    hungary = oai_get(verb="ListSets").findall(".//oai:set", NS)[1]
    assert hungary.find("oai:setDescription", NS) is None  # nothing written: no empty description


def test_records_show_only_the_public_facts(archive, oai_get):
    records = oai_get(verb="ListRecords", metadataPrefix="mosaic")
    assert _identifiers(records) == ["pub-a", "pub-b"]  # not the draft, not the staff-only document
    rich = records.find(".//m:document[@id='pub-b']", NS)
    assert [(t.get("kind"), t.get("language")) for t in rich.findall("m:texts/m:text", NS)] == [("translation", "en")]
    assert rich.find("m:date", NS).attrib == {"precision": "day", "earliest": "1956-09-03", "latest": "1956-09-03"}
    assert rich.find("m:originalLanguage", NS).get("code") == "hu"
    locator = rich.find("m:locators/m:locator", NS)
    assert [(u.get("kind"), u.get("label"), u.text) for u in locator.findall("m:unit", NS)] == [
        ("fond", None, "XIX-J-1-j"), ("country", None, "Korea"), ("doboz", "doboz", "4"), ("tetel", None, "5/a")]
    assert locator.find("m:folios", NS).attrib == {"start": "4", "end": "7", "term": "ff."}
    assert [(c.get("role"), c.get("language"), c.get("onBehalfOf"), c.text) for c in rich.findall("m:credits/m:credit", NS)] == [
        ("obtained", None, "NKIDP", "Balazs Szalontai"), ("translated", "en", None, "Balazs Szalontai")]
    assert [c.get("setSpec") for c in rich.findall("m:collections/m:collection", NS)] == ["letters:hungary"]
    body = etree.tostring(records, encoding="unicode")
    assert "Titkos" not in body and "Gesperrt" not in body and "The plenum met" not in body  # no text, ever

    dc = oai_get(verb="GetRecord", metadataPrefix="oai_dc", identifier=ID + "pub-b").find(".//oai_dc:dc", NS)
    values = {}
    for element in dc:
        values.setdefault(element.tag.split("}")[1], []).append(element.text)
    assert values["creator"] == ["Károly Pásztor"] and values["contributor"] == ["Balazs Szalontai"]
    assert values["language"] == ["hu", "en"] and values["date"] == ["1956-09-03"]
    assert values["identifier"] == ["https://archive.example.org/documents/pub-b/"]
    assert values["source"] == ["MOL, Fond XIX-J-1-j, Country file Korea, doboz 4, Tétel (item) 5/a, ff. 4–7"]


def _error(oai_get, **arguments) -> tuple[str, dict]:
    root = oai_get(**arguments)
    return error_code(root), dict(root.find("oai:request", NS).attrib)


@pytest.mark.parametrize("arguments", [
    {}, {"verb": "Harvest"}, {"verb": ["Identify", "Identify"]},
])
def test_bad_verbs(archive, oai_get, arguments):
    code, echoed = _error(oai_get, **arguments)
    assert code == "badVerb" and echoed == {}  # the protocol forbids echoing arguments here


@pytest.mark.parametrize("arguments", [
    {"verb": "Identify", "set": "letters"},
    {"verb": "ListRecords"},
    {"verb": "ListRecords", "metadataPrefix": ["oai_dc", "mosaic"]},
    {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "1956"},
    {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-01-01T00:00:00"},
    {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-02-30"},
    {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-01-01", "until": "2021-01-01T00:00:00Z"},
    {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2021-01-01", "until": "2020-01-01"},
    {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "letters:"},
    {"verb": "ListRecords", "metadataPrefix": "oai dc"},
    {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "resumptionToken": "x"},
    {"verb": "GetRecord", "identifier": ID + "pub-a"},
    {"verb": "GetRecord", "identifier": "", "metadataPrefix": "oai_dc"},
    {"verb": "GetRecord", "identifier": ID + "a%zz", "metadataPrefix": "oai_dc"},  # not a URI
    {"verb": "ListMetadataFormats", "identifier": "a#b#c"},
    {"verb": "ListSets", "from": "2020-01-01"},
])
def test_bad_arguments(archive, oai_get, arguments):
    code, echoed = _error(oai_get, **arguments)
    assert code == "badArgument" and echoed == {}


def test_the_other_errors_where_they_apply(archive, oai_get):
    assert _error(oai_get, verb="ListRecords", metadataPrefix="marc21")[0] == "cannotDisseminateFormat"
    code, echoed = _error(oai_get, verb="GetRecord", metadataPrefix="marc21", identifier=ID + "pub-a")
    assert code == "cannotDisseminateFormat" and echoed["metadataPrefix"] == "marc21"  # echoed for this one
    for missing in (ID + "draft-c", ID + "staff-d", ID + "no-such-document", "oai:elsewhere.org:pub-a", "pub-a",
                    ID + "pub a <&>"):
        assert _error(oai_get, verb="GetRecord", metadataPrefix="oai_dc", identifier=missing)[0] == "idDoesNotExist"
        assert _error(oai_get, verb="ListMetadataFormats", identifier=missing)[0] == "idDoesNotExist"
    later = (timezone.now() + dt.timedelta(days=2)).date().isoformat()
    assert _error(oai_get, verb="ListRecords", metadataPrefix="oai_dc", **{"from": later})[0] == "noRecordsMatch"
    assert _error(oai_get, verb="ListIdentifiers", metadataPrefix="oai_dc", set="drafts")[0] == "noRecordsMatch"
    assert _error(oai_get, verb="ListIdentifiers", metadataPrefix="oai_dc", set="letters", until="1999-01-01")[0] == "noRecordsMatch"
    assert _error(oai_get, verb="ListRecords", resumptionToken="not-a-token")[0] == "badResumptionToken"


def test_no_metadata_formats_for_a_deleted_item(archive, oai_get, staff_member):
    from mosaic.curation.workflow import move

    move(archive.plain, "withdrawn", staff_member("Coordinator"))
    assert error_code(oai_get(verb="ListMetadataFormats", identifier=ID + "pub-a")) == "noMetadataFormats"
    assert error_code(oai_get(verb="ListMetadataFormats", identifier=ID + "pub-b")) is None


def test_no_set_hierarchy_once_no_collection_is_published(archive, oai_get):
    from mosaic.collections.models import Collection

    Collection.objects.update(status="draft")
    assert error_code(oai_get(verb="ListSets")) == "noSetHierarchy"
    assert error_code(oai_get(verb="ListRecords", metadataPrefix="oai_dc", set="letters")) == "noSetHierarchy"
    assert error_code(oai_get(verb="ListRecords", metadataPrefix="oai_dc")) is None


def test_post_takes_form_encoded_arguments_only(archive, client, valid, harvester):
    posted = client.post("/oai", "verb=ListRecords&metadataPrefix=mosaic", content_type="application/x-www-form-urlencoded")
    got = client.get("/oai", {"verb": "ListRecords", "metadataPrefix": "mosaic"})
    assert _identifiers(valid(posted.content)) == _identifiers(valid(got.content)) == ["pub-a", "pub-b"]
    for other in ({"data": {"verb": "Identify"}}, {"data": {"verb": "Identify"}, "content_type": "application/json"}):
        assert error_code(valid(client.post("/oai", **other).content)) == "badArgument"  # multipart, JSON
    assert client.put("/oai", "verb=Identify", content_type="application/x-www-form-urlencoded").status_code == 405
    oai = harvester("POST")
    assert sorted(r.header.identifier.removeprefix(ID) for r in oai.ListRecords(metadataPrefix="oai_dc")) == ["pub-a", "pub-b"]
    assert {method for method, _ in oai.transport.sent} == {"POST"}


def test_resumption_tokens_page_the_list_and_end_it(archive, oai_get, settings):
    settings.MOSAIC_OAI_PAGE_SIZE = 1
    first = oai_get(verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = token_element(first)
    assert _identifiers(first) == ["pub-a"]
    assert (token.get("cursor"), token.get("completeListSize")) == ("0", "2")
    expires = dt.datetime.strptime(token.get("expirationDate"), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    assert abs((expires - timezone.now()) - dt.timedelta(seconds=settings.MOSAIC_OAI_TOKEN_SECONDS)) < dt.timedelta(seconds=5)
    last = oai_get(verb="ListIdentifiers", resumptionToken=token.text)
    end = token_element(last)
    assert _identifiers(last) == ["pub-b"]
    assert end.text is None and (end.get("cursor"), end.get("completeListSize")) == ("1", "2")  # the end of the list
    # A token holds its whole continuation, signed: any process of the archive (one started after
    # a restart included) reads it with nothing but the secret key.
    carried = tokens.read(token.text, "ListIdentifiers")
    assert (carried.prefix, carried.after_id, carried.cursor, carried.size) == ("oai_dc", "pub-a", 1, 2)
    # Sets page too.
    sets = oai_get(verb="ListSets")
    assert [s.text for s in sets.iterfind(".//oai:setSpec", NS)] == ["letters"]
    rest = oai_get(verb="ListSets", resumptionToken=token_element(sets).text)
    assert [s.text for s in rest.iterfind(".//oai:setSpec", NS)] == ["letters:hungary"]


def test_a_token_expired_altered_foreign_or_for_another_verb_is_refused(archive, oai_get, settings, monkeypatch):
    settings.MOSAIC_OAI_PAGE_SIZE = 1
    token = token_element(oai_get(verb="ListRecords", metadataPrefix="oai_dc")).text
    assert error_code(oai_get(verb="ListIdentifiers", resumptionToken=token)) == "badResumptionToken"
    assert error_code(oai_get(verb="ListRecords", resumptionToken=token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))) == "badResumptionToken"
    forged = signing.dumps(["ListRecords", "oai_dc", "", "", "", 0, "pub-a", 1, 2, 2**40], salt=tokens.SALT, key="another key")
    assert error_code(oai_get(verb="ListRecords", resumptionToken=forged)) == "badResumptionToken"
    assert error_code(oai_get(verb="ListRecords", resumptionToken=token)) is None
    later = timezone.now() + dt.timedelta(seconds=settings.MOSAIC_OAI_TOKEN_SECONDS + 60)
    monkeypatch.setattr(tokens.timezone, "now", lambda: later)
    expired = oai_get(verb="ListRecords", resumptionToken=token)
    assert error_code(expired) == "badResumptionToken" and "expired" in expired.find("oai:error", NS).text
    assert expired.find("oai:request", NS).get("resumptionToken") == token  # echoed for this error


def test_settings_a_harvester_would_meet_as_invalid_responses_stop_the_server(settings):
    from mosaic.oai.apps import check_settings

    assert check_settings() == []
    settings.MOSAIC_OAI_REPOSITORY_IDENTIFIER = "127.0.0.1"
    settings.MOSAIC_OAI_ADMIN_EMAIL = "nobody"
    settings.MOSAIC_OAI_PAGE_SIZE = 0
    settings.MOSAIC_OAI_TOKEN_SECONDS = 5
    assert [problem.id for problem in check_settings()] == ["oai.E001", "oai.E002", "oai.E003", "oai.E004"]


def test_text_xml_cannot_carry_is_left_out_not_a_broken_response(archive, oai_get):
    from mosaic.corpus.models import Document

    Document.objects.filter(pk=archive.plain.pk).update(title="A letter\x0b with a vertical tab", summary="Bell\x07.")
    records = oai_get(verb="ListRecords", metadataPrefix="mosaic")  # valid, so well-formed
    assert records.find(".//m:document[@id='pub-a']/m:title", NS).text == "A letter with a vertical tab"


def test_the_docs_describe_every_element_attribute_and_error():
    """docs/oai.md is the Mosaic format's documentation: every name its schema declares, and
    every error code of the protocol, is in it."""
    from mosaic.oai.tests.conftest import DATA

    docs = (Path(__file__).resolve().parents[3] / "docs" / "oai.md").read_text(encoding="utf-8")
    schema = etree.parse(str(MOSAIC_SCHEMA_FILE))
    names = {node.get("name") for node in schema.iter("{http://www.w3.org/2001/XMLSchema}element",
                                                      "{http://www.w3.org/2001/XMLSchema}attribute")}
    assert sorted(name for name in names if f"`{name}`" not in docs) == []
    codes = etree.parse(str(DATA / "OAI-PMH.xsd")).xpath(
        "//xs:simpleType[@name='OAI-PMHerrorcodeType']//xs:enumeration/@value", namespaces={"xs": "http://www.w3.org/2001/XMLSchema"})
    assert len(codes) == 8 and sorted(code for code in codes if f"| `{code}` |" not in docs) == []

"""Checking OAI-PMH responses as harvesters and validators would: every response against the
official OAI-PMH, oai_dc and oai-identifier schemas (shipped in data/, imports resolved there, no
network) and Mosaic's own schema; and Sickle, a real harvester client, talking to the archive
through Django's test client instead of a socket."""
from __future__ import annotations

import datetime as dt
import types
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from lxml import etree
from requests.structures import CaseInsensitiveDict

from mosaic.oai.metadata import MOSAIC, MOSAIC_SCHEMA_FILE

DATA = Path(__file__).resolve().parent / "data"
OFFICIAL = {
    "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd": DATA / "OAI-PMH.xsd",
    "http://www.openarchives.org/OAI/2.0/oai_dc.xsd": DATA / "oai_dc.xsd",
    "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd": DATA / "oai-identifier.xsd",
    "http://dublincore.org/schemas/xmls/simpledc20021212.xsd": DATA / "simpledc20021212.xsd",
    "http://www.w3.org/2001/03/xml.xsd": DATA / "xml.xsd",
}
OAI = "http://www.openarchives.org/OAI/2.0/"
NS = {"oai": OAI, "dc": "http://purl.org/dc/elements/1.1/", "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
      "m": MOSAIC}


class _LocalCopies(etree.Resolver):
    """Schema imports answered from data/; an import without a local copy is a failure, not a
    silent gap in the schema."""

    def __init__(self):
        super().__init__()
        self.missing = []

    def resolve(self, url, pubid, context):
        if url in OFFICIAL:
            return self.resolve_filename(str(OFFICIAL[url]), context)
        if url.startswith("file:") and Path(urlsplit(url).path).is_file():
            return None
        self.missing.append(url)
        return None


def _schema(imports: dict[str, str]) -> etree.XMLSchema:
    resolver = _LocalCopies()
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(resolver)
    driver = etree.Element("{http://www.w3.org/2001/XMLSchema}schema", nsmap={"xs": "http://www.w3.org/2001/XMLSchema"})
    for namespace, location in imports.items():
        etree.SubElement(driver, "{http://www.w3.org/2001/XMLSchema}import", namespace=namespace, schemaLocation=location)
    document = etree.fromstring(etree.tostring(driver), parser, base_url=(DATA / "driver.xsd").as_uri()).getroottree()
    schema = etree.XMLSchema(document)
    assert not resolver.missing, f"schema imports without a local copy: {resolver.missing}"
    return schema


@pytest.fixture(scope="session")
def oai_schema() -> etree.XMLSchema:
    """OAI-PMH responses with their oai_dc, oai-identifier and Mosaic parts (the protocol's schema
    validates whatever is inside metadata and description strictly)."""
    return _schema({
        OAI: "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd",
        NS["oai_dc"]: "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
        "http://www.openarchives.org/OAI/2.0/oai-identifier": "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd",
        MOSAIC: MOSAIC_SCHEMA_FILE.as_uri(),
    })


@pytest.fixture
def valid(oai_schema):
    """Parse an OAI-PMH response and fail unless the schemas accept it."""

    def check(body: bytes) -> etree._Element:
        document = etree.fromstring(body)
        if not oai_schema.validate(document):
            errors = "\n".join(f"line {e.line}: {e.message}" for e in oai_schema.error_log)
            raise AssertionError(f"invalid OAI-PMH response:\n{errors}\n{body[:3000].decode('utf-8', 'replace')}")
        return document

    return check


@pytest.fixture
def oai_get(client, valid):
    """GET /oai with these arguments: the valid response's root element."""

    def get(**arguments) -> etree._Element:
        response = client.get("/oai", arguments)
        assert response.status_code == 200 and response["Content-Type"] == "text/xml; charset=utf-8"
        return valid(response.content)

    return get


def error_code(root: etree._Element) -> str | None:
    error = root.find("oai:error", NS)
    return None if error is None else error.get("code")


def token_element(root: etree._Element):
    return root.find(".//oai:resumptionToken", NS)


class ThroughTestClient(requests.adapters.BaseAdapter):
    """A requests transport that hands each request to Django's test client, validating every
    OAI-PMH response on its way back; `sent` counts the requests."""

    def __init__(self, client, check):
        super().__init__()
        self.client, self.check, self.sent = client, check, []

    def send(self, request, **kwargs):
        url = urlsplit(request.url)
        if request.method == "GET":
            answer = self.client.get(f"{url.path}?{url.query}")
        else:
            answer = self.client.generic(request.method, url.path, request.body or b"",
                                         content_type=request.headers.get("Content-Type", ""))
        self.sent.append((request.method, request.url))
        if answer.status_code == 200:
            self.check(answer.content)
        response = requests.Response()
        response.status_code, response._content = answer.status_code, answer.content
        response.headers = CaseInsensitiveDict(dict(answer.items()))
        response.url, response.request, response.encoding = request.url, request, "utf-8"
        return response

    def close(self):
        pass


@pytest.fixture
def harvester(client, valid, monkeypatch):
    """Sickle against /oai (GET unless told otherwise); `harvester().transport.sent` lists the
    requests it made."""
    import sickle.app

    def make(http_method: str = "GET"):
        transport = ThroughTestClient(client, valid)
        session = requests.Session()
        session.mount("http://testserver/", transport)
        monkeypatch.setattr(sickle.app, "requests", types.SimpleNamespace(get=session.get, post=session.post))
        made = sickle.app.Sickle("http://testserver/oai", http_method=http_method)
        made.transport = transport
        return made

    return make


def utc_seconds(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def archive(db, settings):
    """A small archive: two public documents in nested collections (one with a full provenance
    and layers of every access level), a draft, a staff-only one and a draft collection; the
    ledger as the commits of these saves would leave it."""
    from mosaic.archives.models import Repository
    from mosaic.collections.models import Collection, CollectionMembership
    from mosaic.corpus.models import ArchivalUnit, Credit, Document, DocumentAgent, Locator, TextLayer
    from mosaic.entities.models import Agent
    from mosaic.oai.ledger import follow_documents

    settings.MOSAIC_OAI_REPOSITORY_IDENTIFIER = "archive.example.org"
    settings.MOSAIC_BASE_URL = "https://archive.example.org"
    letters = Collection.objects.create(slug="letters", title="Letters", status="published",
                                        description="Letters between the embassies.")
    hungary = Collection.objects.create(slug="hungary", title="Hungarian letters", status="published", parent=letters)
    drafts = Collection.objects.create(slug="drafts", title="Drafts", status="draft")
    plain = Document.objects.create(public_id="pub-a", title="A plain letter", status="published", doc_type="letter",
                                    date="1957", date_min=dt.date(1957, 1, 1), date_max=dt.date(1957, 12, 31))
    rich = Document.objects.create(public_id="pub-b", title="Report on the August plenum", status="published",
                                   doc_type="report", date="1956-09-03", date_min=dt.date(1956, 9, 3),
                                   date_max=dt.date(1956, 9, 3), origin_country="Hungary", original_language="hu",
                                   classification="Szigorúan titkos", rights="Public domain", summary="The plenum.")
    mol = Repository.objects.create(code="MOL", name="Hungarian National Archives")
    locator = Locator.objects.create(document=rich, repository=mol, folio_start=4, folio_end=7, folio_term="ff.",
                                     as_printed="MOL, XIX-J-1-j, Korea, 4. doboz, 5/a")
    for order, (kind, label, value) in enumerate((("fond", "", "XIX-J-1-j"), ("country", "", "Korea"), ("doboz", "doboz", "4"),
                                                  ("tetel", "", "5/a"))):
        ArchivalUnit.objects.create(locator=locator, order=order, unit_type=kind, label=label, value=value)
    person = Agent.objects.create(name="Balazs Szalontai")
    Credit.objects.create(document=rich, role="obtained", agent=person, on_behalf_of="NKIDP")
    Credit.objects.create(document=rich, role="translated", agent=person, language="en", order=1)
    DocumentAgent.objects.create(document=rich, agent=Agent.objects.create(name="Károly Pásztor"), role="author")
    TextLayer.objects.create(document=rich, kind="translation", language="en", text="The plenum met.")
    TextLayer.objects.create(document=rich, kind="original", language="hu", access="staff", text="Titkos eredeti.")
    TextLayer.objects.create(document=rich, kind="translation", language="de", access="embargoed",
                             embargo_until=dt.date(2999, 1, 1), text="Gesperrt.")
    draft = Document.objects.create(public_id="draft-c", title="A draft", status="draft")
    staff = Document.objects.create(public_id="staff-d", title="Staff only", status="published", access="staff")
    CollectionMembership.objects.create(collection=letters, document=plain)
    CollectionMembership.objects.create(collection=hungary, document=rich)
    CollectionMembership.objects.create(collection=drafts, document=rich)
    CollectionMembership.objects.create(collection=letters, document=draft)
    follow_documents(Document.objects.values_list("pk", flat=True))
    return types.SimpleNamespace(plain=plain, rich=rich, draft=draft, staff=staff, letters=letters, hungary=hungary,
                                 drafts=drafts)

"""An API to trust, over the demo archive: its parameters are the ones declared, its answers are
the ones its schema describes (Schemathesis generates requests for every operation of
/api/openapi.json; each answer must be no server error, a status the schema lists and a body
matching the schema for that status), every error has one shape, searches link their pages,
and the document and person pages describe themselves in schema.org JSON-LD.

The demo is loaded once for the module, inside a transaction rolled back at its end; each test
runs in a savepoint of it. The schema is read from the application in this process (WSGI)."""
from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from mosaic.corpus import access
from mosaic.corpus.models import Document, TextLayer
from mosaic.entities.models import Agent, Person
from mosaic.search.query import FACETS, SORTS, SearchParameters

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_archive")]

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
# Enough to reach each parameter's edges (empty, a bad date, the largest page) on every
# operation, few enough for the module to stay within its time budget.
EXAMPLES = 10


@pytest.fixture(scope="module")
def api_schema(demo_archive):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


# --- the schema holds ---------------------------------------------------------------------------


def conformance_failures(operation, examples: int = EXAMPLES) -> str:
    """What Schemathesis finds wrong with `operation` in `examples` generated requests ("" when
    nothing). The same requests every run (derandomized), and no example database is kept."""

    @given(case=operation.as_strategy())
    @hypothesis_settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                         suppress_health_check=list(HealthCheck), print_blob=False)
    def check(case):
        case.call_and_validate(checks=CHECKS)

    try:
        check()
    except (Exception, BaseExceptionGroup) as failure:  # every operation is tried, then all failures reported
        return f"{operation.method.upper()} {operation.path}:\n{failure}"
    return ""


def test_every_generated_request_gets_an_answer_its_schema_describes(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/search", "/api/documents/{public_id}", "/api/timeline"}
    failures = [conformance_failures(operation) for operation in operations]
    assert not any(failures), "\n\n".join(filter(None, failures))


def _fetch(api_schema, path: str, **parameters):
    return api_schema[path]["GET"].Case(**parameters).call_and_validate(checks=CHECKS)


def representative_documents() -> list[str]:
    """One public document for each thing a document's answer can hold, or lack."""
    public = access.public_documents()
    kinds = [public.filter(files__isnull=False), public.filter(credits__isnull=False),
             public.filter(agent_links__isnull=False), public.filter(text_layers__isnull=False),
             public.filter(place_links__isnull=False), public.filter(relations_out__isnull=False),
             public.filter(locators__folio_start__isnull=False), public.filter(catalogue_only=True),
             public.filter(date__regex=r"^\d{4}$"), public.filter(date__regex=r"^\d{4}-\d{2}$"), public.filter(date="")]
    return sorted({found.public_id for found in (kind.order_by("public_id").first() for kind in kinds) if found})


def test_the_demo_records_answer_as_the_schema_says_with_nothing_left_out(api_schema):
    """Generated ids find no record, so the records' own answers are fetched: a document of
    each kind and its lens, every collection and publication, searches and timelines. And since
    django-ninja sends an answer through its schema, which would silently drop a field the
    schema forgot, a document's answers must be the serialisers' own, key for key."""
    from django.contrib.auth.models import AnonymousUser

    from mosaic.context.source_lens import lens_json
    from mosaic.corpus.serialize import document_json

    documents = representative_documents()
    assert len(documents) >= 8
    for public_id in documents:
        document = Document.objects.get(public_id=public_id)
        answer = _fetch(api_schema, "/api/documents/{public_id}", path_parameters={"public_id": public_id})
        assert answer.json() == json.loads(json.dumps(document_json(document, AnonymousUser(), "http://localhost")))
        answer = _fetch(api_schema, "/api/documents/{public_id}/lens", path_parameters={"public_id": public_id})
        assert answer.json() == json.loads(json.dumps(lens_json(document, AnonymousUser())))
    for slug in access.public_collections().values_list("slug", flat=True):
        _fetch(api_schema, "/api/collections/{slug}", path_parameters={"slug": slug})
    for slug in access.public_publications().values_list("slug", flat=True):
        _fetch(api_schema, "/api/publications/{slug}", path_parameters={"slug": slug})
    for query in ({"q": "Kim Il Sung"}, {"exact": "true", "q": "Kim Il Sung"}, {"from": "1956", "to": "1957", "sort": "-date"}):
        _fetch(api_schema, "/api/search", query=query)
    _fetch(api_schema, "/api/timeline", query={"from": "1950", "to": "1990"})
    _fetch(api_schema, "/api/timeline", query={"from": "1956-08", "to": "1956-09", "origin_country": "USSR"})


# --- parameters declared once -------------------------------------------------------------------


def test_the_search_schema_declares_every_parameter_the_page_reads(client):
    declared = {p["name"]: p for p in client.get("/api/openapi.json").json()["paths"]["/api/search"]["get"]["parameters"]}
    read = {info.alias or name for name, info in SearchParameters.model_fields.items()}
    assert set(declared) == read == {*FACETS, "q", "from", "to", "sort", "page", "per_page", "exact"}
    assert declared["sort"]["schema"]["enum"] == list(SORTS)
    assert declared["exact"]["schema"]["type"] == "boolean"
    assert (declared["page"]["schema"]["type"], declared["page"]["schema"]["minimum"],
            declared["page"]["schema"]["maximum"]) == ("integer", 1, 100_000)
    assert declared["per_page"]["schema"]["type"] == "integer"
    assert declared["person"]["schema"]["type"] == "array" and "P001" in declared["person"]["description"]
    assert all(parameter["description"] for parameter in declared.values())


def test_the_api_searches_with_the_values_it_declared(client):
    expanded = client.get("/api/search", {"q": "Kim Il Sung"}).json()
    exact = client.get("/api/search", {"q": "Kim Il Sung", "exact": "true"}).json()
    assert expanded["names"] and not exact["names"]  # exact: the name is not read, only its words
    by_date = client.get("/api/search", {"sort": "-date", "per_page": "5"}).json()["results"]
    assert [hit["date"] for hit in by_date] == sorted((hit["date"] for hit in by_date), reverse=True)


# --- one error format ---------------------------------------------------------------------------


@pytest.mark.parametrize("url, status, parameters", [
    ("/api/search?per_page=abc", 400, ["per_page"]),
    ("/api/search?from=1956-13", 400, ["from"]),
    ("/api/search?sort=newest&page=0&to=x", 400, ["to", "sort", "page"]),
    ("/api/search?from=1957&to=1956", 400, ["to"]),
    ("/api/names/resolve?k=abc", 400, ["q", "k"]),
    ("/api/names/resolve?q=%20", 400, ["q"]),
    ("/api/timeline?granularity=weekly", 400, ["granularity"]),
    ("/api/timeline?from=1956-02-30", 400, ["from"]),
    ("/api/documents/no-such-document", 404, []),
    ("/api/documents/no-such-document/lens", 404, []),
    ("/api/collections/no-such-collection", 404, []),
])
def test_every_error_has_one_shape(client, url, status, parameters):
    response = client.get(url)
    assert response.status_code == status and response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["detail"]
    assert [error["parameter"] for error in body["errors"]] == parameters
    assert all(error["message"] in body["detail"] for error in body["errors"])


def test_the_page_and_the_api_refuse_a_bad_parameter_in_the_same_words(client):
    page = client.get("/search", {"per_page": "²"})
    api = client.get("/api/search", {"per_page": "²"})
    assert page.status_code == api.status_code == 400
    assert api.json()["detail"] == 'per_page must be a whole number, not "²"'
    assert 'per_page must be a whole number, not &quot;²&quot;' in page.content.decode()


# --- pagination ---------------------------------------------------------------------------------


def _header_links(response) -> dict[str, str]:
    return {rel: url for url, rel in re.findall(r'<([^>]*)>; rel="(\w+)"', response["Link"])}


def test_a_search_links_its_pages_in_the_body_and_the_link_header(client):
    first = client.get("/api/search", {"q": "Kim", "origin_country": "USSR", "per_page": "7"})
    data = first.json()
    pages = -(-data["total"] // 7)
    assert pages >= 3
    links = data["links"]
    assert links["prev"] is None and urlsplit(links["self"]).scheme == "http"
    assert parse_qs(urlsplit(links["last"]).query) == {"q": ["Kim"], "origin_country": ["USSR"], "per_page": ["7"],
                                                       "page": [str(pages)]}
    assert _header_links(first) == {rel: url for rel, url in links.items() if url}
    seen, url = [], links["self"]
    while url:  # following next visits every result once
        page = client.get(url).json()
        seen += [hit["id"] for hit in page["results"]]
        url = page["links"]["next"]
    assert len(seen) == len(set(seen)) == data["total"]
    assert page["links"]["self"] == links["last"] and page["links"]["prev"] is not None


def test_links_of_a_non_ascii_query_are_plain_ascii_headers(client):
    response = client.get("/api/search", {"q": "Ким Ир Сен", "per_page": "1"})
    assert response["Link"].isascii()
    assert parse_qs(urlsplit(response.json()["links"]["first"]).query)["q"] == ["Ким Ир Сен"]
    empty = client.get("/api/search", {"q": "zzznothingzzz"}).json()["links"]
    assert empty["first"] == empty["last"] and empty["next"] is None


# --- schema.org JSON-LD -------------------------------------------------------------------------


def jsonld(response) -> dict | None:
    assert response.status_code == 200
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    assert len(found) <= 1
    return json.loads(found[0]) if found else None


def test_a_document_page_describes_the_archival_record(client):
    described = jsonld(client.get("/documents/wcda-120170/"))
    assert described["@context"] == "https://schema.org" and described["@type"] == "ArchiveComponent"
    assert described["url"] == described["@id"] == "http://testserver/documents/wcda-120170/"
    assert described["identifier"] == "wcda-120170" and described["isAccessibleForFree"] is True
    assert described["dateCreated"] == "1956-09-15"
    assert described["holdingArchive"] == [{"@type": "ArchiveOrganization", "name": "State Archive of the Russian Federation",
                                            "identifier": "GARF"}]
    assert described["isPartOf"][0]["name"] == "Fond 5446, Opis 98, Delo 721"
    assert described["position"] == "Listy 153–164"
    assert described["sameAs"] == ["https://digitalarchive.wilsoncenter.org/document/120170"]


def test_a_partial_date_stays_partial_and_credits_keep_their_roles(client):
    year_only = access.public_documents().filter(date__regex=r"^\d{4}$").first()
    assert jsonld(client.get(f"/documents/{year_only.public_id}/"))["dateCreated"] == year_only.date
    credited = jsonld(client.get("/documents/wcda-114960/"))
    assert credited["translator"] == [{"@type": "Person", "name": "Maya Latynski"}]
    assert credited["funder"] == [{"@type": "Organization", "name": "Leon Levy Foundation"}]


def test_only_public_facts_are_described(client, staff_member):
    document = Document.objects.create(public_id="jsonld-open", title="Open record", status="published",
                                       date="1956-08", date_min=dt.date(1956, 8, 1), date_max=dt.date(1956, 8, 31),
                                       original_language="ru")
    TextLayer.objects.create(document=document, kind="translation", language="en", text="Open text.")
    TextLayer.objects.create(document=document, kind="translation", language="de", access="staff", text="Staff text.")
    author = Agent.objects.create(name="Vasily Ivanov", person=Person.objects.get(person_id="P001"))
    document.agent_links.create(agent=author, role="author", as_written="V. Ivanov")
    draft = Document.objects.create(public_id="jsonld-draft", title="Draft record", status="draft")
    described = jsonld(client.get("/documents/jsonld-open/"))
    assert described["dateCreated"] == "1956-08"
    assert described["inLanguage"] == ["ru", "en"]  # not the staff-only German
    assert described["author"] == [{"@type": "Person", "name": "Vasily Ivanov", "url": "http://testserver/people/P001/"}]
    client.force_login(staff_member("Coordinator"))
    # Staff see the German layer; the description still does not.
    assert jsonld(client.get("/documents/jsonld-open/"))["inLanguage"] == ["ru", "en"]
    assert jsonld(client.get(f"/documents/{draft.public_id}/")) is None


def test_hostile_text_cannot_leave_the_script_element(client):
    title = 'Plenum </script><script>alert(1)</script> <!-- & "quotes" \u2028 end'
    Document.objects.create(public_id="jsonld-hostile", title=title, summary="</SCRIPT >", status="published")
    body = client.get("/documents/jsonld-hostile/").content.decode()
    element = body[body.index('<script type="application/ld+json">'):]
    element = element[:element.index("</script>")]
    assert "<" not in element[1:] and ">" not in element[element.index(">") + 1:] and "\u2028" not in element
    described = jsonld(client.get("/documents/jsonld-hostile/"))
    assert (described["name"], described["description"]) == (title, "</SCRIPT >")


def test_a_person_page_describes_the_person_and_where_else_they_are(client):
    kim = jsonld(client.get("/people/P001/"))
    assert (kim["@type"], kim["name"]) == ("Person", "Kim Il Sung")
    assert (kim["birthDate"], kim["deathDate"]) == ("1912-04-15", "1994-07-08")
    assert {"김일성", "金日成", "Kim Il-sŏng"} <= set(kim["alternateName"]) and "Kim Il Sung" not in kim["alternateName"]
    # The FRUS volume's list of persons, where history.state.gov's id for him comes from.
    assert kim["sameAs"] == ["https://history.state.gov/historicaldocuments/frus1969-76v19p1/persons#p_KIS1"]
    Person.objects.create(person_id="P950", display_name="Pak Hon-yong", tradition=Person.OTHER, born="1900",
                          external_ids={"wikidata": "Q495012", "history.state.gov": "pak-hon-yong", "viaf": "not a number"})
    pak = jsonld(client.get("/people/P950/"))
    assert pak["birthDate"] == "1900" and "deathDate" not in pak
    assert pak["sameAs"] == ["https://www.wikidata.org/wiki/Q495012",
                             "https://history.state.gov/departmenthistory/people/pak-hon-yong"]

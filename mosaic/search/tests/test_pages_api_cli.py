"""The reading channels over one corpus: search page, document page, exports, JSON API, CLI."""
import html
import json

import pytest
from django.core.management import call_command

from mosaic.collections.models import Collection, CollectionMembership
from mosaic.corpus.models import Document
from mosaic.publications.models import Publication, PublicationDocument
from mosaic.search.index import update_documents

pytestmark = pytest.mark.django_db


@pytest.fixture
def curated(corpus):
    collection = Collection.objects.create(slug="plenum", title="The 1956 August Plenum", status="published",
                                           description="Disputes in the party.")
    hidden = Collection.objects.create(slug="draft-coll", title="Draft collection", status="draft")
    for order, pid in enumerate(["su-1956-06", "pl-1956-year-only", "su-restricted"]):
        CollectionMembership.objects.create(collection=collection, document=Document.objects.get(public_id=pid), order=order)
    CollectionMembership.objects.create(collection=hidden, document=Document.objects.get(public_id="su-1956-06"))
    reader = Publication.objects.create(slug="reader", kind="document_reader", title="A reader", status="published", body="Essay text.")
    for order, pid in enumerate(["ro-1967-telegram", "su-draft", "hu-1955-report"]):
        PublicationDocument.objects.create(publication=reader, document=Document.objects.get(public_id=pid), order=order)
    update_documents(Document.objects.values_list("pk", flat=True))
    return collection


# --- search page ----------------------------------------------------------------------------------


def test_search_page_lists_results_with_facets_and_snippets(client, corpus):
    page = client.get("/search", {"q": "Pyongyang"})
    body = page.content.decode()
    assert page.status_code == 200
    assert '<span id="result-count">3</span> documents' in body
    assert "Telegram from Pyongyang to Bucharest" in body
    assert "<mark>Pyongyang</mark>" in body
    assert 'data-facet="origin_country"' in body and "Romania" in body


def test_search_page_facet_link_filters(client, corpus):
    body = client.get("/search", {"q": "Pyongyang"}).content.decode()
    assert "?q=Pyongyang&amp;origin_country=Romania" in body
    filtered = client.get("/search", {"q": "Pyongyang", "origin_country": "Romania"}).content.decode()
    assert '<span id="result-count">1</span> document' in filtered
    assert "Origin: Romania ✕" in filtered


def test_search_page_explains_bad_input(client, corpus):
    page = client.get("/search", {"from": "1956-02-30"})
    assert page.status_code == 400
    assert "is not a real date" in page.content.decode()


def test_search_page_escapes_hostile_text(client, corpus, write_jsonl):
    from mosaic.ingest.pipeline import ingest_file

    ingest_file(write_jsonl([{"id": "xss", "title": "<script>alert(1)</script> Sinpo", "status": "published",
                                "texts": [{"kind": "translation", "language": "en", "text": "<img src=x onerror=alert(1)> Sinpo"}]}]))
    body = client.get("/search", {"q": "Sinpo"}).content.decode()
    assert "<script>alert(1)</script>" not in body and "<img src=x" not in body
    assert "&lt;script&gt;" in body


# --- document page -------------------------------------------------------------------------------


def test_document_page_shows_provenance_texts_and_citation(client, curated):
    body = client.get("/documents/su-1956-06/").content.decode()
    assert "<h1>Journal of Ambassador Ivanov</h1>" in body
    assert "June 14, 1956" in body and "known to the day" in body
    assert "Russian State Archive of Contemporary History (RGANI)" in body
    assert "Fond: 5" in body and "Opis (inventory): 28" in body and "Delo (file): 410" in body
    assert "Folios (Listy): 301–303" in body
    assert "Obtained by James F. Person for NKIDP" in body
    assert "Puzanov was not yet in Pyongyang" in body
    assert "Секретный оригинал" not in body  # staff-only original
    assert "held but not published" in body
    assert '"Journal of Ambassador Ivanov," June 14, 1956, Mosaic Digital Archive, RGANI, Fond 5, Opis 28, Delo 410, Listy 301–303. Obtained and translated for NKIDP by James F. Person. http://testserver/documents/su-1956-06/' in html.unescape(body)
    assert '<meta name="citation_title" content="Journal of Ambassador Ivanov">' in body
    assert '<meta name="citation_date" content="1956/06/14">' in body
    assert "The 1956 August Plenum" in body and "Draft collection" not in body


def test_document_page_for_catalogue_only_record_says_where_it_is_held(demo_db, client):
    body = client.get("/documents/wcda-113395/").content.decode()
    assert "the text is not held here" in body
    assert 'href="https://digitalarchive.wilsoncenter.org/document/113395"' in body
    assert "Hungarian National Archives" in body
    assert "Tétel (item): 5/a" in body


@pytest.mark.parametrize("public_id", ["su-draft", "su-restricted", "no-such-document"])
def test_non_public_documents_are_not_found(client, corpus, public_id):
    assert client.get(f"/documents/{public_id}/").status_code == 404
    assert client.get(f"/documents/{public_id}/export.ris").status_code == 404
    assert client.get(f"/api/documents/{public_id}").status_code == 404


def test_staff_see_non_public_documents_marked(client, corpus, staff_member):
    client.force_login(staff_member("Curator"))
    body = client.get("/documents/su-restricted/").content.decode()
    assert "Not public" in body and "Restricted plenum text." in body
    assert "Секретный оригинал" in client.get("/documents/su-1956-06/").content.decode()


# --- exports -------------------------------------------------------------------------------------


def test_document_exports_parse_back(client, corpus):
    import rispy
    from pybtex.database import parse_string

    ris = client.get("/documents/su-1956-06/export.ris")
    assert ris["Content-Type"].startswith("application/x-research-info-systems")
    entry = rispy.loads(ris.content.decode())[0]
    assert entry["title"] == "Journal of Ambassador Ivanov"
    bib = parse_string(client.get("/documents/su-1956-06/export.bib").content.decode(), "bibtex")
    assert list(bib.entries.values())[0].fields["title"].strip("{}") == "Journal of Ambassador Ivanov"
    csl = json.loads(client.get("/documents/su-1956-06/export.json").content)
    assert csl[0]["id"] == "su-1956-06"
    assert client.get("/documents/su-1956-06/export.doc").status_code == 404


def test_result_set_export_holds_every_result_and_nothing_hidden(client, corpus):
    csl = json.loads(client.get("/search/export.json", {"q": "plenum"}).content)
    assert {item["id"] for item in csl} == {"undated-note", "su-1956-06"}
    ris = client.get("/search/export.ris", {"from": "1956", "to": "1956"}).content.decode()
    import rispy

    assert len(rispy.loads(ris)) == 3


# --- collections and publications ------------------------------------------------------------------


def test_collection_pages(client, curated):
    listing = client.get("/collections/").content.decode()
    assert "The 1956 August Plenum" in listing and "(2 documents)" in listing and "Draft collection" not in listing
    page = client.get("/collections/plenum/").content.decode()
    assert page.index("Journal of Ambassador Ivanov") < page.index("Political report of the Polish embassy")
    assert "Restricted plenum record" not in page
    assert client.get("/collections/draft-coll/").status_code == 404


def test_publication_page_appends_its_public_documents_in_order(client, curated):
    page = client.get("/publications/reader/").content.decode()
    assert "Essay text." in page
    assert page.index("Telegram from Pyongyang") < page.index("Jelentés a nagykövetség")
    assert "Unpublished draft record" not in page


def test_search_within_a_collection(client, curated):
    body = client.get("/search", {"collection": "plenum"}).content.decode()
    assert '<span id="result-count">2</span>' in body


# --- JSON API ------------------------------------------------------------------------------------


def test_api_search_has_the_documented_shape(client, corpus):
    data = client.get("/api/search", {"q": "Pyongyang", "origin_country": "Romania"}).json()
    assert data["total"] == 1
    assert data["results"][0]["id"] == "ro-1967-telegram"
    assert set(data["results"][0]) >= {"id", "title", "date", "origin", "snippet"}
    assert data["facets"]["origin_country"] == [{"value": "Romania", "label": "Romania", "count": 1}]


def test_api_search_facets_agree_with_counts(client, corpus):
    data = client.get("/api/search", {"per_page": 100}).json()
    for facet, values in data["facets"].items():
        for value in values:
            assert client.get("/api/search", {facet: value["value"], "per_page": 100}).json()["total"] == value["count"]


def test_api_search_rejects_bad_parameters(client, corpus):
    response = client.get("/api/search", {"from": "1956-13"})
    assert response.status_code == 400 and "not a real date" in response.json()["detail"]


def test_api_document(client, corpus):
    data = client.get("/api/documents/su-1956-06").json()
    assert data["date"] == {"value": "1956-06-14", "precision": "day", "display": "June 14, 1956",
                            "earliest": "1956-06-14", "latest": "1956-06-14", "note": None}
    assert data["locators"][0]["repository"]["code"] == "RGANI"
    assert [t["language"] for t in data["texts"]] == ["en"]
    assert data["withheld_texts"] == [{"kind": "original", "language": "ru"}]
    assert data["citation"]["archive"].startswith('"Journal of Ambassador Ivanov," June 14, 1956')


def test_api_collections_and_publications(client, curated):
    collections = client.get("/api/collections").json()
    assert [(c["slug"], c["documents"]) for c in collections] == [("plenum", 2)]
    assert client.get("/api/collections/plenum").json()["document_ids"] == ["su-1956-06", "pl-1956-year-only"]
    publications = client.get("/api/publications").json()
    assert publications[0]["document_ids"] == ["ro-1967-telegram", "hu-1955-report"]
    assert client.get("/api/publications/reader").json()["body"] == "<p>Essay text.</p>"  # sanitised HTML, as on the page


def test_openapi_schema_documents_every_route_and_facet(client):
    schema = client.get("/api/openapi.json").json()
    assert {"/api/search", "/api/documents/{public_id}", "/api/collections", "/api/publications"} <= set(schema["paths"])
    names = {p["name"] for p in schema["paths"]["/api/search"]["get"]["parameters"]}
    from mosaic.search.query import FACETS

    assert set(FACETS) | {"q", "from", "to", "sort", "page", "per_page"} <= names


# --- CLI -----------------------------------------------------------------------------------------


def test_cli_search_json_is_the_api_json(client, corpus, capsys):
    call_command("search", "Pyongyang", "--facet", "origin_country=Romania", "--json")
    cli = json.loads(capsys.readouterr().out)
    api = client.get("/api/search", {"q": "Pyongyang", "origin_country": "Romania"}).json()
    assert cli["total"] == api["total"] == 1
    assert [r["id"] for r in cli["results"]] == [r["id"] for r in api["results"]]
    assert cli["facets"] == api["facets"]


def test_cli_search_readable_and_errors(corpus, capsys):
    from django.core.management import CommandError

    call_command("search", "Stefanescu")
    out = capsys.readouterr().out
    assert "1 documents" in out and "ro-1967-telegram" in out
    with pytest.raises(CommandError, match="NAME=VALUE"):
        call_command("search", "x", "--facet", "colour=red")


def test_cli_cite_styles(corpus, capsys):
    call_command("cite", "su-1956-06", "--style", "archive")
    assert capsys.readouterr().out.startswith('"Journal of Ambassador Ivanov," June 14, 1956')
    call_command("cite", "su-1956-06", "--style", "chicago-note")
    assert "Person" in capsys.readouterr().out

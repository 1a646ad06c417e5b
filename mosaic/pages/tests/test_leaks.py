"""The leak test: every public URL pattern and every API route, called anonymously, as a
logged-in reader who is not staff and as a translator (staff, with one task), must never show a
restricted or draft document, text layer, collection, publication or scan, whether by title,
text, snippet, count or page image. The translator does see their own task's document whole.

Routes are enumerated from the URL resolver and the OpenAPI schema, so a new route is exercised
here as soon as it exists, with every id and slug the fixtures know.
"""
import datetime as dt
import io
import json
import itertools
import re
import zipfile

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from mosaic.archives.models import Repository
from mosaic.books.tests.readback import download_text
from mosaic.collections.models import Collection, CollectionMembership
from mosaic.corpus.models import ArchivalUnit, Document, Locator, NameLink, TextLayer
from mosaic.context.models import Event, EventMention
from mosaic.curation import history, roles
from mosaic.entities.models import AuthorityTerm, Person
from mosaic.oai.ledger import follow_documents
from mosaic.ocr.word_boxes import Word, pack
from mosaic.preservation.models import DocumentFile, OcrPage, StoredFile
from mosaic.preservation.store import store_stream
from mosaic.preservation.tests.conftest import page_image
from mosaic.publications.models import Footnote, Publication, PublicationDocument
from mosaic.search.index import get_backend, rebuild
from mosaic.subjects.models import DocumentPlace, DocumentSubject, Subject
from mosaic.translations.models import TranslationTask

pytestmark = pytest.mark.django_db

MARK = "LEAKCANARY"  # appears only in things the public must not see (never typed into a query)
HIDDEN_WORD = "zzhidden"  # also only in restricted material, and searched for
HIDDEN_PLACE = "hidden-town"  # a public place of the authority that only the draft is tagged with
# Only in the translator's task document: hidden from everyone but the translator (and curators).
TASK_MARK = "TASKCANARY"
TASK_ORIGINAL = f"Оригинал {TASK_MARK} для перевода"


def _attach(document, data: bytes, name: str, **link) -> DocumentFile:
    return DocumentFile.objects.create(document=document, stored_file=store_stream(io.BytesIO(data), name=name), **link)


@pytest.fixture
def restricted_world(db, settings, tmp_path):
    settings.MOSAIC_FILE_STORE = tmp_path / "store"
    settings.MOSAIC_DERIVATIVES = tmp_path / "derivatives"
    get_backend().clear()
    public = Document.objects.create(public_id="open-doc", title="Open report on the plenum", status="published",
                                     date="1956-08", date_min=dt.date(1956, 8, 1), date_max=dt.date(1956, 8, 31),
                                     origin_country="USSR")
    TextLayer.objects.create(document=public, kind="translation", language="en", text="The plenum met in August.")
    TextLayer.objects.create(document=public, kind="original", language="ru", access="staff",
                             text=f"Оригинал {MARK} {HIDDEN_WORD} plenum")
    TextLayer.objects.create(document=public, kind="translation", language="de", access="embargoed",
                             embargo_until=dt.date(2999, 1, 1), text=f"Embargoed {MARK} {HIDDEN_WORD} plenum")
    hidden = [
        Document.objects.create(public_id="draft-doc", title=f"{MARK} draft plenum", status="draft", origin_country="Albania",
                                classification="zzclass", date="1967-06", date_min=dt.date(1967, 6, 1),
                                date_max=dt.date(1967, 6, 30)),
        Document.objects.create(public_id="staff-doc", title=f"{MARK} staff plenum", status="published", access="staff",
                                origin_country="Albania"),
        Document.objects.create(public_id="embargo-doc", title=f"{MARK} embargoed plenum", status="published",
                                access="embargoed", embargo_until=dt.date(2999, 1, 1), origin_country="Albania"),
        Document.objects.create(public_id="withdrawn-doc", title=f"{MARK} withdrawn plenum", status="withdrawn",
                                origin_country="Albania"),
    ]
    for document in hidden:
        TextLayer.objects.create(document=document, kind="translation", language="en", text=f"{MARK} {HIDDEN_WORD} plenum")
    # The open document and the draft share an archival file: the open page's foliation line must
    # not name the draft or its leaves.
    garf = Repository.objects.create(code="GARF", name="State Archive of the Russian Federation")
    for document, (first, last) in ((public, (44, 45)), (hidden[0], (153, 164))):
        locator = Locator.objects.create(document=document, repository=garf, folio_start=first, folio_end=last)
        for order, (kind, value) in enumerate((("fond", "5446"), ("opis", "98"), ("delo", "721"))):
            ArchivalUnit.objects.create(locator=locator, order=order, unit_type=kind, value=value)
    # Scans: an open one whose OCR layer is staff-only, and ones the public must not even know are
    # held (named with the mark, so the name, label or either's echo shows up as a leak).
    open_scan = _attach(public, page_image("Open scan", pages=2, fmt="TIFF"), "open-scan.tif", label="Open scan")
    TextLayer.objects.create(document=public, kind="ocr", language="ru", access="staff", text=f"OCR {MARK} {HIDDEN_WORD} plenum")
    OcrPage.objects.create(stored_file=open_scan.stored_file, page=1, language="ru", engine="test", confidence=80,
                           text=f"Страница {MARK} {HIDDEN_WORD}", words=pack((400, 300), [  # boxes for content search
                               Word(text, 20 + 120 * n, 40, 100, 30, 80.0, 0) for n, text in enumerate(("Страница", MARK, HIDDEN_WORD))]))
    _attach(public, page_image("Staff scan"), f"{MARK}-staff-scan.png", label=f"{MARK} staff scan", access="staff")
    _attach(public, page_image("Embargoed scan"), f"{MARK}-embargoed-scan.png", label=f"{MARK} embargoed scan",
            access="embargoed", embargo_until=dt.date(2999, 1, 1))
    _attach(hidden[0], page_image("Draft scan"), f"{MARK}-draft-scan.png", label=f"{MARK} draft scan")
    draft_collection = Collection.objects.create(slug="draft-collection", title=f"{MARK} collection", status="draft")
    CollectionMembership.objects.create(collection=draft_collection, document=public)
    open_collection = Collection.objects.create(slug="open-collection", title="Open collection", status="published")
    for order, document in enumerate([public, *hidden]):
        CollectionMembership.objects.create(collection=open_collection, document=document, order=order)
    draft_publication = Publication.objects.create(slug="draft-publication", kind="essay", title=f"{MARK} essay", status="draft")
    PublicationDocument.objects.create(publication=draft_publication, document=public)
    open_publication = Publication.objects.create(slug="open-publication", kind="essay", title="Open essay", status="published")
    for order, document in enumerate([public, *hidden]):
        PublicationDocument.objects.create(publication=open_publication, document=document, order=order)
    # Its notes cite them too, and the draft's note cites the open document ("cited in" on its page).
    for number, document in enumerate([public, *hidden], start=1):
        Footnote.objects.create(publication=open_publication, marker=str(number), document=document, pinpoint="l. 2")
    Footnote.objects.create(publication=draft_publication, marker="1", text=f"{MARK} note", document=public)
    person = Person.objects.create(person_id="P001", display_name="Pak Chang-ok", tradition="other")
    # Places and subjects: the draft's own are counted nowhere a reader looks (the search map, facets).
    for document, place, heading in ((public, "open-town", "Open subject"), (hidden[0], HIDDEN_PLACE, f"{MARK} subject")):
        DocumentPlace.objects.create(document=document, place=AuthorityTerm.objects.create(
            term_id=place, kind="place", preferred=place.replace("-", " ").title(), latitude=41.3, longitude=19.8))
        DocumentSubject.objects.create(document=document, subject=Subject.objects.create(heading=heading))
    NameLink.objects.create(document=hidden[0], person=person, surface_form="Pak Chang-ok", confidence=0.9)
    event = Event(row_id="E016", start="1967-05", title="Purge of the Kapsan faction", category="purge",
                  sources="test fixture", confidence="medium")
    event.save()
    EventMention.objects.create(event=event, document=hidden[0], found_by="keyword: plenum", status=EventMention.CONFIRMED)
    # The draft also holds a Russian original, so that it belongs in the Korean translation backlog.
    TextLayer.objects.create(document=hidden[0], kind="original", language="ru", access="staff", text=f"{MARK} {HIDDEN_WORD} оригинал")
    # The translator's task: a staff-only draft with a staff-only original and scan.
    task_document = Document.objects.create(public_id="task-doc", title=f"{TASK_MARK} task document", status="draft",
                                            access="staff", origin_country="USSR", original_language="ru")
    TextLayer.objects.create(document=task_document, kind="original", language="ru", access="staff", text=TASK_ORIGINAL)
    _attach(task_document, page_image("Task scan"), f"{TASK_MARK}-task-scan.png", label=f"{TASK_MARK} task scan", access="staff")
    _annotate(public, hidden[0], open_scan)
    rebuild()
    # What the commits of these saves tell OAI-PMH harvesters (the test's transaction never commits).
    follow_documents(Document.objects.values_list("pk", flat=True))
    return public, hidden


IDS = ["open-doc", "draft-doc", "staff-doc", "embargo-doc", "withdrawn-doc", "task-doc", "open-collection", "draft-collection",
       "open-publication", "draft-publication", "P001", "pyongyang", "E016", "1"]
HIDDEN_IDS = ["draft-doc", "staff-doc", "embargo-doc", "withdrawn-doc", "draft-collection", "draft-publication"]
EXTENSIONS = ["ris", "bib", "json"]
# IIIF image requests: one page, in each size a level 0 service lists (the fixtures' pages are 400 px wide).
IIIF_PARAMETERS = {"page": ["1"], "region": ["full"], "size": ["max", "200,"], "rotation": ["0"], "quality": ["default"],
                   "format": ["jpg"]}
QUERIES = ["", "?q=plenum", f"?q={HIDDEN_WORD}", "?q=plenum&per_page=100", "?origin_country=Albania", "?q=plenum&sort=date",
           "?collection=draft-collection", "?classification=zzclass", "?from=1956&to=1956", "?q=zzhid*"]


@pytest.fixture
def translator(restricted_world, django_user_model):
    """A translator (the role: staff, with its permissions) whose one open task is the task document."""
    roles.sync_roles()
    user = django_user_model.objects.create_user("translator", password="a-long-passphrase")
    roles.grant(user, roles.TRANSLATOR)
    TranslationTask.objects.create(document=Document.objects.get(public_id="task-doc"), target_language="en",
                                   assignee=user, status=TranslationTask.IN_PROGRESS)
    return django_user_model.objects.get(pk=user.pk)


def _public_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(("admin/", "api/")):
            continue  # the staff interface requires login; the API is enumerated from its schema
        if isinstance(entry, URLResolver):
            yield from _public_patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def _restricted_scans(mark: str = MARK) -> list[str]:
    return list(StoredFile.objects.filter(original_name__startswith=mark).values_list("sha256", flat=True))


def _annotate(public, draft, open_scan) -> None:
    """Annotations by another reader: two published ones anyone may read (on the open translation
    and the open scan), and, marked, private, submitted and declined ones, and published ones on a
    staff-only layer, a staff-only scan and a draft document, which no reader but a curator may see."""
    from django.contrib.auth import get_user_model

    from mosaic.annotations.models import Annotation

    annotator = get_user_model().objects.create(username="annotator")
    on_text = {"creator": annotator, "layer_kind": "translation", "layer_language": "en", "start": 4, "end": 10, "exact": "plenum"}
    Annotation.objects.create(document=public, body="Open note on the plenum", state="published", **on_text)
    Annotation.objects.create(document=public, body="Open note on the scan", state="published", creator=annotator,
                              stored_file=open_scan.stored_file, page=1, x=10, y=10, w=50, h=20)
    for state in ("private", "submitted", "rejected"):
        Annotation.objects.create(document=public, body=f"{MARK} {state} note", state=state, **on_text)
    Annotation.objects.create(document=public, body=f"{MARK} note on the original", state="published", creator=annotator,
                              layer_kind="original", layer_language="ru", start=0, end=len(f"Оригинал {MARK}"),
                              exact=f"Оригинал {MARK}")
    staff_scan = StoredFile.objects.get(original_name=f"{MARK}-staff-scan.png")
    Annotation.objects.create(document=public, body=f"{MARK} note on the staff scan", state="published", creator=annotator,
                              stored_file=staff_scan, page=1, x=10, y=10, w=50, h=20)
    Annotation.objects.create(document=draft, body=f"{MARK} note on the draft", state="published", creator=annotator,
                              layer_kind="translation", layer_language="en", start=0, end=len(MARK), exact=MARK)


def _hidden_annotations() -> list[str]:
    from mosaic.annotations.models import Annotation

    return [str(uuid) for uuid in Annotation.objects.filter(body__contains=MARK).values_list("annotation_id", flat=True)]


def _hidden_ids() -> list[str]:
    """What must not appear: restricted records' ids, restricted scans' hashes as pages show them,
    and the ids of annotations no reader may see."""
    return HIDDEN_IDS + [sha256[:12] for sha256 in _restricted_scans()] + _hidden_annotations()


def _task_ids() -> list[str]:
    """The task document's id and its scan's hash: hidden from all but its translator."""
    return ["task-doc"] + [sha256[:12] for sha256 in _restricted_scans(TASK_MARK)]


def _values(parameter: str) -> list[str]:
    if parameter == "extension":
        return EXTENSIONS
    if parameter in ("stamp", "path"):  # /data/: every file of the published dump, if there is one
        from mosaic.opendata.published import latest

        dump = latest()
        if dump is None:
            return ["20250101T000000Z" if parameter == "stamp" else "documents.jsonl"]
        return [dump.stamp] if parameter == "stamp" else sorted(dump.paths())
    if parameter == "sha256":
        return list(StoredFile.objects.values_list("sha256", flat=True))
    if parameter == "annotation_id":
        from mosaic.annotations.models import Annotation

        return [str(uuid) for uuid in Annotation.objects.values_list("annotation_id", flat=True)]
    if parameter == "layer":  # the text of an annotation's passage: the staff-only original
        return ["original-ru"]
    return IIIF_PARAMETERS.get(parameter, IDS)


def _fill(route: str) -> list[str]:
    """Every concrete path for a route, with each known id for each parameter."""
    parameters = re.findall(r"<(?:\w+:)?(\w+)>", route)
    urls = []
    for values in itertools.product(*[_values(name) for name in parameters]):
        path = route
        for value in values:
            path = re.sub(r"<(?:\w+:)?\w+>", value, path, count=1)
        urls.append("/" + path.lstrip("^").rstrip("$"))
    return urls


def _api_paths(client) -> list[str]:
    schema = client.get("/api/openapi.json").json()
    paths = []
    for path in schema["paths"]:
        names = re.findall(r"{(\w+)}", path)
        for values in itertools.product(*[IDS for _ in names]):
            concrete = path
            for value in values:
                concrete = re.sub(r"{\w+}", value, concrete, count=1)
            paths.append(concrete)
    return paths


def _oai_queries() -> list[str]:
    """OAI-PMH requests that list or fetch records, including each restricted document by its identifier."""
    from mosaic.oai.protocol import identifier

    lists = [f"?verb={verb}&metadataPrefix={prefix}" for verb in ("ListRecords", "ListIdentifiers") for prefix in ("oai_dc", "mosaic")]
    records = [f"?verb=GetRecord&metadataPrefix=mosaic&identifier={identifier(public_id)}"
               for public_id in ("open-doc", "draft-doc", "staff-doc", "embargo-doc", "withdrawn-doc", "task-doc")]
    return ["?verb=Identify", "?verb=ListSets", "?verb=ListMetadataFormats&identifier=" + identifier("staff-doc"), *lists, *records]


def _readers(client, django_user_model):
    yield "anonymous", client
    researcher = django_user_model.objects.create_user("researcher", password="a-long-passphrase")
    client.force_login(researcher)
    yield "researcher", client


def _readers_and_what_they_must_not_see(client, django_user_model, translator):
    """(who, client, (marks, ids, scans)): readers see nothing restricted; the translator sees
    their task's document, and nothing else restricted."""
    outsiders = ([MARK, TASK_MARK], _hidden_ids() + _task_ids(), _restricted_scans() + _restricted_scans(TASK_MARK))
    for who, reader in _readers(client, django_user_model):
        yield who, reader, outsiders
    client.force_login(translator)
    yield "translator", client, ([MARK], _hidden_ids(), _restricted_scans())


@pytest.fixture
def open_data(restricted_world, settings, tmp_path):
    """The restricted world's open data dump, published at /data/ for the crawl to read."""
    from mosaic.opendata.published import publish

    settings.MOSAIC_HOME = tmp_path / "home"
    settings.MOSAIC_HOME.mkdir()
    return publish()[0]


def test_no_route_shows_restricted_or_draft_material(client, restricted_world, translator, django_user_model, open_data):
    routes = list(_public_patterns())
    assert "documents/<slug:public_id>/" in routes and "search" in routes  # the enumeration works
    assert len(_restricted_scans()) == 3 and len(_restricted_scans(TASK_MARK)) == 1
    checked = 0
    for who, reader, (marks, hidden_ids, restricted_scans) in _readers_and_what_they_must_not_see(client, django_user_model, translator):
        urls = [url for route in routes for url in _fill(route)] + _api_paths(reader)
        for url in urls:
            for query in QUERIES if ("search" in url or url.endswith("/api/names/resolve")) else _oai_queries() if url == "/oai" else [""]:
                if url.endswith("/api/names/resolve") and not query.startswith("?q="):
                    continue
                response = reader.get(url + (query if "?" not in url else query.replace("?", "&")))
                body = _body(response)
                assert not any(mark in body for mark in marks), f"{who} sees restricted material at {url}{query}"
                if not any(hidden in url + query for hidden in hidden_ids):  # not merely echoing the request
                    assert not any(hidden in body for hidden in hidden_ids), f"{who} sees a restricted record's id at {url}{query}"
                if any(sha256 in url for sha256 in restricted_scans):
                    assert response.status_code == 404, f"{who} is told a restricted scan is held at {url}"
                checked += 1
    assert checked > 100


def test_the_translator_sees_their_task_document_whole(client, restricted_world, translator):
    """What the policy adds for a translator, on every channel that shows a document: the
    restricted original and scan of their own task's document."""
    client.force_login(translator)
    assert TASK_ORIGINAL in client.get("/documents/task-doc/").content.decode()
    assert TASK_ORIGINAL in [text["text"] for text in client.get("/api/documents/task-doc").json()["texts"]]
    manifest = client.get("/iiif/documents/task-doc/manifest.json")
    (scan,) = _restricted_scans(TASK_MARK)
    assert manifest.status_code == 200 and scan in manifest.content.decode()
    assert client.get(f"/iiif/image/{scan}/1/info.json").status_code == 200
    assert client.get(f"/iiif/image/{scan}/1/full/max/0/default.jpg").status_code == 200
    task = TranslationTask.objects.get(assignee=translator)
    assert TASK_ORIGINAL in client.get(f"/staff/translations/{task.pk}/").content.decode()
    # Their task finished, the document closes again.
    TranslationTask.objects.filter(pk=task.pk).update(status=TranslationTask.DONE)
    assert client.get("/documents/task-doc/").status_code == 404
    assert client.get(f"/iiif/image/{scan}/1/info.json").status_code == 404


def test_the_staff_interface_shows_a_translator_what_the_policy_allows(client, restricted_world, translator):
    """The translator's view permissions open the staff interface's document pages; their lists,
    pages and autocompletes hold only what the access policy lets them see."""
    client.force_login(translator)
    changelist = client.get("/admin/corpus/document/").content.decode()
    assert "open-doc" in changelist and "task-doc" in changelist
    assert MARK not in changelist and not any(hidden in changelist for hidden in HIDDEN_IDS)
    for document in Document.objects.all():
        page = client.get(f"/admin/corpus/document/{document.pk}/change/")
        if document.public_id in ("open-doc", "task-doc"):
            assert page.status_code == 200
            assert MARK not in _body(page), f"the translator sees restricted parts of {document.public_id} in the staff interface"
        else:
            assert page.status_code == 302 and MARK not in _body(page)  # "does not exist": back to the index
    assert TASK_ORIGINAL in client.get(f"/admin/corpus/document/{Document.objects.get(public_id='task-doc').pk}/change/").content.decode()
    found = client.get("/admin/autocomplete/", {"app_label": "translations", "model_name": "translationtask",
                                                "field_name": "document", "term": "plenum"}).json()
    assert [result["text"] for result in found["results"]] == ["open-doc: Open report on the plenum"]
    for staff_page in ("/staff/audit/", "/staff/foliation/", "/staff/foliation/file/?repository=GARF&units=fond+5446",
                       "/staff/trash/"):
        assert client.get(staff_page).status_code == 403
    # History holds every past state of a record, its staff-only layers included: not for translators.
    open_doc = Document.objects.get(public_id="open-doc")
    history.snapshot([open_doc], comment="test state")
    version = history.versions_of(open_doc).first()
    assert client.get(f"/admin/corpus/document/{open_doc.pk}/history/").status_code == 403
    version_page = client.get(f"/admin/corpus/document/{open_doc.pk}/history/{version.pk}/")
    assert version_page.status_code == 404 and MARK not in _body(version_page)
    # A finished task no longer opens its document, in the task list either.
    TranslationTask.objects.create(document=Document.objects.get(public_id="draft-doc"), target_language="ko",
                                   assignee=translator, status=TranslationTask.DONE)
    tasks = client.get("/admin/translations/translationtask/").content.decode()
    assert "task-doc" in tasks and MARK not in tasks and "draft-doc" not in tasks


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type") == "application/zip":  # an open data dump: what its files hold
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist())
    # A downloaded book (PDF, EPUB) is compressed: what a reader finds in it is its text.
    book_text = download_text(content, response.get("Content-Type", ""))
    return book_text if book_text is not None else content.decode("utf-8", errors="replace")


def _shows_restricted(request: str, response) -> bool:
    """Whether a response shows anything restricted: its marked text, a hidden id, or the page
    image of a restricted scan (an image carries no text to find, so its being served is the leak)."""
    body = _body(response)
    # The search map shows places and counts, no titles: counting the draft's place is its leak.
    return (MARK in body or any(hidden in body for hidden in _hidden_ids()) or ("places.json" in request and HIDDEN_PLACE in body)
            or (response.status_code == 200 and any(sha256 in request for sha256 in _restricted_scans())))


def test_the_translation_backlog_depends_on_the_policy(client, restricted_world, translator, monkeypatch):
    """The backlog is a staff page the leak crawl cannot switch the policy off for as an
    anonymous reader; as the translator, without the policy it would list the draft."""
    from mosaic.corpus import access

    client.force_login(translator)
    backlog = "/staff/translations/?language=ko"  # the draft's Russian original has no Korean translation
    shown = _body(client.get(backlog))
    assert "task-doc" in shown and MARK not in shown
    with monkeypatch.context() as patch:
        for name, permissive in _policy_off().items():
            patch.setattr(access, name, permissive)
        assert MARK in _body(client.get(backlog))


def test_the_search_map_counts_only_what_the_reader_may_see(client, restricted_world):
    for query in ({}, {"q": "plenum"}, {"q": HIDDEN_WORD}, {"origin_country": "Albania"}, {"place": HIDDEN_PLACE}):
        data = client.get("/search/places.json", query).json()
        assert HIDDEN_PLACE not in json.dumps(data) and MARK not in json.dumps(data)
    data = client.get("/search/places.json", {"q": "plenum"}).json()
    assert data["total"] == 1 and [(p["id"], p["count"]) for p in data["places"]] == [("open-town", 1)]
    facets = client.get("/api/search", {"q": "plenum"}).json()["facets"]
    assert [v["label"] for v in facets["subject"]] == ["Open subject"] and [v["value"] for v in facets["place"]] == ["open-town"]


def test_search_counts_only_what_the_reader_may_see(client, restricted_world):
    data = client.get("/api/search", {"q": "plenum", "per_page": 100}).json()
    assert [r["id"] for r in data["results"]] == ["open-doc"]
    assert data["total"] == 1
    assert all(v["value"] != "Albania" for v in data["facets"]["origin_country"])
    assert all(v["value"] != "draft-collection" for v in data["facets"]["collection"])
    assert {v["value"] for v in data["facets"]["translation_language"]} == {"en"}  # the embargoed German is not counted


# Routes that show no archive record to readers, so they never ask the access policy.
NO_RECORDS = {"healthz", "language/", "jsi18n/", "events/", "accounts/login/", "accounts/register/", "people/", "terms/", "terms/<slug:term_id>/", "api/openapi.json", "api/docs", "api/names/resolve", "oai/mosaic-document-1.xsd",
              # A published dump was made through the policy when it was published (opendata's tests
              # and the crawl above read every file of one); serving it asks nothing more.
              "data/", "data/<str:stamp>.zip", "data/<str:stamp>/<path:path>"}


def _policy_off():
    from mosaic.collections.models import Collection as AllCollections

    return {
        "sees_all_records": lambda user: True,
        "public_documents": lambda: Document.objects.all(),
        "visible_documents": lambda user: Document.objects.all(),
        "visible_layers": lambda document, user: list(document.text_layers.all()),
        "withheld_layers": lambda document, user: [],
        "public_collections": lambda: AllCollections.objects.all(),
        "visible_collections": lambda user: AllCollections.objects.all(),
        "public_publications": lambda: Publication.objects.all(),
        "visible_files": lambda document, user: list(document.files.select_related("stored_file")),
        "stored_file_visible": lambda stored_file, user: True,
        "visible_annotations": lambda document, user: document.annotations.all(),
    }


def _route_urls(client):
    routes = {route: _fill(route) for route in _public_patterns()}
    schema = client.get("/api/openapi.json").json()
    for path in schema["paths"]:
        route = re.sub(r"{(\w+)}", r"<\1>", path).lstrip("/")
        routes[route] = [u for u in _api_paths(client) if re.fullmatch(re.sub(r"{\w+}", "[^/]+", path), u)]
    routes.update({"api/openapi.json": ["/api/openapi.json"], "api/docs": ["/api/docs"]})
    return routes


def _requests(url):
    # The timeline lists documents one by one only in a narrow view (the draft's month); wider, it counts.
    queries = (QUERIES if "search" in url else ["?q=Kim"] if url.endswith("/api/names/resolve")
               else ["", "?from=1967-06&to=1967-06"] if "timeline" in url else _oai_queries() if url == "/oai" else [""])
    return [url + query for query in queries]


def test_every_route_depends_on_the_policy(client, restricted_world, monkeypatch):
    """Switching the access policy off for one route at a time makes that route leak: no route
    that shows archive records has a private way round the policy."""
    from mosaic.corpus import access

    routes = _route_urls(client)
    asked_policy, unchecked = set(), set()
    for route, urls in routes.items():
        if route.startswith("staff/"):
            for url in urls:
                response = client.get(url)
                assert response.status_code in (302, 404, 405), f"{url} is a staff page but answers anonymous readers"
            continue
        calls = []
        with monkeypatch.context() as patch:
            for name in _policy_off():
                original = getattr(access, name)
                patch.setattr(access, name, lambda *a, _f=original, _n=name, **k: (calls.append(_n), _f(*a, **k))[1])
            for url in urls:
                for request in _requests(url):
                    client.get(request)
        if not calls:
            unchecked.add(route)
            continue
        asked_policy.add(route)
        with monkeypatch.context() as patch:
            for name, permissive in _policy_off().items():
                patch.setattr(access, name, permissive)
            rebuild()  # search reads an index built through the policy
            leaked = any(_shows_restricted(request, client.get(request)) for url in urls for request in _requests(url))
        rebuild()
        assert leaked, f"{route} asks the policy, yet shows nothing restricted without it: extend the fixtures"
    def _post_only(urls):  # answers GET with 405 wherever the URL resolves (404: a filler did not fit)
        codes = {client.get(u).status_code for u in urls}
        return 405 in codes and codes <= {404, 405}

    post_only = {route for route in unchecked if _post_only(routes[route])}
    staff_only = {route for route in unchecked
                  if all(client.get(u).status_code == 302 and "/login/" in client.get(u)["Location"] for u in routes[route])}
    assert unchecked - post_only - staff_only == NO_RECORDS, "a new route must either use the access policy or be listed in NO_RECORDS"
    assert {"documents/<slug:public_id>/", "search", "api/search", "collections/<slug:slug>/",
            "iiif/documents/<slug:public_id>/manifest.json", "iiif/documents/<slug:public_id>/search",
            "iiif/image/<sha256:sha256>/<int:page>/info.json",
            "iiif/image/<sha256:sha256>/<int:page>/<str:region>/<str:size>/<str:rotation>/<str:quality>.<str:format>",
            "publications/<slug:slug>/book.pdf", "publications/<slug:slug>/book.epub",
            "documents/<slug:public_id>/document.pdf", "oai", "annotations/documents/<slug:public_id>/",
            "annotations/<uuid:annotation_id>", "annotations/documents/<slug:public_id>/texts/<slug:layer>"} <= asked_policy


def test_published_annotations_are_shown_where_the_crawl_looks(client, restricted_world):
    """What the crawl finds no mark in does show annotations: the public ones, everywhere they belong."""
    assert "Open note on the plenum" in client.get("/documents/open-doc/").content.decode()
    container = client.get("/annotations/documents/open-doc/").json()
    assert sorted(item["body"]["value"] for item in container["first"]["items"]) == ["Open note on the plenum", "Open note on the scan"]
    assert "Open note on the scan" in client.get("/iiif/documents/open-doc/manifest.json").content.decode()


def test_sitemap_and_feed_list_the_public_record_only(client, restricted_world):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/documents/open-doc/" in sitemap and "/collections/open-collection/" in sitemap and "/publications/open-publication/" in sitemap
    feed = client.get("/feeds/documents.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "Open report on the plenum" in feed.content.decode() and MARK not in feed.content.decode()

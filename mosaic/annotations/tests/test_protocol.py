"""The Web Annotation Protocol over a document's annotations: create, read, update, delete, who
may do which, and the formats and headers the protocol asks for."""
import json

import pytest
from django.test import Client

from mosaic.annotations.models import Annotation
from mosaic.annotations.tests.conftest import ANNOTATION_TYPE, TRANSLATION, region_annotation, text_annotation
from mosaic.curation import history

pytestmark = pytest.mark.django_db


def _put(client, url, data, **headers):
    return client.put(url, json.dumps(data), content_type=ANNOTATION_TYPE, headers=headers)


def test_a_reader_annotates_a_passage_and_only_they_see_it(client, world, post_annotation):
    created = post_annotation(world.reader, world.container, text_annotation(world, "Kim Il Sung"))
    assert created.status_code == 201, created.content
    assert created["Content-Type"] == ANNOTATION_TYPE
    data = created.json()
    assert created["Location"] == data["id"] and data["id"].startswith("http://testserver/annotations/")
    assert created["ETag"].startswith('"') and created["Link"] == '<http://www.w3.org/ns/ldp#Resource>; rel="type"'
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld" and data["type"] == "Annotation"
    assert data["creator"] == {"type": "Person", "name": "a reader"}  # never the username or address
    assert "reader@example.org" not in created.content.decode() and data["schema:creativeWorkStatus"] == "private"
    quote, position = data["target"]["selector"]
    assert quote["exact"] == "Kim Il Sung" and TRANSLATION[position["start"]:position["end"]] == "Kim Il Sung"
    assert data["target"]["source"]["id"] == world.text_source() and data["target"]["source"]["language"] == "en"
    # The source is the plain text the positions count in.
    assert client.get(world.text_source()).content.decode() == TRANSLATION

    path = data["id"].removeprefix("http://testserver")
    assert client.get(path).json()["id"] == data["id"]
    for someone in (world.other_reader, None):
        other = Client()
        if someone:
            other.force_login(someone)
        refused = other.get(path)
        assert refused.status_code == 404 and refused.json() == {"detail": "No such annotation here."}
        assert other.get(world.container).json()["total"] == 0
    curator = Client()
    curator.force_login(world.curator)
    assert curator.get(path).status_code == 200  # curators see everything


def test_writing_needs_a_signed_in_account_and_its_csrf_token(world):
    anonymous = Client(enforce_csrf_checks=True)
    refused = anonymous.post(world.container, json.dumps(text_annotation(world, "plenum")), content_type=ANNOTATION_TYPE)
    assert refused.status_code == 401 and refused["WWW-Authenticate"].startswith("Cookie")
    assert refused.json()["detail"].startswith("Sign in to annotate")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.reader)
    refused = browser.post(world.container, json.dumps(text_annotation(world, "plenum")), content_type=ANNOTATION_TYPE)
    assert refused.status_code == 403 and "X-CSRFToken" in refused.json()["detail"]
    browser.get("/documents/plenum-report/")  # the page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    made = browser.post(world.container, json.dumps(text_annotation(world, "plenum")), content_type=ANNOTATION_TYPE,
                        headers={"X-CSRFToken": token})
    assert made.status_code == 201
    path = made["Location"].removeprefix("http://testserver")
    assert browser.delete(path).status_code == 403
    assert browser.delete(path, headers={"X-CSRFToken": token}).status_code == 204


@pytest.mark.parametrize("body, content_type, status, detail", [
    ("{}", "text/plain", 415, "Send the annotation as application/ld+json"),
    ("{not json", "application/json", 400, "The body is not JSON"),
    ('{"type": "Annotation", "body": {"type": "TextualBody", "value": "x"}}', "application/json", 400,
     "Not a Web Annotation Mosaic can keep: the annotation has no target."),
])
def test_what_is_not_an_annotation_is_refused_in_one_line(client, world, body, content_type, status, detail):
    client.force_login(world.reader)
    response = client.post(world.container, body, content_type=content_type)
    assert response.status_code == status and response.json()["detail"].startswith(detail)
    assert "\n" not in response.json()["detail"]


def test_targets_must_be_on_this_document_and_seen_by_the_reader(client, world, post_annotation):
    elsewhere = text_annotation(world, "plenum")
    elsewhere["target"]["source"] = "http://testserver/annotations/documents/another-doc/texts/translation-en"
    assert "is not a text of document plenum-report" in post_annotation(world.reader, world.container, elsewhere).json()["detail"]
    missing = text_annotation(world, "plenum")
    missing["target"]["selector"]["exact"] = "Stalin"
    assert post_annotation(world.reader, world.container, missing).json()["detail"] == \
        "the quoted passage “Stalin” is not in the translation (English)"
    # The staff-only original and scan are not there for a reader, even to be told they exist.
    on_original = post_annotation(world.reader, world.container, text_annotation(world, "SECRETWORD", layer=world.original))
    assert on_original.status_code == 404 and "SECRETWORD" not in on_original.content.decode()
    on_secret_scan = post_annotation(world.reader, world.container, region_annotation(world, canvas=world.canvas(world.secret_scan)))
    assert on_secret_scan.status_code == 404
    assert post_annotation(world.reader, world.container, region_annotation(world, canvas=world.canvas(page=7))).status_code == 404
    outside = post_annotation(world.reader, world.container, region_annotation(world, "xywh=500,20,10,10"))
    assert outside.status_code == 400 and "lies outside the page (400×300 pixels)" in outside.json()["detail"]
    assert post_annotation(world.reader, "/annotations/documents/no-such-doc/", text_annotation(world, "plenum")).status_code == 404
    assert Annotation.objects.count() == 0
    # A curator may annotate what only staff see.
    assert post_annotation(world.curator, world.container, text_annotation(world, "SECRETWORD", layer=world.original)).status_code == 201


def test_a_region_is_kept_in_pixels_and_cut_at_the_edges_of_the_page(world, post_annotation):
    made = post_annotation(world.reader, world.container, region_annotation(world, "xywh=percent:50,50,100,10"))
    assert made.status_code == 201, made.content
    selector = made.json()["target"]["selector"]
    assert selector == {"type": "FragmentSelector", "conformsTo": "http://www.w3.org/TR/media-frags/", "value": "xywh=200,150,200,30"}
    assert made.json()["target"]["source"]["partOf"] == [
        {"id": "http://testserver/iiif/documents/plenum-report/manifest.json", "type": "Manifest"}]
    shorthand = post_annotation(world.reader, world.container,
                                {**region_annotation(world), "target": f"{world.canvas(page=2)}#xywh=pixel:0,0,10,10"})
    assert shorthand.status_code == 201 and shorthand.json()["target"]["source"]["id"] == world.canvas(page=2)


def test_the_author_replaces_and_deletes_their_annotation(client, world, post_annotation):
    made = post_annotation(world.reader, world.container, text_annotation(world, "Kim Il Sung"))
    path, etag = made["Location"].removeprefix("http://testserver"), made["ETag"]
    changed = text_annotation(world, "the delegates", "Who were they?")
    assert _put(client, path, changed, If_Match='"stale"').status_code == 412
    assert _put(client, path, {**changed, "id": "http://testserver/annotations/elsewhere"}).status_code == 400
    replaced = _put(client, path, {**changed, "id": made["Location"]}, If_Match=etag)
    assert replaced.status_code == 200 and replaced["ETag"] != etag
    assert replaced.json()["body"]["value"] == "Who were they?"
    assert replaced.json()["target"]["selector"][0]["exact"] == "the delegates"
    # Someone else may neither see nor change it; once published, they see it but still may not.
    other = Client()
    other.force_login(world.other_reader)
    assert _put(other, path, changed).status_code == 404 and other.delete(path).status_code == 404
    Annotation.objects.update(state=Annotation.PUBLISHED)
    assert _put(other, path, changed).status_code == 403 and other.delete(path).status_code == 403
    annotation = Annotation.objects.get()
    assert client.delete(path, headers={"If-Match": '"stale"'}).status_code == 412
    assert client.delete(path).status_code == 204
    assert client.get(path).status_code == 404 and not Annotation.objects.exists()
    # Deleted to the trash, from where it comes back as it was.
    (trashed,) = [v for v in history.deleted_records() if v.object_id == str(annotation.pk)]
    history.restore(trashed)
    assert client.get(path).json()["body"]["value"] == "Who were they?"


def test_curators_change_and_delete_any_annotation(client, world, post_annotation):
    path = post_annotation(world.reader, world.container, text_annotation(world, "plenum")).headers["Location"].removeprefix(
        "http://testserver")
    client.force_login(world.curator)
    assert _put(client, path, text_annotation(world, "plenum", "Mended by a curator.")).status_code == 200
    assert client.delete(path).status_code == 204


def test_the_container_pages_preferences_and_headers(client, world, post_annotation, monkeypatch):
    from mosaic.annotations import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for exact in ("August", "Kim Il Sung", "delegates"):
        post_annotation(world.reader, world.container, text_annotation(world, exact))
    response = client.get(world.container)
    assert response.status_code == 200 and response["Content-Type"] == ANNOTATION_TYPE
    assert response["Allow"] == "GET, HEAD, OPTIONS, POST" and response["Accept-Post"] == ANNOTATION_TYPE
    assert '<http://www.w3.org/ns/ldp#BasicContainer>; rel="type"' in response["Link"] and "constrainedBy" in response["Link"]
    assert "Prefer" in response["Vary"] and response["Cache-Control"] == "private, no-cache"
    container = response.json()
    assert container["type"] == ["BasicContainer", "AnnotationCollection"] and container["total"] == 3
    first = container["first"]
    assert first["type"] == "AnnotationPage" and first["id"] == "http://testserver/annotations/documents/plenum-report/?page=0"
    assert [item["target"]["selector"][0]["exact"] for item in first["items"]] == ["August", "Kim Il Sung"]
    assert first["next"] == container["last"] == "http://testserver/annotations/documents/plenum-report/?page=1"
    second = client.get(world.container, {"page": "1"}).json()
    assert second["startIndex"] == 2 and second["prev"] == first["id"] and len(second["items"]) == 1
    assert second["partOf"]["total"] == 3 and second["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert client.get(world.container, {"page": "2"}).status_code == 404
    assert client.get(world.container, {"page": "²"}).status_code == 404
    # Unchanged: 304 on the ETag.
    assert client.get(world.container, headers={"If-None-Match": response["ETag"]}).status_code == 304

    iris = client.get(world.container, headers={"Prefer": 'return=representation;include="http://www.w3.org/ns/oa#PreferContainedIRIs"'})
    assert iris["Preference-Applied"] == "return=representation"
    assert iris["Content-Location"] == iris.json()["id"] == "http://testserver/annotations/documents/plenum-report/?iris=1"
    assert all(isinstance(item, str) and item.startswith("http://testserver/annotations/") for item in iris.json()["first"]["items"])
    minimal = client.get(world.container, headers={"Prefer": 'return=representation;include="http://www.w3.org/ns/ldp#PreferMinimalContainer"'})
    assert minimal.json()["first"] == "http://testserver/annotations/documents/plenum-report/?page=0"

    options = client.options(world.container)
    assert options.status_code == 200 and options["Allow"] == "GET, HEAD, OPTIONS, POST"
    assert client.patch(world.container).status_code == 405
    assert client.get("/annotations/documents/no-such-doc/").status_code == 404


def test_the_state_route_answers_posts_only(client, world, post_annotation):
    path = post_annotation(world.reader, world.container, text_annotation(world, "plenum")).headers["Location"].removeprefix(
        "http://testserver")
    assert client.get(f"{path}/state").status_code == 405
    moved = client.post(f"{path}/state", json.dumps({"state": "submitted"}), content_type="application/json")
    assert moved.status_code == 200 and moved.json()["schema:creativeWorkStatus"] == "submitted"
    refused = client.post(f"{path}/state", json.dumps({"state": "published"}), content_type="application/json")
    assert refused.status_code == 403 and refused.json()["detail"] == \
        "you may not move this annotation from submitted for publication to published"
    assert client.post(f"{path}/state", json.dumps({"state": "gone"}), content_type="application/json").status_code == 400

import io

import pytest
from PIL import Image

from mosaic.corpus.models import Document
from mosaic.iiif.tests.conftest import attach, typescript_pages

pytestmark = pytest.mark.django_db


def _base(link):
    return f"/iiif/image/{link.stored_file.sha256}"


def test_info_json_lists_exactly_the_sizes_served(client, scanned):
    _, scan, _ = scanned
    response = client.get(f"{_base(scan)}/2/info.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    info = response.json()
    assert info == {
        "@context": "http://iiif.io/api/image/3/context.json",
        "id": f"http://testserver{_base(scan)}/2",
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level0",
        "width": 600,
        "height": 800,
        "sizes": [{"width": 200, "height": 267}, {"width": 600, "height": 800}],
    }
    asked_for_json_ld = client.get(f"{_base(scan)}/2/info.json", HTTP_ACCEPT="application/ld+json")
    assert asked_for_json_ld["Content-Type"] == 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"'
    for size in info["sizes"]:  # every listed size is served, in either form the spec gives it
        for form in (f"{size['width']},{size['height']}", f"{size['width']},"):
            image = client.get(f"{_base(scan)}/2/full/{form}/0/default.jpg")
            assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
            assert Image.open(io.BytesIO(b"".join(image.streaming_content))).size == (size["width"], size["height"])


def test_the_full_image_and_its_caching(client, scanned):
    _, scan, _ = scanned
    response = client.get(f"{_base(scan)}/1/full/max/0/default.jpg")
    assert response.status_code == 200
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (600, 800)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]
    again = client.get(f"{_base(scan)}/1/full/max/0/default.jpg", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize("path, message", [
    ("full/300,/0/default.jpg", "only the sizes listed in info.json are served (max, 200,267, 600,800), not “300,”"),
    ("full/pct:50/0/default.jpg", "not “pct:50”"),
    ("full/^max/0/default.jpg", "not “^max”"),
    ("full/!200,200/0/default.jpg", "not “!200,200”"),
    ("0,0,100,100/max/0/default.jpg", "only the full region is served, not “0,0,100,100”"),
    ("square/max/0/default.jpg", "only the full region is served"),
    ("full/max/90/default.jpg", "only rotation 0 is served, not “90”"),
    ("full/max/0/gray.jpg", "only default.jpg is served, not “gray.jpg”"),
    ("full/max/0/default.png", "only default.jpg is served, not “default.png”"),
])
def test_anything_else_is_refused_saying_what_is_served(client, scanned, path, message):
    _, scan, _ = scanned
    response = client.get(f"{_base(scan)}/1/{path}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_unknown_files_and_pages_are_not_found(client, scanned):
    _, scan, _ = scanned
    assert client.get(f"/iiif/image/{'0' * 64}/1/info.json").status_code == 404
    assert client.get(f"{_base(scan)}/3/info.json").status_code == 404
    assert client.get(f"{_base(scan)}/0/info.json").status_code == 404
    assert client.get(f"{_base(scan)}/3/full/max/0/default.jpg").status_code == 404
    assert client.get(f"/iiif/image/{scan.stored_file.sha256[:40]}/1/info.json").status_code == 404


def test_restricted_scans_are_not_found_for_the_public_and_shown_to_staff(client, scanned, staff_member):
    document, _, secret = scanned
    draft = Document.objects.create(public_id="draft-doc", title="Draft", status="draft")
    on_draft = attach(draft, typescript_pages(["draft page"], fmt="PNG"), "draft.png")
    researcher = staff_member("Researcher")
    curator = staff_member("Curator")
    for link in (secret, on_draft):
        for reader in (None, researcher):
            if reader:
                client.force_login(reader)
            for path in ("1/info.json", "1/full/max/0/default.jpg", "1/full/200,/0/default.jpg",
                         "1/full/300,/0/default.jpg", "1/full/max/90/default.jpg", "2/info.json"):
                # Even a malformed request gets 404, so the answer never shows the file is held.
                assert client.get(f"{_base(link)}/{path}").status_code == 404, (link, reader, path)
            client.logout()
    client.force_login(curator)
    for link in (secret, on_draft):
        info = client.get(f"{_base(link)}/1/info.json")
        assert info.status_code == 200
        image = client.get(f"{_base(link)}/1/full/max/0/default.jpg")
        assert image.status_code == 200
        for response in (info, image):  # staff-only pages stay in the staff member's browser
            assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
            assert "Access-Control-Allow-Origin" not in response


def test_a_file_missing_from_the_store_is_an_error_not_a_blank(client, scanned, caplog):
    from mosaic.preservation.store import path_for

    _, scan, _ = scanned
    path_for(scan.stored_file.sha256).unlink()
    response = client.get(f"{_base(scan)}/1/info.json")
    assert response.status_code == 500 and "missing or damaged" in response.content.decode()
    assert "garf-5446-98-721.tif" in caplog.text

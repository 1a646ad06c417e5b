import re

import pytest

from mosaic.preservation.models import DocumentFile

pytestmark = pytest.mark.django_db

PAGE = "/documents/ru-1956-plenum/"


def test_the_page_lists_the_files_the_reader_may_see_with_thumbnails_linking_to_full_images(client, scanned):
    _, scan, secret = scanned
    html = client.get(PAGE).content.decode()
    section = html[html.index('<section class="page-images"'):]
    section = section[:section.index("</section>")]
    assert "<h2 id=\"page-images-heading\">Page images</h2>" in section
    row = re.search(r"<tr><th scope=\"row\">(.*?)</tr>", section, re.S).group(1)
    assert "Original, ll. 44–45" in row and "TIFF image" in row and "<td>2</td>" in row
    assert f'<code title="{scan.stored_file.sha256}">{scan.stored_file.sha256[:12]}</code>' in row
    assert "staff only" not in section
    assert "Archive copy" not in html and secret.stored_file.sha256[:12] not in html
    sha = scan.stored_file.sha256
    for page in (1, 2):  # without JavaScript: a thumbnail per page, linking to the full image
        assert (f'<a href="/iiif/image/{sha}/{page}/full/max/0/default.jpg"><img src="/iiif/image/{sha}/{page}/full/200,267/0/default.jpg"'
                in section)
    assert 'data-iiif-manifest="/iiif/documents/ru-1956-plenum/manifest.json"' in section
    assert "vendor/openseadragon.min.js" in html and "iiif/viewer.js" in html


def test_staff_see_restricted_files_marked(client, scanned, staff_member):
    client.force_login(staff_member("Curator"))
    html = client.get(PAGE).content.decode()
    assert re.search(r"Archive copy <span class=\"badge\">staff only</span>", html)
    assert not re.search(r"Original, ll. 44–45 <span class=\"badge\">staff only", html)


def test_no_section_or_viewer_when_the_reader_may_see_no_file(client, scanned):
    DocumentFile.objects.filter(access="public").update(access="staff")
    html = client.get(PAGE).content.decode()
    assert "Page images" not in html and "openseadragon" not in html and "manifest.json" not in html


def test_the_ocr_layer_is_shown_as_machine_read(client, scanned):
    html = client.get(PAGE).content.decode()
    heading = re.search(r"<h3[^>]*>OCR \(machine-read\) \(Russian\).*?</h3>", html).group(0)
    assert '<span class="badge">machine-read</span>' in heading and "machine-made" not in heading
    # Its pages, joined by form feeds, are shown as pages rather than with a stray control character.
    assert "<p>Пленум ЦК ТПК первая страница</p><hr class=\"page-break\"><p>Вторая страница: Ким Ир Сен</p>" in html
    assert "\f" not in html


def test_the_api_lists_only_the_files_a_reader_may_see_with_the_manifest(client, staff_member, tmp_path, settings):
    from mosaic.corpus.models import Document
    from mosaic.preservation.models import DocumentFile
    from mosaic.preservation.store import store_stream
    from mosaic.preservation.tests.conftest import page_image
    import io

    settings.MOSAIC_FILE_STORE = tmp_path / "store"
    document = Document.objects.create(public_id="api-scan", title="Scanned", status="published")
    open_scan = store_stream(io.BytesIO(page_image("open")), name="open.png")
    closed_scan = store_stream(io.BytesIO(page_image("closed")), name="closed.png")
    DocumentFile.objects.create(document=document, stored_file=open_scan, label="Open scan")
    DocumentFile.objects.create(document=document, stored_file=closed_scan, label="Closed scan", access="staff", order=1)
    public = client.get("/api/documents/api-scan").json()
    assert [f["sha256"] for f in public["files"]] == [open_scan.sha256]
    assert public["iiif_manifest"].endswith("/iiif/documents/api-scan/manifest.json")
    client.force_login(staff_member("Curator"))
    assert len(client.get("/api/documents/api-scan").json()["files"]) == 2

import pytest

from mosaic.ingest.demo import SCANNED_DEMO_DOCUMENT, load_demo, read_demo_scans
from mosaic.preservation.models import Accession, DocumentFile
from mosaic.search.index import get_backend
from mosaic.search.query import search_query_from_params

pytestmark = pytest.mark.django_db


def test_the_demo_shows_ocr_of_a_scan_and_the_foliation_of_a_garf_file(client, staff_member, tmp_path, settings):
    settings.MOSAIC_FILE_STORE = tmp_path / "store"
    load_demo(progress=False)
    assert DocumentFile.objects.filter(document__public_id=SCANNED_DEMO_DOCUMENT).count() == 2
    assert "2 page(s) read" in read_demo_scans()
    hits = get_backend().search(search_query_from_params({"q": "Kim Il Sung"})).hits
    assert SCANNED_DEMO_DOCUMENT in {hit.public_id for hit in hits}
    page = client.get(f"/documents/{SCANNED_DEMO_DOCUMENT}/").content.decode()
    assert "machine-read" in page and "Ким Ир Сен" in page and "Page images" in page
    assert Accession.objects.count() == 2
    client.force_login(staff_member("Curator"))
    foliation = client.get("/staff/foliation/file/", {"repository": "GARF", "units": "fond 5446; opis 98; delo 721"})
    text = foliation.content.decode()
    assert '<th scope="row">46–152</th>' in text
    assert ('missing from demo-acc-garf-721-reel-1-recopy: <strong class="missing">153–156</strong> — among them leaves of '
            '<a href="/documents/wcda-120170/">wcda-120170</a> (ll. 153–156)') in text
    assert "Mosaic staff" in text
    assert "0 page(s) read, 2 reused" in read_demo_scans()

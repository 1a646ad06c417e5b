"""The open data page in Korean (issue 17); the dump's own files stay English."""
import pytest

pytestmark = pytest.mark.django_db


def test_the_open_data_page_reads_in_korean(client):
    page = client.get("/ko/data/").content.decode()
    assert "<h1>공개 데이터</h1>" in page and "아직 공개된 공개 데이터 덤프가 없습니다." in page

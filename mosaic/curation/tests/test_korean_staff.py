"""Mosaic's own staff pages in Korean (issue 17): the trash, the background jobs, the fixity audit
log and the foliation pages read in Korean under /ko/, inside Django's own Korean admin."""
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("coordinator", password="a-long-passphrase"))
    return client


@pytest.mark.parametrize("path, korean", [
    ("/ko/staff/trash/", ["휴지통", "휴지통이 비어 있습니다."]),
    ("/ko/staff/jobs/", ["백그라운드 작업", "재시도 대기"]),
    ("/ko/staff/audit/", ["무결성 검사 기록", "아직 검사를 실행한 적이 없습니다."]),
    ("/ko/staff/foliation/", ["문서철의 장 번호", "보유한 장"]),
])
def test_staff_pages_read_in_korean(coordinator, path, korean):
    response = coordinator.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="ko"' in page
    for text in korean:
        assert text in page, text
    assert 'href="/ko/admin/"' in page  # the breadcrumbs stay in Korean

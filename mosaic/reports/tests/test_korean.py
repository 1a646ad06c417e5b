"""Reporting a problem in Korean (issue 17): the form, its errors and the thanks page under /ko/
speak Korean and lead back to the Korean document page. The document is a TEST FIXTURE."""
import pytest

from mosaic.reports.models import ProblemReport
from mosaic.reports.tests.test_reports import document  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_the_korean_report_page_form_errors_and_thanks(client, document):  # noqa: F811
    page = client.get(f"/ko/documents/{document.public_id}/report").content.decode()
    assert "<h1>문제 신고</h1>" in page and "어떤 문제인가요?" in page and "잘못된 날짜" in page
    assert f'href="/ko/documents/{document.public_id}/"' in page
    assert f'action="/ko/documents/{document.public_id}/report"' in page

    refused = client.post(f"/ko/documents/{document.public_id}/report", {"kind": "wrong_date", "message": ""})
    assert refused.status_code == 400 and "문제를 설명해 주세요." in refused.content.decode()

    thanks = client.post(f"/ko/documents/{document.public_id}/report", {"kind": "wrong_date", "message": "날짜가 6월 15일입니다."})
    body = thanks.content.decode()
    assert "<h1>감사합니다</h1>" in body and f'href="/ko/documents/{document.public_id}/"' in body
    assert ProblemReport.objects.get().kind == "wrong_date"  # stored as a code, whatever the page's language

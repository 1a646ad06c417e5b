"""The translation backlog and workspace in Korean (issue 17): staff who read Korean see the pages,
messages and script strings in Korean, with links that stay under /ko/."""
import pytest
from django.test import Client

from mosaic.translations.models import TranslationTask

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_backlog_and_workspace_in_korean(untranslated, translator):
    tanya = _signed_in(translator)
    backlog = tanya.get("/ko/staff/translations/").content.decode()
    assert "번역 대기 목록" in backlog and "우선순위 점수(휴리스틱, 자동 추정)를 계산하는 방법" in backlog
    assert f'href="/ko/documents/{untranslated.public_id}/"' in backlog
    # Why a document ranks where it does, explained in Korean too (lib/translation_priority.py's Wording).
    assert "독자의 요청" in backlog and "아직 번역을 요청한 독자가 없습니다." in backlog
    assert "No reader has asked" not in backlog and "Readers' requests" not in backlog

    taken = tanya.post("/ko/staff/translations/take", {"document": untranslated.public_id, "language": "en"})
    task = TranslationTask.objects.get(document=untranslated)
    assert taken["Location"] == f"/ko/staff/translations/{task.pk}/"
    workspace = tanya.get(taken["Location"]).content.decode()
    assert "초안 저장" in workspace and "검토 요청" in workspace and "원문(" in workspace
    assert f'href="/ko/documents/{untranslated.public_id}/"' in workspace
    # The catalogue of script strings comes before the autosave script.
    assert workspace.index('src="/ko/jsi18n/"') < workspace.index("translations/workspace.js")

    saved = tanya.post(f"/ko/staff/translations/{task.pk}/", {"draft": "초안", "revision": task.revision, "action": "save"},
                       follow=True)
    assert "에 저장했습니다." in saved.content.decode()


def test_the_script_catalogue_holds_the_workspace_strings_in_korean(client):
    catalogue = client.get("/ko/jsi18n/").content.decode()
    assert "\\uc800\\uc7a5\\ud558\\ub294 \\uc911\\u2026" in catalogue or "저장하는 중…" in catalogue


def test_a_reader_request_from_a_korean_page_returns_to_the_korean_page(client, untranslated):
    response = client.post(f"/ko/documents/{untranslated.public_id}/request-translation", {"language": "en"}, follow=True)
    assert response.redirect_chain[-1][0].startswith(f"/ko/documents/{untranslated.public_id}/")
    assert "번역 요청이 기록되었습니다" in response.content.decode()

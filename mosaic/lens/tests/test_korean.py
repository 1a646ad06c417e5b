"""The language markers in Korean (issue 17): the section, the dispute pages and the lexicon's own
texts read in Korean under /ko/, while the API and the stored dispute keep English.

Test fixtures: the text below was written for these tests; none is archival text.
"""
import pytest
from django.utils import translation

from mosaic.corpus.models import Document, TextLayer
from mosaic.lens.lexicon_texts import lexicon_text
from mosaic.lens.models import FlagDispute, MarkerFlag
from mosaic.lens.tests.test_lens import MEMO, make_document
from mosaic.lib.markers.lexicon import default_lexicon

pytestmark = pytest.mark.django_db


@pytest.fixture
def memo(django_capture_on_commit_callbacks):
    document = make_document("su-1961-korean")
    with django_capture_on_commit_callbacks(execute=True):
        layer = TextLayer.objects.create(document=document, kind="translation", language="en", made_by="A. Translator",
                                         text=MEMO, access="public")
    return document, layer


def test_every_category_of_the_lexicon_reads_in_korean():
    with translation.override("ko"):
        for category in default_lexicon().categories.values():
            for text in (category.label, category.what_it_can_tell, category.what_it_cannot_tell):
                assert lexicon_text(text) != text, f"no Korean for the lexicon text {text[:60]!r}"
    with translation.override("en"):
        assert lexicon_text("Prescriptive wording") == "Prescriptive wording"


def test_the_korean_page_explains_the_markers_in_korean(client, memo):
    document, _ = memo
    body = client.get(f"/ko/documents/{document.public_id}/").content.decode()
    section = body[body.index('<section class="lens-markers"'):]
    assert "언어 표지" in section and "휴리스틱(자동 추정)" in section
    assert "규범적 표현" in section and "알 수 있는 것:" in section and "알 수 없는 것:" in section
    assert "정밀도" in section and "1,000단어당" in section
    assert f'action="/ko/documents/{document.public_id}/markers/dispute"' in section
    # A rule's rationale not yet translated is shown in English and marked as such.
    assert '<span class="lens-rationale" lang="en">' in section


def test_a_dispute_sent_from_the_korean_page_is_answered_in_korean_and_kept_in_english(client, memo):
    document, layer = memo
    flag = MarkerFlag.objects.filter(layer=layer).first()
    response = client.post(f"/ko/documents/{document.public_id}/markers/dispute",
                           {"layer": layer.pk, "start": flag.start, "end": flag.end, "rule": flag.rule_id,
                            "reason": "화자의 말입니다."})
    assert response.status_code == 200
    page = response.content.decode()
    assert "큐레이터 검토 대기열" in page and f'href="/ko/documents/{document.public_id}/"' in page
    assert FlagDispute.objects.get().layer_description.startswith("Translation (English)")

    refused = client.post(f"/ko/documents/{document.public_id}/markers/dispute",
                          {"layer": layer.pk, "start": flag.start, "end": flag.end, "rule": flag.rule_id, "reason": ""})
    assert refused.status_code == 400 and "표지가 왜 틀렸는지 적어 주십시오." in refused.content.decode()


def test_the_api_keeps_english_whatever_the_reader_prefers(client, memo):
    document, _ = memo
    data = client.get(f"/api/documents/{document.public_id}/lens", HTTP_ACCEPT_LANGUAGE="ko").json()
    assert data["markers"]["method"].startswith("Heuristic: pattern rules")
    assert data["markers"]["categories"]["prescriptive"]["label"] == "Prescriptive wording"

"""The language markers in Korean (issue 17): the section, the dispute pages and the lexicon's own
texts read in Korean under /ko/, while the API and the stored dispute keep English.

Test fixtures: the text below was written for these tests; none is archival text.
"""
import re

import pytest
from django.utils import translation
from django.utils.html import escape

from mosaic.corpus.models import Document, TextLayer
from mosaic.lens.lexicon_texts import lexicon_messages, lexicon_text
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


def test_every_text_of_the_lexicon_reads_in_korean():
    lexicon = default_lexicon()
    owners = {}
    for category in lexicon.categories.values():
        for text in (category.label, category.what_it_can_tell, category.what_it_cannot_tell):
            owners.setdefault(text, []).append(f"category {category.id}")
    for rule in lexicon.rules:
        owners.setdefault(rule.rationale, []).append(rule.id)
    with translation.override("ko"):
        missing = [f"{', '.join(owners[text])}: {text[:60]!r}" for text in lexicon_messages(lexicon)
                   if lexicon_text(text) == text]
    assert not missing, ("no Korean in mosaic/lens/locale/ko/LC_MESSAGES/lexicon.po (run `mosaic lens_markers messages`, "
                         "msgmerge, translate, msgfmt) for:\n" + "\n".join(missing))
    with translation.override("en"):
        assert lexicon_text("Prescriptive wording") == "Prescriptive wording"


def test_the_korean_rationales_keep_the_quoted_wordings_their_rules_match():
    # A quoted fragment is what the rule matches in the text (or leaves alone), so it stays in the source's language.
    dropped = []
    with translation.override("ko"):
        for rule in default_lexicon().rules:
            korean = lexicon_text(rule.rationale)
            dropped += [f"{rule.id}: {quoted}" for quoted in re.findall(r"“[^”]*”", rule.rationale) if quoted not in korean]
    assert not dropped, "Korean rationales without the English quotations:\n" + "\n".join(dropped)


def test_the_korean_page_explains_the_markers_in_korean(client, memo, monkeypatch):
    document, layer = memo
    body = client.get(f"/ko/documents/{document.public_id}/").content.decode()
    section = body[body.index('<section class="lens-markers"'):]
    assert "언어 표지" in section and "휴리스틱(자동 추정)" in section
    assert "규범적 표현" in section and "알 수 있는 것:" in section and "알 수 없는 것:" in section
    assert "정밀도" in section and "1,000단어당" in section
    assert f'action="/ko/documents/{document.public_id}/markers/dispute"' in section
    lexicon = default_lexicon()
    with translation.override("ko"):
        rationales = {lexicon_text(lexicon.rule(flag.rule_id).rationale) for flag in MarkerFlag.objects.filter(layer=layer)}
    assert rationales and all(f'<span class="lens-rationale">{escape(korean)}' in section for korean in rationales)
    assert '<span class="lens-rationale" lang="en">' not in section

    # A rationale with no Korean yet (a rule added since) is shown in English and said to be.
    monkeypatch.setattr("mosaic.lens.templatetags.lens_markers.lexicon_text",
                        lambda text: text if text in {rule.rationale for rule in lexicon.rules} else lexicon_text(text))
    body = client.get(f"/ko/documents/{document.public_id}/").content.decode()
    assert '<span class="lens-rationale" lang="en">' in body[body.index('<section class="lens-markers"'):]


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

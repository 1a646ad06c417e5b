"""Events and the context panel in Korean (issue 17): the pages under /ko/ speak Korean, write
their dates the Korean way and link to Korean pages. The documents are TEST FIXTURES; the context
rows are the shipped seed."""
import pytest

from mosaic.context.models import Event
from mosaic.context.seed import load_context
from mosaic.context.tests.test_context import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    load_context()


def test_the_event_list_and_an_event_page_in_korean(client, seeded):
    listing = client.get("/ko/events/").content.decode()
    assert "<h1>사건</h1>" in listing and '<th scope="col">당시 공개 여부</th>' in listing
    assert 'href="/ko/events/E007/"' in listing and 'href="/events/E007/"' not in listing
    page = client.get("/ko/events/E007/").content.decode()
    assert "이 아카이브에 있는 각 대사관의 보고에서 처음 언급된 시점" in page
    event = Event.objects.get(row_id="E007")
    assert event.start[:4] + "년" in page and "신뢰도 " in page
    # The same row in an English page keeps the English forms.
    assert "reports in this archive first mention it" in client.get("/events/E007/").content.decode()


def test_the_context_panel_of_a_korean_document_page(client, seeded):
    make_document("fixture-su-1963", "1963-03-15", "USSR")
    page = client.get("/ko/documents/fixture-su-1963/").content.decode()
    assert "이 날짜의 배경" in page and "북한–USSR 관계(작성자의 국가)" in page
    assert ">나쁨<" in page  # the relations status R005 records, "poor"
    assert "/ko/events/" in page and 'href="/events/' not in page


def test_a_period_is_written_in_the_page_language(seeded):
    from django.utils import translation

    event = Event(start="1956-08-30", end="1956-08-31", approximate=False)
    with translation.override("ko"):
        assert event.period_display == "1956년 8월 30일–31일"
    with translation.override("en"):
        assert event.period_display == "August 30, 1956 – August 31, 1956"

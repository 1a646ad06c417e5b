"""People in Korean (issue 17): a person query in hangul or hanja expands to every rendering of the
name as a Latin query does, the person pages in /ko/ lead with the hangul name (with the ROK
spelling beside the DPRK one, derived when the authority records none), and the authority's pages
speak Korean and link to Korean pages.

The records ingested here are TEST FIXTURES, not archival records."""
import pytest

from mosaic.archives.seed import load_repositories
from mosaic.entities.authority import load_shipped_authority, load_terms
from mosaic.entities.models import Person
from mosaic.entities.person_page import HangulSpellings, hangul_spellings
from mosaic.ingest.pipeline import ingest_file
from mosaic.search.index import get_backend
from mosaic.search.query import read_query, search_query_from_params
from mosaic.search.tests.conftest import RECORDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def authority(db):
    load_shipped_authority()
    load_terms()


@pytest.fixture
def corpus(authority, write_jsonl):
    # Transactional tests empty Django's tables between tests, not the index's own tables.
    get_backend().clear()
    load_repositories()
    report = ingest_file(write_jsonl(RECORDS))
    assert report.ok, report.errors


def found(q: str) -> set[str]:
    return {hit.public_id for hit in get_backend().search(search_query_from_params({"q": q})).hits}


# --- search ------------------------------------------------------------------------------------


def test_a_name_in_hangul_or_hanja_finds_every_rendering_of_it(corpus):
    # 김일성 as a substring of 김일성동지의 (Korean), 金日成 (Chinese), Kim Ir Szen (Hungarian), Kim Il Sung (English).
    everywhere = {"ko-1956-article", "zh-1958-record", "hu-1955-report"}
    assert found("김일성") == everywhere
    assert found("金日成") == everywhere
    # A Latin or Cyrillic query finds the Korean and Chinese texts too, by the name's CJK forms.
    assert found("Kim Il Sung") == everywhere
    assert found("Ким Ир Сен") == everywhere
    # As typed, only the substring.
    hits = get_backend().search(search_query_from_params({"q": "김일성", "exact": "1"})).hits
    assert {hit.public_id for hit in hits} == {"ko-1956-article"}


def test_a_latin_query_ranks_the_name_in_words_before_its_korean_forms(corpus, write_jsonl):
    assert ingest_file(write_jsonl([{"id": "en-1960-report", "title": "Report of 1960", "date": "1960-05-01",
                                     "origin_country": "USSR", "status": "published",
                                     "texts": [{"kind": "translation", "language": "en",
                                                "text": "Kim Il Sung received the ambassador."}]}], "later.jsonl")).ok
    ranked = [hit.public_id for hit in get_backend().search(search_query_from_params({"q": "Kim Il Sung"})).hits]
    # By relevance, the documents with the name in words, then those with only its CJK forms (by date);
    # by date, the 1960 report comes last.
    assert ranked[:2] == ["en-1960-report", "hu-1955-report"] or ranked[:2] == ["hu-1955-report", "en-1960-report"]
    assert ranked[2:] == ["ko-1956-article", "zh-1958-record"]
    by_date = [hit.public_id for hit in get_backend().search(search_query_from_params({"q": "Kim Il Sung", "sort": "date"})).hits]
    assert by_date == ["hu-1955-report", "ko-1956-article", "zh-1958-record", "en-1960-report"]


def test_a_latin_query_shows_where_the_korean_text_matched(corpus):
    hits = get_backend().search(search_query_from_params({"q": "Kim Il Sung"})).hits
    korean = next(hit for hit in hits if hit.public_id == "ko-1956-article")
    assert [part.text for part in korean.snippet if part.highlighted] == ["김일성"]
    english = next(hit for hit in hits if hit.public_id == "hu-1955-report")
    assert any(part.highlighted for part in english.snippet)


def test_the_search_page_says_the_korean_forms_were_searched_too(client, corpus):
    page = client.get("/search", {"q": "Kim Il Sung"}).content.decode()
    reading = page[page.index('class="notice name-reading"'):]
    reading = reading[:reading.index("</p>")]
    assert "“김일성”" in reading and "“金日成”" in reading


def test_without_korean_text_in_the_archive_a_latin_name_keeps_to_words(authority):
    query = search_query_from_params({"q": "Kim Il Sung"})
    (term,) = query.parsed.required
    assert not term.cjk and "김일성" in term.cjk_forms and "金日成" in term.cjk_forms
    assert get_backend().reaching_cjk_forms(query) is query  # the index holds no hangul: the words' path


def test_the_reading_names_the_person_and_their_other_forms(authority):
    (term,) = read_query("金日成").required
    assert term.cjk and term.reading_id == "/people/P001/"
    assert "김일성" in term.expanded_as and ("김일성",) in term.alternatives and ("Kim", "Ir", "Sen") in term.alternatives
    # A ROK spelling (이효순) reads as the person the authority keys by the DPRK one (리효순).
    (rok,) = read_query("이효순").required
    assert rok.reading_id == "/people/P024/" and ("리효순",) in rok.alternatives
    # Korean words that name no one are searched as typed.
    (word,) = read_query("조선").required
    assert not word.alternatives and not word.expanded_as


def test_the_korean_search_page_links_the_reading_to_the_korean_person_page(client, corpus):
    body = client.get("/ko/search", {"q": "金日成"}).content.decode()
    assert 'href="/ko/people/P001/"' in body and "일치 점수" in body
    assert 'href="/people/P001/"' in client.get("/search", {"q": "金日成"}).content.decode()


# --- pages ---------------------------------------------------------------------------------------


def test_the_rok_spelling_is_recorded_or_derived_by_the_initial_sound_rule():
    assert hangul_spellings(Person(hangul="리효순")) == HangulSpellings("리효순", "이효순", rok_derived=True)
    assert not hangul_spellings(Person(hangul="김일성")).differ
    recorded = hangul_spellings(Person(hangul="림춘추", hangul_rok="임춘추"))
    assert recorded.rok == "임춘추" and not recorded.rok_derived
    assert hangul_spellings(Person(display_name="A. A. Gromyko")) is None


def test_a_korean_person_page_leads_with_the_hangul_name_in_both_spellings(client, authority):
    body = client.get("/ko/people/P024/").content.decode()
    heading = body[body.index("<h1>"):body.index("</h1>")]
    assert heading.startswith('<h1><span lang="ko">리효순</span>')
    assert "<title>리효순 (" in body
    assert '북한 표기 <span lang="ko">리효순</span> · 남한 표기 <span lang="ko">이효순</span>(두음 법칙으로 추정' in body
    assert "이름의 표기" in body and 'href="/ko/people/"' in body
    english = client.get("/people/P024/").content.decode()
    assert 'DPRK spelling <span lang="ko">리효순</span> · ROK spelling <span lang="ko">이효순</span> (derived' in english
    assert f'<h1>{Person.objects.get(person_id="P024").display_name} <span lang="ko">리효순</span></h1>' in english


def test_the_people_and_terms_lists_speak_korean_and_link_to_korean_pages(client, authority):
    people = client.get("/ko/people/").content.decode()
    assert "<h1>인물</h1>" in people and 'href="/ko/people/P001/"' in people
    terms = client.get("/ko/terms/").content.decode()
    assert "<h1>조직, 장소, 용어</h1>" in terms and 'href="/ko/terms/' in terms
    term_id = terms.split('href="/ko/terms/', 1)[1].split("/", 1)[0]
    term = client.get(f"/ko/terms/{term_id}/").content.decode()
    assert "이름의 표기" in term and 'href="/ko/search?q=' in term

import pytest
from django.db import transaction

from mosaic.corpus.models import Document, TextLayer
from mosaic.search.index import get_backend, rebuild
from mosaic.search.query import InvalidSearch, search_query_from_params

pytestmark = pytest.mark.django_db


def run(**params):
    return get_backend().search(search_query_from_params({k: v for k, v in params.items()}))


def ids(results):
    return [hit.public_id for hit in results.hits]


def snippet_text(hit, marks=True):
    return "".join(f"[{p.text}]" if (p.highlighted and marks) else p.text for p in hit.snippet)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("nagykovetseg", "hu-1955-report"),         # Hungarian ö/é without accents
        ("Stefanescu", "ro-1967-telegram"),          # Romanian Ş/ă
        ("Lodz", "pl-1956-year-only"),               # Polish Ł/ó/ź (ł has no Unicode decomposition)
        ("Gomulka", "pl-1956-year-only"),
        ("김일성", "ko-1956-article"),                # Korean inside a longer word, by substring
        ("金日成", "zh-1958-record"),                 # Chinese by substring
        ("志愿", "zh-1958-record"),                   # two characters: below the trigram size
        ("Szalontai", "hu-1955-report"),             # credit names are indexed
        ("Delo 410", "su-1956-06"),                  # the locator is indexed
    ],
)
def test_found_across_scripts_and_diacritics(corpus, query, expected):
    assert ids(run(q=query)) == [expected]


def test_snippet_shows_original_characters_with_the_match_marked(corpus):
    hit = run(q="Lodz").hits[0]
    assert "[Łódź]" in snippet_text(hit)
    hit = run(q="nagykovetseg").hits[0]
    assert "[nagykövetség]" in snippet_text(hit) or "[nagykövetség]" in hit.title
    assert "[김일성]" in snippet_text(run(q="김일성").hits[0])


def test_phrase_and_prefix(corpus):
    assert ids(run(q='"Kapsan faction"')) == ["ro-1967-telegram"]
    assert ids(run(q='"faction Kapsan"')) == []
    assert ids(run(q="Puzan*")) == ["su-1956-06"]
    assert ids(run(q="Puzan")) == []


def test_exclusion(corpus):
    assert "su-1956-06" not in ids(run(q="plenum -Puzanov"))
    assert "su-1956-06" in ids(run(q="plenum"))


def test_title_matches_rank_first(corpus):
    # "plenum" is in the title of the undated note and only in the body of Ivanov's journal.
    assert ids(run(q="plenum"))[0] == "undated-note"


def test_drafts_restricted_documents_and_staff_layers_are_never_found(corpus):
    assert ids(run(q="Draft plenum text")) == []
    assert ids(run(q="Restricted plenum")) == []
    assert ids(run(q="Секретный")) == []  # a staff-only original of a public document
    everything = run(per_page=100)
    assert {"su-draft", "su-restricted"}.isdisjoint(ids(everything))
    assert everything.total == 7


def test_year_only_document_overlaps_a_1956_range_and_a_month_in_it(corpus):
    in_1956 = ids(run(**{"from": "1956", "to": "1956", "per_page": 50}))
    assert set(in_1956) == {"pl-1956-year-only", "ko-1956-article", "su-1956-06"}
    # A document dated only "1956" may have been written in June 1956.
    assert set(ids(run(**{"from": "1956-06", "to": "1956-06"}))) == {"pl-1956-year-only", "su-1956-06"}
    assert "undated-note" not in ids(run(**{"from": "1900", "per_page": 50}))


def test_facet_counts_equal_the_results_they_filter_to(corpus):
    for params in ({}, {"q": "Pyongyang"}, {"from": "1956", "to": "1958"}):
        results = run(per_page=100, **params)
        assert results.total == len(results.hits)
        for facet, values in results.facets.items():
            for value in values:
                filtered = run(per_page=100, **params, **{facet: value.value})
                assert filtered.total == value.count, (params, facet, value)
                assert len(filtered.hits) == value.count


def test_facets_cover_the_issue_list(corpus):
    facets = run(per_page=100).facets
    assert {v.value for v in facets["origin_country"]} >= {"Hungary", "Romania", "Poland", "DPRK", "China", "USSR"}
    assert [v.value for v in facets["repository"]] == ["MOL", "RGANI"]
    assert {v.value for v in facets["translation_language"]} == {"en"}
    assert {v.value for v in facets["classification"]} == {"Secret", "Szigorúan titkos"}
    assert [v.value for v in facets["decade"]] == ["1950s", "1960s"]
    assert [v.value for v in facets["year"]] == ["1955", "1956", "1958", "1967"]


def test_filters_combine(corpus):
    results = run(origin_country="USSR", year="1956")
    assert ids(results) == ["su-1956-06"]
    assert run(origin_country="USSR", doc_type="telegram").total == 0


def test_sort_and_pagination(corpus):
    by_date = ids(run(sort="date", per_page=100))
    assert by_date[0] == "hu-1955-report" and by_date[-1] == "undated-note"
    assert ids(run(sort="-date", per_page=100))[0] == "ro-1967-telegram"
    first, second = run(sort="date", per_page=3), run(sort="date", per_page=3, page=2)
    assert first.total == second.total == 7 and first.pages == 3
    assert ids(first) + ids(second) == by_date[:6]


@pytest.mark.parametrize(
    "params, message",
    [({"from": "1956-02-30"}, "from"), ({"sort": "colour"}, "sort"), ({"page": "0"}, "page"),
     ({"from": "1957", "to": "1956"}, "ends before it starts"), ({"per_page": "x"}, "per_page")],
)
def test_bad_parameters_are_explained(params, message):
    with pytest.raises(InvalidSearch, match=message):
        search_query_from_params(params)


def test_index_follows_edits_and_deletions(corpus, django_capture_on_commit_callbacks):
    document = Document.objects.get(public_id="ro-1967-telegram")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            document.title = "Telegram about the Chongsan-ri method"
            document.save()
    assert ids(run(q="Chongsan")) == ["ro-1967-telegram"]

    with django_capture_on_commit_callbacks(execute=True):
        TextLayer.objects.create(document=document, kind="translation", language="de", text="Ein Bericht über Hamhŭng.")
    assert ids(run(q="Hamhung")) == ["ro-1967-telegram"]

    with django_capture_on_commit_callbacks(execute=True):
        document.status = "withdrawn"
        document.save()
    assert ids(run(q="Chongsan")) == []

    with django_capture_on_commit_callbacks(execute=True):
        Document.objects.get(public_id="hu-1955-report").delete()
    assert ids(run(q="nagykovetseg")) == []


def test_rebuild_restores_a_lost_index(corpus):
    get_backend().clear()
    assert run().total == 0
    assert rebuild() == 7
    assert ids(run(q="Stefanescu")) == ["ro-1967-telegram"]


def test_rejected_import_leaves_the_index_untouched(corpus, write_jsonl):
    from mosaic.ingest.pipeline import ingest_file

    bad = write_jsonl([{"id": "new-one", "title": "Sinpo shipyard", "status": "published"},
                         {"id": "bad", "title": "x", "date": "1956-02-30"}])
    assert not ingest_file(bad).ok
    assert run(q="Sinpo").total == 0

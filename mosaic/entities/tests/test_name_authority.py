"""The name authority in use: loading, resolving (CLI, API), search under any rendering,
links from texts to people, person pages and the name check.

The documents below are TEST FIXTURES written for these tests, not archival texts."""
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from mosaic.corpus.models import Document, NameLink
from mosaic.entities.authority import load_shipped_authority, load_terms
from mosaic.entities.linking import link_documents
from mosaic.entities.models import Person
from mosaic.ingest.pipeline import ingest_file
from mosaic.search.index import get_backend
from mosaic.search.query import search_query_from_params

pytestmark = pytest.mark.django_db

# TEST FIXTURES: short invented passages, each naming a person only in a Cyrillic or Hungarian form.
FIXTURE_DOCUMENTS = [
    ("fixture-ru-kim", "ru", "Запись беседы", "Ким Ир Сен принял посла и говорил о пятилетнем плане."),
    ("fixture-ru-pak", "ru", "Справка о руководстве", "Пак Хон Ён выступил на заседании с докладом."),
    ("fixture-ru-choe", "ru", "Дневник посла", "Цой Ен Гон сообщил о передвижении войск."),
    ("fixture-ru-kimtubong", "ru", "Запись беседы с председателем", "Ким Ду Бон выразил благодарность советскому народу."),
    ("fixture-hu-kim", "hu", "Jelentés", "Kim Ir Szen elvtárs fogadta a magyar küldöttséget."),
    ("fixture-hu-nam", "hu", "Feljegyzés", "Nam Ir külügyminiszter elvtárs tájékoztatta a nagykövetet."),
    ("fixture-en-other", "en", "Unrelated note", "The delegation visited a tractor factory near Hamhung."),
    ("fixture-ru-city", "ru", "Справка о столице", "В Пхеньяне открылся Университет имени Ким Ир Сена."),
    ("fixture-pl-party", "pl", "Notatka", "Delegacja Koreańskiej Partii Pracy przybyła do Phenianu."),
]


@pytest.fixture
def authority(db):
    load_shipped_authority()
    load_terms()


@pytest.fixture
def name_corpus(authority, write_jsonl):
    get_backend().clear()
    records = [
        {"id": pid, "title": title, "status": "published", "origin_country": "USSR" if lang == "ru" else ("Hungary" if lang == "hu" else "USA"),
         "texts": [{"kind": "original", "language": lang, "text": text}]}
        for pid, lang, title, text in FIXTURE_DOCUMENTS
    ]
    records.append({"id": "fixture-en-translation", "title": "Record of a conversation", "status": "published",
                    "texts": [{"kind": "translation", "language": "en",
                               "text": "Kim Ir Sen said that Pak Hen En would speak. Later Kim Ir Sen repeated it."}]})
    assert ingest_file(write_jsonl(records)).ok
    link_documents()


def found(q, **params):
    return {hit.public_id for hit in get_backend().search(search_query_from_params({"q": q, "per_page": 100, **params})).hits}


def test_init_loads_the_shipped_authority(authority):
    assert Person.objects.filter(person_id="P001", hangul="김일성").exists()
    assert Person.objects.count() >= 59
    again = load_shipped_authority()
    assert again == (0, 0)


@pytest.mark.parametrize(
    "mr_form, expected",
    [
        # fixture-ru-city has the genitive "Ким Ир Сена" (in the university's name): case endings count.
        ("Kim Il-sŏng", {"fixture-ru-kim", "fixture-hu-kim", "fixture-en-translation", "fixture-ru-city"}),
        ("Pak Hŏn-yŏng", {"fixture-ru-pak", "fixture-en-translation"}),
        ("Ch'oe Yong-gŏn", {"fixture-ru-choe"}),
        ("Kim Tu-bong", {"fixture-ru-kimtubong"}),
        ("Nam Il", {"fixture-hu-nam"}),
    ],
)
def test_search_by_mr_form_finds_cyrillic_and_hungarian_renderings(name_corpus, mr_form, expected):
    assert found(mr_form) == expected


def test_exact_search_does_not_expand(name_corpus):
    assert found("Kim Il-sŏng", exact="1") == set()


def test_search_reports_the_reading_as_a_heuristic(client, name_corpus):
    body = client.get("/search", {"q": "Kim Il Sung"}).content.decode()
    assert "heuristic: name authority" in body and "/people/P001/" in body and "Search only the words as typed" in body
    data = client.get("/api/search", {"q": "Kim Il Sung"}).json()
    assert data["names"][0]["link"] == "/people/P001/" and data["names"][0]["heuristic"] is True
    assert "Ким Ир Сен" in data["names"][0]["also_searched"]


def test_a_surname_alone_is_not_expanded(name_corpus):
    assert search_query_from_params({"q": "Kim"}).expanded_names == []
    assert found("Kim") == {"fixture-hu-kim", "fixture-en-translation"}  # the Latin word as typed


def test_links_from_texts_to_people(name_corpus):
    link = NameLink.objects.get(document__public_id="fixture-ru-kim")
    assert link.person.person_id == "P001" and link.surface_form == "Ким Ир Сен" and link.status == "suggested"
    translation = {l.surface_form: l for l in NameLink.objects.filter(document__public_id="fixture-en-translation")}
    assert translation["Kim Ir Sen"].occurrences == 2
    assert not NameLink.objects.filter(document__public_id="fixture-en-other").exists()


def test_curator_decisions_survive_relinking_and_reimport(name_corpus, write_jsonl):
    link = NameLink.objects.get(document__public_id="fixture-ru-kim")
    link.status = NameLink.CONFIRMED
    link.save()
    rejected = NameLink.objects.get(document__public_id="fixture-ru-pak")
    rejected.status = NameLink.REJECTED
    rejected.save()
    # Re-import with changed text: the layers are replaced, the decisions are not.
    record = {"id": "fixture-ru-kim", "title": "Запись беседы", "status": "published",
              "texts": [{"kind": "original", "language": "ru", "text": "Снова: Ким Ир Сен принял посла."}]}
    assert ingest_file(write_jsonl([record], name="again.jsonl")).updated == 1
    link_documents()
    assert NameLink.objects.get(document__public_id="fixture-ru-kim").status == NameLink.CONFIRMED
    assert NameLink.objects.get(document__public_id="fixture-ru-pak").status == NameLink.REJECTED


def test_person_page_shows_forms_sources_and_documents(client, name_corpus):
    body = client.get("/people/P001/").content.decode()
    assert "김일성" in body and "Kim Il-sŏng" in body
    assert "Ким Ир Сен" in body and "generated" in body
    assert "Запись беседы" in body and "Jelentés" in body
    assert "heuristic" in body
    assert client.get("/people/P999/").status_code == 404


def test_name_check_suggests_house_style_for_staff_only(client, name_corpus, django_user_model):
    url = "/documents/fixture-en-translation/name-check/"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(django_user_model.objects.create_user("translator", password="a-long-passphrase", is_staff=True))
    body = client.get(url).content.decode()
    assert "Kim Ir Sen" in body and "nothing is changed in the text" in body
    assert Document.objects.get(public_id="fixture-en-translation").text_layers.get().text.startswith("Kim Ir Sen said")


def test_names_resolve_cli_and_api(authority, client, capsys, tmp_path):
    call_command("names", "resolve", "Kim Ir Szen", "--lang", "hu", "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["query"] == "Kim Ir Szen" and result["ambiguous"] is False
    assert result["candidates"][0]["person_id"] == "P001"
    assert set(result["candidates"][0]) == {"person_id", "hangul", "mr", "score", "matched_form"}

    batch = tmp_path / "names.txt"
    batch.write_text("Ким Ир Сен\tru\nWilly Brandt\nKim Ir Szen\thu\nLeonid Brezhnev\n", encoding="utf-8")
    call_command("names", "resolve", "--batch", str(batch))
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["query"] for line in lines] == ["Ким Ир Сен", "Willy Brandt", "Kim Ir Szen", "Leonid Brezhnev"]
    assert lines[1]["candidates"] == []
    # A foreign leader in the authority is found as himself, never read as a Korean name.
    assert [c["mr"] for c in lines[3]["candidates"]] == ["Leonid Brezhnev"]

    api = client.get("/api/names/resolve", {"q": "Ким Ир Сен", "lang": "ru"}).json()
    assert api["candidates"][0]["person_id"] == "P001"
    assert client.get("/api/names/resolve", {"q": " "}).status_code == 400


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Premier Kim Il Sung received the delegation.", [("Kim Il Sung", "P001")]),
        ("Kim Il Sung and Kim Il spoke.", [("Kim Il Sung", "P001"), ("Kim Il", "P014")]),
        ("Mr. Choi Kwang Soo, Counselor of the Korean Embassy", []),  # not Ch'oe Kwang: the name goes on
        ("Ri Sang-jo's letter arrived.", [("Ri Sang-jo", "P016")]),
        ("김일성동지의 령도밑에", [("김일성", "P001")]),
        ("The Embassy of the Soviet Union in Pyongyang", []),
        # a verb of speech after the name does not make it a longer name
        ("NAM IL SAID THE TALKS WOULD GO ON.", [("NAM IL", "P009")]),
        ("Nam Il Said the talks would go on.", [("Nam Il", "P009")]),
        ("Nam Il Sok arrived.", []),  # but a short word may still be the rest of a name the authority lacks
        # initials the authority lists for a person, and no others
        ("KIS received the delegation; the USSR and the DPRK signed.", [("KIS", "P001")]),
        ("The KWP plenum met.", []),
    ],
)
def test_find_names_in_text(authority, text, expected):
    from mosaic.entities.linking import find_names

    assert [(n.surface_form, n.person_id) for n in find_names(text)] == expected


def test_places_and_organisations_are_found_under_their_renderings(name_corpus):
    assert "fixture-ru-city" in found("Pyongyang") or "fixture-pl-party" in found("Pyongyang")
    assert found('"Kim Il Sung University"') == {"fixture-ru-city"}
    query = search_query_from_params({"q": "Korean Workers' Party"})
    assert query.expanded_names and query.expanded_names[0].reading_id == "/terms/workers-party-of-korea/"


def test_an_institution_named_after_a_person_is_not_the_person(name_corpus):
    assert not NameLink.objects.filter(document__public_id="fixture-ru-city").exists()


def test_term_pages(client, name_corpus):
    body = client.get("/terms/pyongyang/").content.decode()
    assert "Пхеньян" in body and "Phenjan" in body and "평양" in body
    assert "Pyongyang" in client.get("/terms/").content.decode()


def test_import_of_history_state_gov_people_and_agent_links(authority, tmp_path, write_jsonl):
    from mosaic.entities.authority import import_hsg_people, link_agents
    from mosaic.entities.models import Agent

    people = tmp_path / "people.jsonl"
    people.write_text("\n".join(json.dumps(r) for r in [
        {"id": "107252", "preferred": "Kissinger, Henry A.", "originals": [{"name": "Kissinger, Henry A.", "sources": ["https://history.state.gov/x#p_KHA1"]}]},
        {"id": "107176", "preferred": "Kim Il Sung", "originals": [{"name": "Kim Il-sung", "sources": ["https://history.state.gov/y#p_KIS1"]}]},
        {"id": "115646", "preferred": "Ivanov", "originals": [{"name": "Ivanov", "sources": []}]},
    ]) + "\n", encoding="utf-8")
    assert import_hsg_people(people) == (2, 1)
    assert import_hsg_people(people) == (0, 1)  # again: nothing new
    kim = Person.objects.get(person_id="P001")
    assert kim.external_ids["history.state.gov"] == "107176"
    assert kim.variants.filter(form="Kim Il-sung", kind="attested").exists()
    assert Person.objects.get(person_id="hsg-107252").display_name == "Henry A. Kissinger"

    ingest_file(write_jsonl([{"id": "memo", "title": "Memo", "status": "published",
                              "agents": [{"name": "Henry A. Kissinger", "role": "author"}, {"name": "Ivanov", "role": "mentioned"},
                                         {"name": "Kim Ir Sen", "role": "mentioned"}]}], name="memo.jsonl"))
    assert link_agents() == 2
    links = dict(Agent.objects.filter(person__isnull=False).values_list("name", "person__person_id"))
    assert links == {"Henry A. Kissinger": "hsg-107252", "Kim Ir Sen": "P001"}


def test_demo_people_pages(demo_db, client):
    kissinger = client.get("/people/hsg-107252/").content.decode()
    assert "Henry A. Kissinger" in kissinger and "National Security Study Memorandum 27" in kissinger
    kim = client.get("/people/P001/").content.decode()
    assert "Memorandum of Conversation with Premier Kim Il Sung" in kim


def test_curator_confirms_a_link_in_the_staff_interface(client, name_corpus, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("curator", "c@example.org", "a-long-passphrase"))
    link = NameLink.objects.get(document__public_id="fixture-ru-kim")
    response = client.post("/admin/corpus/namelink/", {"action": "confirm", "_selected_action": [link.pk]})
    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.status, link.decided_by) == (NameLink.CONFIRMED, "curator") and link.decided_at is not None
    from mosaic.curation.history import versions_of

    assert [v.revision.user.username for v in versions_of(link)] == ["curator"]  # the decision is in its history


def test_a_surname_or_title_and_surname_links_to_the_one_person_the_document_names_in_full():
    from mosaic.entities.linking import SURNAME_SCORE, surnames_of_named_people

    named = {("P001", "Kim Il Sung"), ("P009", "Nam Il")}
    text = ("Premier Kim received the delegation. Kim: We agree. Comrade Nam asked for time. "
            "Kim Il Sung spoke again; Kimchi was served; Nam Il Said nothing.")
    found = [(n.surface_form, n.person_id, n.score, n.basis) for n in surnames_of_named_people(text, named)]
    assert found == [("Premier Kim", "P001", SURNAME_SCORE, "surname"), ("Kim", "P001", SURNAME_SCORE, "surname"),
                     ("Comrade Nam", "P009", SURNAME_SCORE, "surname")]
    # Two people of the document share the surname: neither is chosen.
    assert surnames_of_named_people("Kim said so.", {("P001", "Kim Il Sung"), ("P014", "Kim Il")}) == []
    assert surnames_of_named_people("Kim said so.", set()) == []


def test_surname_links_are_stored_with_their_reason_and_shown_as_such(authority, write_jsonl, client):
    from mosaic.entities.linking import SURNAME_SCORE

    record = {"id": "fixture-en-surnames", "title": "Record of a conversation with Kim Il Sung", "status": "published",
              "texts": [{"kind": "translation", "language": "en",
                         "text": "Premier Kim said that the harvest was good. KIS added nothing. Kim: We agree."}]}
    assert ingest_file(write_jsonl([record])).ok
    link_documents()
    links = {(link.surface_form, link.basis): (link.person.person_id, link.confidence, link.occurrences)
             for link in NameLink.objects.filter(document__public_id="fixture-en-surnames")}
    assert links == {("Kim Il Sung", "name"): ("P001", links[("Kim Il Sung", "name")][1], 1),
                     ("Premier Kim", "surname"): ("P001", SURNAME_SCORE, 1), ("Kim", "surname"): ("P001", SURNAME_SCORE, 1),
                     ("KIS", "initials"): ("P001", links[("KIS", "initials")][1], 1)}
    # Only the surnames linked it: the person page gives that as the reason of the lower score.
    NameLink.objects.filter(document__public_id="fixture-en-surnames", basis__in=["name", "initials"]).delete()
    page = client.get("/people/P001/").content.decode()
    assert "name match 0.75 (a surname (with any title) of the one person this document names in full with it)" in page


@pytest.mark.parametrize("name, size", [("names_in_text_dev.jsonl", 20), ("names_in_text_test.jsonl", 40),
                                        ("names_in_text_test2.jsonl", 40)])
def test_the_running_text_sets_of_the_names_benchmark_are_well_formed(name, size):
    """bench/names_text_eval.py's passages: every mention names a person of the shipped authority
    or none, and appears in its passage as annotated."""
    from mosaic.entities.authority import PEOPLE_DIR, read_people_files

    root = Path(__file__).resolve().parents[3]
    seed = (root / "mosaic/data/names/authority_seed.tsv").read_text(encoding="utf-8").splitlines()
    people = {line.split("\t")[0] for line in seed[1:] if line} | set(read_people_files(PEOPLE_DIR)["people"])
    passages = [json.loads(line) for line in
                (root / "bench/data" / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(passages) >= size and len({p["id"] for p in passages}) == len(passages)
    for passage in passages:
        for form, person in passage["mentions"]:
            assert form in passage["text"], (passage["id"], form)
            assert person is None or person in people, (passage["id"], person)

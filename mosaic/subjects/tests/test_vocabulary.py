"""The subject vocabulary and the places gazetteer: models, the loaders and their errors, the
command, and the coordinates the term page draws."""
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from mosaic.entities.authority import load_terms
from mosaic.entities.models import AuthorityTerm, TermVariant
from mosaic.subjects.models import Subject
from mosaic.subjects.vocabulary import SHIPPED_DIR, VocabularyError, load_places, load_subjects

pytestmark = pytest.mark.django_db


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_vocabulary_loads_with_its_hierarchy_and_twice_changes_nothing():
    report = load_subjects()
    headings = [line.split("\t")[0] for line in (SHIPPED_DIR / "headings.tsv").read_text(encoding="utf-8").splitlines()
                if line and not line.startswith(("#", "heading\t"))]
    assert report.created == len(headings) >= 30 and Subject.objects.count() == len(headings)
    soviet = Subject.objects.get(heading="Korea (North)--Foreign relations--Soviet Union")
    assert soviet.slug == "korea-north--foreign-relations--soviet-union"
    assert soviet.broader.heading == "Korea (North)--Foreign relations" and soviet.broader.broader.heading == "Korea (North)"
    # a broader heading listed after its narrower one is found
    assert Subject.objects.get(heading="Kim Il Sung--Cult of personality").broader.heading == "Kim Il Sung"
    again = load_subjects()
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(headings))


def test_a_curators_scope_note_survives_a_reload_unless_replace_is_asked(tmp_path):
    load_subjects()
    juche = Subject.objects.get(heading="Juche")
    juche.scope_note = "Curator's wording."
    juche.save()
    load_subjects()
    assert Subject.objects.get(pk=juche.pk).scope_note == "Curator's wording."
    report = load_subjects(replace=True)
    assert report.updated == 1 and Subject.objects.get(pk=juche.pk).scope_note.startswith("The doctrine of self-reliance")


def test_every_problem_of_a_vocabulary_file_is_reported_with_its_line_and_nothing_is_written(tmp_path):
    path = write(tmp_path, "bad.tsv", "# a comment\nheading\tbroader\tscope_note\n"
                 "Korea (North)--Economic policy\tKorea (North)\tplans\n"
                 "Korea (North)----\t\t\n"
                 "Juche\tNo such heading\t\n"
                 "juche\t\tthe same heading again\n")
    with pytest.raises(VocabularyError) as error:
        load_subjects(path)
    problems = error.value.problems
    assert any(p.startswith("bad.tsv:4:") and "empty subdivision" in p for p in problems)
    assert any(p.startswith("bad.tsv:3:") and '"Korea (North)" is neither in the file nor in the archive' in p for p in problems)
    assert any(p.startswith("bad.tsv:5:") and "No such heading" in p for p in problems)
    assert any(p.startswith("bad.tsv:6:") and "listed twice" in p for p in problems)
    assert not Subject.objects.exists()
    with pytest.raises(VocabularyError, match="missing column"):
        load_subjects(write(tmp_path, "cols.tsv", "heading\tnote\nJuche\tx\n"))


def test_a_json_vocabulary_and_the_command(tmp_path, capsys):
    path = write(tmp_path, "v.json", json.dumps([{"heading": "Korean War (1950-1953)", "scope_note": "The war."},
                                                 {"heading": "Korean War (1950-1953) -- Armistice", "broader": "Korean War (1950-1953)"}]))
    call_command("subjects", "load", str(path))
    assert "headings 2 added" in capsys.readouterr().out
    assert Subject.objects.get(slug="korean-war-1950-1953--armistice").broader.heading == "Korean War (1950-1953)"
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("subjects", "load", str(write(tmp_path, "broken.json", "[{")))
    with pytest.raises(CommandError, match="no such file"):
        call_command("subjects", "load", str(tmp_path / "missing.tsv"))


def test_a_heading_cannot_be_its_own_ancestor():
    top = Subject.objects.create(heading="Korea (North)")
    middle = Subject.objects.create(heading="Korea (North)--Foreign relations", broader=top)
    top.broader = middle
    with pytest.raises(ValidationError, match="broader than itself"):
        top.full_clean()


def test_a_heading_that_cannot_be_read_is_explained_in_the_curators_language():
    with pytest.raises(ValidationError, match="has an empty subdivision"):
        Subject(heading="Korea (North)----").full_clean()
    with translation.override("ko"), pytest.raises(ValidationError, match="빈 세목이 있습니다"):
        Subject(heading="Korea (North)----").full_clean()


def test_the_gazetteer_locates_the_authoritys_places_and_adds_new_ones(tmp_path):
    load_terms()
    pyongyang = AuthorityTerm.objects.get(term_id="pyongyang")
    assert pyongyang.latitude is None
    report = load_places()
    pyongyang.refresh_from_db()
    assert (round(pyongyang.latitude, 2), round(pyongyang.longitude, 2)) == (39.04, 125.76)
    assert pyongyang.description == "Capital of the DPRK."  # the term list's own words are kept
    moscow = AuthorityTerm.objects.get(term_id="moscow")
    assert moscow.kind == "place" and TermVariant.objects.filter(term=moscow, form="Москва", language="ru").exists()
    assert report.created == AuthorityTerm.objects.filter(kind="place").count() - 1 and report.updated == 1
    assert all(t.latitude is not None for t in AuthorityTerm.objects.filter(kind="place"))
    assert load_places().created == 0

    bad = write(tmp_path, "bad.tsv", "term_id\tpreferred\thangul\tlatitude\tlongitude\tdescription\tforms\n"
                "atlantis\tAtlantis\t\t95\t10\t\t\n"
                "juche\tJuche\t\t1\t1\t\t\n"
                "Bad Id\tX\t\t1\tnorth\t\t\n")
    with pytest.raises(VocabularyError) as error:
        load_places(bad)
    assert any("bad.tsv:2: latitude 95 is outside -90..90" in p for p in error.value.problems)
    assert any("bad.tsv:3:" in p and "is a term of the authority, not a place" in p for p in error.value.problems)
    assert any("bad.tsv:4:" in p for p in error.value.problems)


def test_the_term_page_draws_a_located_place_and_links_its_documents(client):
    load_terms()
    load_places()
    page = client.get("/terms/pyongyang/").content.decode()
    assert 'data-latitude="39.039200" data-longitude="125.762500"' in page and "place_map.js" in page
    assert 'href="/search?place=pyongyang"' in page
    organisation = client.get("/terms/workers-party-of-korea/").content.decode()
    assert "place-map" not in organisation and "?place=" not in organisation


def test_staff_add_a_heading_written_their_way_and_a_twin_is_refused(client, staff_member):
    client.force_login(staff_member("Curator"))
    add = "/admin/subjects/subject/add/"
    response = client.post(add, {"heading": "Korea (North) -- Propaganda", "scope_note": "Press and radio."})
    assert response.status_code == 302
    subject = Subject.objects.get()
    assert (subject.heading, subject.slug) == ("Korea (North)--Propaganda", "korea-north--propaganda")
    twin = client.post(add, {"heading": "korea (north)--propaganda"})
    assert twin.status_code == 200 and "is already this heading" in twin.content.decode()
    assert Subject.objects.count() == 1

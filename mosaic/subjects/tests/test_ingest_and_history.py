"""Subjects and places arrive with imported records (new ones in batches, changed ones one by one),
with clear errors for unknown ones; staff edit them inline; and they are part of the document's
history, so restoring a version brings them back, in search too."""
import pytest
from django.db import connection
from django.urls import reverse

from mosaic.corpus.models import Document
from mosaic.curation import history
from mosaic.curation.tests.admin_forms import form_data
from mosaic.ingest.pipeline import ingest_file
from mosaic.ingest.records import InvalidRecord, validate_record
from mosaic.subjects.models import DocumentPlace, DocumentSubject, Subject

pytestmark = pytest.mark.django_db


def record(n: int, **extra) -> dict:
    return {"id": f"tagged-{n}", "title": f"Telegram {n} from Pyongyang to Bucharest", "date": "1968-01-26",
            "origin_country": "Romania", "status": "published",
            "texts": [{"kind": "translation", "language": "en", "text": f"Telegram number {n}."}], **extra}


TAGS = {"subjects": ["Korea (North)--Foreign relations--Romania", "korea (north) -- foreign relations"],
        "places": ["pyongyang", "Bucharest"]}


def facet(client, name, **params):
    return {v["value"]: v["count"] for v in client.get("/api/search", params).json()["facets"][name]}


def test_records_bring_subjects_by_heading_and_places_by_id_or_name(client, vocabulary, write_jsonl):
    report = ingest_file(write_jsonl([record(n, **TAGS) for n in range(3)] + [record(9)]))
    assert report.ok, report.errors
    document = Document.objects.get(public_id="tagged-1")
    assert [link.subject.heading for link in document.subject_links.all()] == [
        "Korea (North)--Foreign relations--Romania", "Korea (North)--Foreign relations"]
    assert [link.place.term_id for link in document.place_links.all()] == ["pyongyang", "bucharest"]
    assert not Document.objects.get(public_id="tagged-9").subject_links.exists()
    assert facet(client, "place") == {"pyongyang": 3, "bucharest": 3}
    assert facet(client, "subject")["korea-north--foreign-relations--romania"] == 3
    # the import is the first version, with its tags
    parts = {v.content_type.model for v in history._record_versions(history.versions_of(document).first())}
    assert {"documentsubject", "documentplace"} <= parts


def test_new_records_write_their_tags_in_batches_with_no_query_per_record(vocabulary, write_jsonl, tmp_path):
    def statements(count, name):
        path = write_jsonl([record(n + 1000 * count, **TAGS) for n in range(count)], name=name)
        seen = []

        def note(execute, sql, params, many, context):
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(note):
            assert ingest_file(path).ok
        return seen

    statements(1, "warm.jsonl")  # caches every import fills once (content types, the name matcher)
    few, many = statements(5, "few.jsonl"), statements(60, "many.jsonl")
    tags = [[sql for sql in run if "subjects_" in sql or "entities_authorityterm" in sql] for run in (few, many)]
    # the vocabulary and the places read once per file, the links written in one statement per kind
    assert len(tags[0]) == len(tags[1]), tags
    # and no statement per record anywhere (SQLite's parameter limit splits the documents' INSERT in two)
    assert len(many) - len(few) <= 2, f"{len(many) - len(few)} more statements for 55 more records"
    assert DocumentSubject.objects.count() == 66 * 2 and DocumentPlace.objects.count() == 66 * 2


def test_unknown_subjects_and_places_are_refused_with_their_line(vocabulary, write_jsonl):
    # Like an unknown collection, the first unknown tag of a file stops it, named with its line.
    for n, (tags, message) in enumerate((
            ({"subjects": ["Korea (North)--Foreign relations--Atlantis"]},
             'subject "Korea (North)--Foreign relations--Atlantis" is not a heading of the subject vocabulary'),
            ({"places": ["atlantis"]}, 'place "atlantis" is not a place of the name authority'),
            ({"places": ["Juche"]}, 'place "Juche" is not a place'),  # a term of the authority, but no place
    )):
        report = ingest_file(write_jsonl([record(1, **TAGS), record(2, **tags)], name=f"bad-{n}.jsonl"))
        assert not report.ok and f"bad-{n}.jsonl:2: {message}" in "\n".join(report.errors)
        assert not Document.objects.exists()  # one file, one transaction
    for bad, message in (({"subjects": "Juche"}, '"subjects" must be a list'), ({"places": [3]}, "list of place ids or names"),
                         ({"subjects": ["x"] * 201}, "over the limit of 200"), ({"tags": []}, 'unknown field "tags"')):
        with pytest.raises(InvalidRecord, match=message):
            validate_record(record(5, **bad))


def test_a_reimport_replaces_the_tags_and_an_unchanged_one_writes_nothing(client, vocabulary, write_jsonl):
    assert ingest_file(write_jsonl([record(1, **TAGS)])).ok
    plain = validate_record(record(1))
    assert plain.fingerprint() == validate_record({**record(1), "subjects": [], "places": []}).fingerprint()
    report = ingest_file(write_jsonl([record(1, subjects=["Juche"], places=["seoul"])]))
    assert report.ok and report.updated == 1
    document = Document.objects.get(public_id="tagged-1")
    assert [l.subject.heading for l in document.subject_links.all()] == ["Juche"]
    assert facet(client, "place") == {"seoul": 1}
    assert ingest_file(write_jsonl([record(1, subjects=["Juche"], places=["seoul"])])).unchanged == 1


def test_staff_tag_a_document_inline_and_restoring_a_version_brings_the_tags_back(
        client, vocabulary, write_jsonl, staff_member, django_capture_on_commit_callbacks):
    assert ingest_file(write_jsonl([record(1, **TAGS)])).ok
    document = Document.objects.get(public_id="tagged-1")
    imported = history.versions_of(document).first()
    client.force_login(staff_member("Curator"))
    change = reverse("admin:corpus_document_change", args=[document.pk])
    data = form_data(client.get(change))
    for prefix in ("subject_links", "place_links"):  # every tag removed ...
        for key in [k for k in data if k.startswith(f"{prefix}-") and k.endswith("-id")]:
            data[key[: -len("-id")] + "-DELETE"] = "on"
    juche = Subject.objects.get(heading="Juche")
    data.update({"subject_links-TOTAL_FORMS": "3", "subject_links-2-subject": str(juche.pk), "subject_links-2-order": "0",
                 "subject_links-2-document": str(document.pk)})  # ... and one added
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert [l.subject.heading for l in document.subject_links.all()] == ["Juche"] and not document.place_links.exists()
    assert facet(client, "subject") == {"juche": 1} and facet(client, "place") == {}

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("admin:corpus_document_version", args=[document.pk, imported.pk])).status_code == 302
    assert [l.place.term_id for l in document.place_links.all()] == ["pyongyang", "bucharest"]
    assert sorted(l.subject.slug for l in document.subject_links.all()) == ["korea-north--foreign-relations",
                                                                            "korea-north--foreign-relations--romania"]
    assert facet(client, "place") == {"pyongyang": 1, "bucharest": 1} and "juche" not in facet(client, "subject")


def test_the_api_lists_a_documents_subjects_and_places(client, vocabulary, write_jsonl):
    assert ingest_file(write_jsonl([record(1, **TAGS)])).ok
    data = client.get("/api/documents/tagged-1").json()
    assert [s["heading"] for s in data["subjects"]] == ["Korea (North)--Foreign relations--Romania", "Korea (North)--Foreign relations"]
    assert data["subjects"][0]["search_url"].endswith("/search?subject=korea-north--foreign-relations--romania")
    assert [(p["id"], p["name"], round(p["latitude"])) for p in data["places"]] == [("pyongyang", "Pyongyang", 39), ("bucharest", "Bucharest", 44)]
    # The shipped vocabulary has Korean headings; one a curator has not written yet is null.
    assert [s["heading_ko"] for s in data["subjects"]] == ["북한--대외 관계--루마니아", "북한--대외 관계"]
    Subject.objects.filter(slug="korea-north--foreign-relations").update(heading_ko="")
    data = client.get("/api/documents/tagged-1").json()
    assert [s["heading_ko"] for s in data["subjects"]] == ["북한--대외 관계--루마니아", None]


def test_a_csv_row_lists_subjects_and_places_separated_by_semicolons(client, vocabulary, tmp_path):
    path = tmp_path / "tagged.csv"
    path.write_text("id,title,status,subjects,places\n"
                    'csv-1,Telegram from Pyongyang,published,"Korea (North)--Foreign relations--Romania; Juche",pyongyang; Bucharest\n',
                    encoding="utf-8")
    report = ingest_file(path)
    assert report.ok, report.errors
    document = Document.objects.get(public_id="csv-1")
    assert [l.subject.heading for l in document.subject_links.all()] == ["Korea (North)--Foreign relations--Romania", "Juche"]
    assert [l.place.term_id for l in document.place_links.all()] == ["pyongyang", "bucharest"]


def test_a_name_two_places_share_is_refused_and_their_ids_still_work(vocabulary, write_jsonl):
    from mosaic.entities.models import AuthorityTerm

    AuthorityTerm.objects.create(term_id="moscow-idaho", kind="place", preferred="Moscow", latitude=46.73, longitude=-117.0)
    report = ingest_file(write_jsonl([record(1, places=["Moscow"])]))
    assert not report.ok and 'place "Moscow" names more than one place; give its term id' in report.errors[0]
    assert ingest_file(write_jsonl([record(1, places=["moscow", "moscow-idaho"])], name="ids.jsonl")).ok

"""Curated texts in English and Korean (issue 17, item 2): a Korean page shows the Korean text,
or the English one marked as such; the English page is as before; curators edit both; imports
read `<field>_ko`; history keeps it."""
import json
import shutil

import pytest
from django.conf import settings
from django.urls import reverse

from mosaic.collections.models import Collection
from mosaic.common.bilingual import curated_text
from mosaic.context.models import Event, RelationsPeriod
from mosaic.curation import history
from mosaic.curation.tests.admin_forms import form_data
from mosaic.entities.models import Person
from mosaic.publications.models import Publication
from mosaic.subjects.models import Subject

NOTE = "(영어 원문)"


def _collection(slug, **korean):
    return Collection.objects.create(slug=slug, title="The 1956 August Plenum", status="published",
                                     description="Disputes inside the Korean Workers' Party.", **korean)


def test_the_text_is_chosen_by_language_and_a_fallback_is_flagged():
    record = Collection(title="Sino-DPRK Relations", title_ko="북중 관계", description="Chinese records.", description_ko="")
    assert curated_text(record, "title", "en").text == "Sino-DPRK Relations"
    chosen = curated_text(record, "title", "ko")
    assert (chosen.text, chosen.language, chosen.fell_back) == ("북중 관계", "ko", False)
    chosen = curated_text(record, "description", "ko")
    assert (chosen.text, chosen.language, chosen.fell_back) == ("Chinese records.", "en", True)
    # Nothing in either language: nothing to mark.
    assert not curated_text(Collection(title="x"), "description", "ko").fell_back
    assert not curated_text(record, "description", "en").fell_back


@pytest.mark.django_db
def test_a_korean_page_shows_the_korean_text_and_marks_the_english_it_falls_back_to(client):
    _collection("plenum-ko", title_ko="1956년 8월 전원회의")
    page = client.get("/ko/collections/plenum-ko/").content.decode()
    assert "<h1>1956년 8월 전원회의</h1>" in page
    assert "<title>1956년 8월 전원회의 –" in page
    # No Korean description: the English one, marked as English, with the note.
    assert f'<span lang="en">Disputes inside the Korean Workers&#x27; Party.</span> <span class="fallback-note">{NOTE}</span>' in page

    english = client.get("/collections/plenum-ko/").content.decode()
    assert "<h1>The 1956 August Plenum</h1>" in english and "<p class=\"lede\">Disputes inside the Korean Workers&#x27; Party.</p>" in english
    assert "1956년" not in english and "fallback-note" not in english

    listing = client.get("/ko/collections/").content.decode()
    assert '<a href="/ko/collections/plenum-ko/">1956년 8월 전원회의</a>' in listing


@pytest.mark.django_db
def test_event_summary_biography_heading_and_publication_body_in_korean(client):
    Event(row_id="E900", start="1956-08-30", sources="A source", confidence="high", title="August Plenum of the KWP CC.",
          title_ko="조선노동당 중앙위원회 8월 전원회의.", category="party").save()
    event_page = client.get("/ko/events/E900/").content.decode()
    assert "<h1>조선노동당 중앙위원회 8월 전원회의.</h1>" in event_page
    assert "<h1>August Plenum of the KWP CC.</h1>" in client.get("/events/E900/").content.decode()

    Person.objects.create(person_id="P900", display_name="Kim Il Sung", hangul="김일성",
                          biography="<p>He ruled <script>x</script>the DPRK.</p>",
                          biography_ko='<p>북한을 <a href="javascript:alert(1)">통치</a>했다.</p>')
    person_ko = client.get("/ko/people/P900/").content.decode()
    assert "<p>북한을 <a rel=\"noopener noreferrer\">통치</a>했다.</p>" in person_ko and "javascript:" not in person_ko  # sanitised like the English
    Person.objects.create(person_id="P901", display_name="Nam Il", biography="<p>Foreign minister.</p>")
    fallback = client.get("/ko/people/P901/").content.decode()
    assert f'<div lang="en"><p>Foreign minister.</p></div><p class="fallback-note">{NOTE}</p>' in fallback

    reader = Publication.objects.create(slug="reader-ko", kind="document_reader", title="A reader", status="published",
                                        title_ko="문서 선집", body="<p>English body.</p>", body_ko="<p>한국어 본문.</p>")
    page = client.get(f"/ko/publications/{reader.slug}/")
    assert "<h1>문서 선집</h1>" in page.content.decode() and "<p>한국어 본문.</p>" in page.content.decode()
    Publication.objects.create(slug="essay-en", kind="essay", title="An essay", status="published", body="<p>Only English.</p>")
    essay = client.get("/ko/publications/essay-en/").content.decode()
    assert '<div class="body" lang="en"><p>Only English.</p></div>' in essay and NOTE in essay
    assert '<div class="body"><p>Only English.</p></div>' in client.get("/publications/essay-en/").content.decode()

    from django.template import Context, Template
    from django.utils import translation

    subject = Subject.objects.create(heading="Korea (North)--Foreign relations", heading_ko="북한--대외 관계")
    template = Template('{% load bilingual %}{% bilingual s "heading" %}')
    with translation.override("ko"):
        assert template.render(Context({"s": subject})) == "북한--대외 관계"
    assert template.render(Context({"s": subject})) == "Korea (North)--Foreign relations"


@pytest.mark.django_db
def test_curators_edit_both_languages_side_by_side_and_history_keeps_the_korean(client, staff_member):
    collection = _collection("plenum-admin")
    history.snapshot([collection], comment="Loaded")
    client.force_login(staff_member("Curator"))
    change = reverse("admin:collections_collection_change", args=[collection.pk])
    response = client.get(change)
    fieldsets = response.context["adminform"].form.fields
    assert {"title", "title_ko", "description", "description_ko"} <= set(fieldsets)
    page = response.content.decode()
    # The pair shares one row of the form.
    row = page[page.index("field-title"):page.index("field-description ")]
    assert "field-title_ko" in row
    data = form_data(response)
    data["title_ko"] = "1956년 8월 전원회의"
    data["description_ko"] = "조선노동당 안의 갈등."
    saved = client.post(change, data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors if saved.context else saved
    collection.refresh_from_db()
    assert collection.title_ko == "1956년 8월 전원회의"

    latest, loaded = list(history.versions_of(collection))[:2]
    changes = {f.name: f.after for part in history.diff_with_previous(latest) for f in part.fields}
    assert changes["title_ko"] == "1956년 8월 전원회의"
    history.restore(loaded)
    collection.refresh_from_db()
    assert (collection.title_ko, collection.description_ko) == ("", "")
    history.restore(latest)
    collection.refresh_from_db()
    assert collection.description_ko == "조선노동당 안의 갈등."


@pytest.mark.django_db
def test_imports_read_the_korean_texts(tmp_path):
    from mosaic.collections.seed import load_collections
    from mosaic.context.seed import load_context
    from mosaic.entities.authority import load_biographies
    from mosaic.publications.seed import InvalidNotes, load_publications
    from mosaic.subjects.vocabulary import load_subjects

    load_collections([{"slug": "korean-war", "title": "The Korean War", "title_ko": "한국전쟁", "description_ko": "소련과 중국의 문서."}])
    assert Collection.objects.values_list("title_ko", "description_ko").get() == ("한국전쟁", "소련과 중국의 문서.")

    load_publications([{"slug": "r", "kind": "essay", "title": "R", "title_ko": "논고", "body": "<p>A[^1]</p>",
                        "body_ko": "<p>가[^1]</p>", "notes": [{"marker": "1", "text": "Note."}]}])
    assert Publication.objects.values_list("title_ko", "body_ko").get() == ("논고", "<p>가[^1]</p>")
    with pytest.raises(InvalidNotes, match="Korean body"):  # the Korean body refers to the same notes
        load_publications([{"slug": "r", "kind": "essay", "title": "R", "body": "<p>A[^1]</p>", "body_ko": "<p>가[^2]</p>",
                            "notes": [{"marker": "1", "text": "Note."}]}])

    # The shipped context tables carry Korean; a row loaded before the Korean column existed
    # (digest without it) still takes the Korean text on the next load.
    load_context()
    period = RelationsPeriod.objects.get(row_id="R001")
    assert period.summary_ko.startswith("외교 관계 수립") and Event.objects.get(row_id="E002").title_ko == "한국전쟁 발발."
    folder = tmp_path / "context"
    shutil.copytree(settings.DATA_DIR / "context", folder)
    RelationsPeriod.objects.filter(row_id="R001").update(summary_ko="")
    from mosaic.context.seed import _digest
    values = {name: getattr(period, name) for name in ("start", "end", "approximate", "sources", "confidence",
                                                          "needs_verification", "notes", "country", "status", "summary")}
    RelationsPeriod.objects.filter(row_id="R001").update(seed_digest=_digest(values))
    assert load_context(folder).kept == []
    assert RelationsPeriod.objects.get(row_id="R001").summary_ko.startswith("외교 관계 수립")

    load_subjects()
    assert Subject.objects.get(heading="Korea (North)--Foreign relations--Soviet Union").heading_ko == "북한--대외 관계--소련"
    edited = Subject.objects.get(heading="Juche")
    edited.heading_ko = "주체사상"
    edited.save()
    load_subjects()  # a curator's Korean stays
    assert Subject.objects.get(heading="Juche").heading_ko == "주체사상"

    Person.objects.create(person_id="P001", display_name="Kim Il Sung")
    people = tmp_path / "people.json"
    people.write_text(json.dumps({"people": [{"person_id": "P001", "biography": "<p>Ruled.</p>", "biography_ko": "<p>통치했다.</p>"}]}),
                      encoding="utf-8")
    assert load_biographies(people) == 1
    assert Person.objects.get(person_id="P001").biography_ko == "<p>통치했다.</p>"

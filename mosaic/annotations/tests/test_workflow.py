"""From private note to published annotation: who moves it, what each reader sees on the way (the
container, the document page, anonymous readers' kept pages), its history, and its passage
found again after the text is edited or re-imported."""
import json
import re

import pytest
from django.core.cache import caches
from django.test import Client
from reversion.models import Version

from mosaic.annotations import writing
from mosaic.annotations.models import Annotation
from mosaic.annotations.tests.conftest import account, region_annotation, text_annotation
from mosaic.common import page_cache
from mosaic.corpus.models import TextLayer

pytestmark = pytest.mark.django_db

PAGE = "/documents/plenum-report/"


def _as(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _move(user, annotation_path: str, state: str):
    return _as(user).post(f"{annotation_path}/state", {"state": state})


def _seen_in_container(user, world) -> list[str]:
    return [item["body"]["value"] for item in _as(user).get(world.container).json().get("first", {}).get("items", [])]


def _marks(html: str) -> list[dict]:
    return json.loads(re.search(r'<script id="annotations-data" type="application/json">(.*?)</script>', html, re.S).group(1))["marks"]


def test_a_note_is_published_only_when_its_author_asks_and_a_curator_agrees(world, post_annotation):
    made = post_annotation(world.reader, world.container, text_annotation(world, "Kim Il Sung", "He spoke first."))
    path = made["Location"].removeprefix("http://testserver")
    annotation = Annotation.objects.get()
    # Private: a curator may not publish what its author has not offered, nor may the author publish it.
    assert _move(world.curator, path, "published").status_code == 403
    assert _move(world.reader, path, "published").status_code == 403
    asked = _move(world.reader, path, "submitted")
    assert asked.status_code == 302 and asked["Location"] == f"{PAGE}#annotation-{annotation.annotation_id}"
    assert _seen_in_container(None, world) == [] and _seen_in_container(world.other_reader, world) == []
    assert _seen_in_container(world.reader, world) == ["He spoke first."]
    assert _move(world.curator, path, "published").status_code == 302
    annotation.refresh_from_db()
    assert annotation.state == "published" and annotation.published_by == world.curator and annotation.published_at
    for reader in (None, world.other_reader, world.reader, world.curator):
        assert _seen_in_container(reader, world) == ["He spoke first."]
    shown = _as(None).get(PAGE).content.decode()
    assert "He spoke first." in shown and "Only you see this" not in shown and "reader@example.org" not in shown

    # The author's edit goes back to the curators before the public reads it again.
    edited = _as(world.reader).put(path, json.dumps(text_annotation(world, "Kim Il Sung", "He spoke first, for an hour.")),
                                   content_type="application/json")
    assert edited.json()["schema:creativeWorkStatus"] == "submitted"
    assert _seen_in_container(None, world) == []
    assert _move(world.curator, path, "rejected").status_code == 302
    assert _seen_in_container(None, world) == [] and _seen_in_container(world.reader, world) == ["He spoke first, for an hour."]
    assert "the curators did not publish it" in _as(world.reader).get(PAGE).content.decode()
    assert _move(world.reader, path, "submitted").status_code == 302
    assert _move(world.curator, path, "published").status_code == 302
    assert _seen_in_container(None, world) == ["He spoke first, for an hour."]
    # The author may take it back; a curator may take it down.
    assert _move(world.reader, path, "private").status_code == 302
    assert _seen_in_container(None, world) == []

    # Every change is a version of it, with who made it.
    versions = Version.objects.get_for_object(annotation).select_related("revision__user")
    states = [json.loads(v.serialized_data)[0]["fields"]["state"] for v in reversed(versions)]
    assert states == ["private", "submitted", "published", "submitted", "rejected", "submitted", "published", "private"]
    assert {v.revision.user for v in versions} == {world.reader, world.curator}


def test_a_curators_own_note_needs_no_one_elses_approval(world, post_annotation):
    path = post_annotation(world.curator, world.container, text_annotation(world, "delegates")).headers["Location"]
    path = path.removeprefix("http://testserver")
    assert _move(world.curator, path, "published").status_code == 302
    assert len(_seen_in_container(None, world)) == 1


def test_the_document_page_shows_published_notes_and_the_readers_own_marked_in_the_text(world, post_annotation):
    mine = Annotation.objects.get(pk=Annotation.objects.create(
        document=world.document, creator=world.reader, body="Mine alone.", layer_kind="translation", layer_language="en",
        start=0, end=3, exact="The").pk)
    theirs = post_annotation(world.other_reader, world.container, text_annotation(world, "the delegates", "Their private note."))
    published = post_annotation(world.other_reader, world.container, text_annotation(world, "Kim Il Sung", "Published note."))
    Annotation.objects.filter(annotation_id=published.json()["id"].split("/")[-1]).update(state="published")
    html = _as(world.reader).get(PAGE).content.decode()
    assert "Mine alone." in html and "Only you see this." in html and "Published note." in html
    assert "Their private note." not in html and theirs.json()["id"].split("/")[-1] not in html
    assert f'action="/annotations/{mine.annotation_id}/state"' in html and ">Ask to publish</button>" in html
    marks = _marks(html)
    assert [(m["section"], m["skip"], m["length"], m["published"]) for m in marks] == [
        ("text-1", 0, 3, False), ("text-1", len("TheplenummetinAugust."), len("KimIlSung"), True)]
    assert 'class="annotation-form" hidden' in html  # the form for a new one, which the script shows
    anonymous = _as(None).get(PAGE).content.decode()
    assert "Published note." in anonymous and "Mine alone." not in anonymous and "Sign in</a> to annotate" in anonymous
    assert 'class="annotation-form"' not in anonymous and [m["published"] for m in _marks(anonymous)] == [True]
    # The curator sees every note, told which are not public.
    curator = _as(world.curator).get(PAGE).content.decode()
    assert "Their private note." in curator and "Private: only its author and the curators see this." in curator


def test_a_published_note_on_a_restricted_text_or_scan_stays_hidden(world, post_annotation):
    for made in (post_annotation(world.curator, world.container, text_annotation(world, "SECRETWORD", "On the original.",
                                                                                 layer=world.original)),
                 post_annotation(world.curator, world.container, region_annotation(world, canvas=world.canvas(world.secret_scan),
                                                                                   body="On the archive copy."))):
        assert made.status_code == 201
    Annotation.objects.update(state="published")
    for reader in (None, world.reader):
        assert _seen_in_container(reader, world) == []
        page = _as(reader).get(PAGE).content.decode()
        assert "On the original." not in page and "SECRETWORD" not in page and "On the archive copy." not in page
        for annotation in Annotation.objects.all():
            assert _as(reader).get(f"/annotations/{annotation.annotation_id}").status_code == 404
    assert sorted(_seen_in_container(world.curator, world)) == ["On the archive copy.", "On the original."]
    # Opened by a coordinator, the original's note is there for everyone.
    TextLayer.objects.filter(pk=world.original.pk).update(access="public")
    assert _seen_in_container(None, world) == ["On the original."]


def test_the_passage_is_found_again_after_an_edit_and_orphaned_when_it_is_gone(world, post_annotation):
    made = post_annotation(world.reader, world.container, text_annotation(world, "Kim Il Sung", "Who spoke."))
    path = made["Location"].removeprefix("http://testserver")
    layer = world.translation
    layer.text = "[Page 1]\n" + layer.text.replace("in August.", "in August 1956.")
    layer.save()
    position = _as(world.reader).get(path).json()["target"]["selector"][1]
    assert layer.text[position["start"]:position["end"]] == "Kim Il Sung"
    assert _marks(_as(world.reader).get(PAGE).content.decode())[0]["skip"] == len("[Page1]TheplenummetinAugust1956.")
    # Reading wrote nothing; the next save keeps the position the passage was found at.
    kept = Annotation.objects.get()
    assert world.translation.text[kept.start:kept.end] != "Kim Il Sung"
    _as(world.reader).put(path, json.dumps(text_annotation(world, "Kim Il Sung", "Who spoke.")), content_type="application/json")
    kept.refresh_from_db()
    assert world.translation.text[kept.start:kept.end] == "Kim Il Sung"
    # A re-import replaces the layers wholesale: the note follows the layer by its kind and language.
    TextLayer.objects.filter(pk=layer.pk).delete()
    TextLayer.objects.create(document=world.document, kind="translation", language="en", text="Kim Il Sung arrived late.")
    assert _as(world.reader).get(path).json()["target"]["selector"][1] == {"type": "TextPositionSelector", "start": 0, "end": 11}
    TextLayer.objects.filter(document=world.document, kind="translation").update(text="The chairman arrived late.")
    orphaned = _as(world.reader).get(path).json()
    assert [s["type"] for s in orphaned["target"]["selector"]] == ["TextQuoteSelector"]
    assert orphaned["target"]["selector"][0]["exact"] == "Kim Il Sung"
    page = _as(world.reader).get(PAGE).content.decode()
    assert "This passage is no longer in the text" in page and _marks(page) == []


@pytest.mark.django_db(transaction=True)  # kept pages are forgotten when a change commits
def test_publishing_forgets_the_anonymous_readers_kept_page(world, post_annotation, settings):
    settings.MOSAIC_PAGE_CACHE = True
    for alias in (page_cache.PAGES, page_cache.GENERATION):
        caches[alias].clear()
    made = post_annotation(world.reader, world.container, text_annotation(world, "plenum", "Worth publishing."))
    annotation = Annotation.objects.get()
    anonymous = _as(None)
    assert "Worth publishing." not in anonymous.get(PAGE).content.decode()
    assert anonymous.get(PAGE)["X-Page-Cache"] == "hit"
    writing.move(annotation, world.reader, "submitted")
    writing.move(annotation, world.curator, "published")
    shown = anonymous.get(PAGE)
    assert "Worth publishing." in shown.content.decode() and "X-Page-Cache" not in shown
    assert anonymous.get(PAGE)["X-Page-Cache"] == "hit"
    writing.delete(annotation, world.reader)
    assert "Worth publishing." not in anonymous.get(PAGE).content.decode()
    assert made.status_code == 201
    for alias in (page_cache.PAGES, page_cache.GENERATION):
        caches[alias].clear()


def test_the_staff_list_publishes_and_declines_in_bulk(world, post_annotation):
    for exact in ("August", "September"):
        post_annotation(world.reader, world.container, text_annotation(world, exact))
    submitted, private = Annotation.objects.order_by("pk")
    writing.move(submitted, world.reader, "submitted")
    coordinator = account("coordinator", "Coordinator")
    staff = _as(coordinator)
    changelist = staff.get("/admin/annotations/annotation/?state__exact=submitted").content.decode()
    assert "plenum-report" in changelist and "“August”" in changelist and "September" not in changelist
    staff.post("/admin/annotations/annotation/", {"action": "publish_annotations",
                                                  "_selected_action": [submitted.pk, private.pk]})
    assert dict(Annotation.objects.values_list("pk", "state")) == {submitted.pk: "published", private.pk: "private"}
    assert staff.get(f"/admin/annotations/annotation/{submitted.pk}/history/").status_code == 200
    # A curator (not a coordinator) keeps the queue too.
    assert _as(world.curator).get("/admin/annotations/annotation/").status_code == 200


def test_deleting_a_document_takes_its_annotations_to_the_trash(world, post_annotation):
    from mosaic.curation import history

    post_annotation(world.reader, world.container, text_annotation(world, "plenum", "Kept through the trash."))
    world.document.delete()
    assert not Annotation.objects.exists()
    trashed = {version.object_repr: version for version in history.deleted_records()}
    history.restore(trashed[str(world.document)])
    (note,) = [version for repr_, version in trashed.items() if repr_.startswith("Comment on plenum-report")]
    history.restore(note)
    assert Annotation.objects.get().body == "Kept through the trash."

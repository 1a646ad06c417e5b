import pytest

from mosaic.collections.models import Collection
from mosaic.collections.seed import load_collections
from mosaic.corpus.models import Document
from mosaic.ingest.demo import load_demo
from mosaic.publications.models import Publication

pytestmark = pytest.mark.django_db


def test_demo_collections_are_nested_and_ordered(demo_db):
    child = Collection.objects.get(slug="cultural-revolution-and-the-dprk")
    assert child.parent.slug == "sino-dprk-relations"
    assert [c.slug for c in child.ancestors()] == ["sino-dprk-relations"]
    plenum = Collection.objects.get(slug="august-1956-plenum")
    ordered = [m.document.date for m in plenum.memberships.select_related("document")]
    assert len(ordered) == 18 and ordered[0] == "1955-12-04" and ordered[-1] == "1956-11-05"


def test_the_api_gives_each_collection_in_both_languages(demo_db, client):
    listed = {c["slug"]: c for c in client.get("/api/collections").json()}
    plenum = Collection.objects.get(slug="august-1956-plenum")
    assert listed["august-1956-plenum"]["title_ko"] == plenum.title_ko != ""
    assert listed["august-1956-plenum"]["description_ko"] == plenum.description_ko != ""
    assert all(c["title_ko"] for c in listed.values())  # the demo has Korean for every collection
    one = client.get("/api/collections/august-1956-plenum").json()
    assert one["title"] == plenum.title and one["title_ko"] == plenum.title_ko


def test_loading_the_demo_twice_changes_no_collection_or_publication():
    load_demo(progress=False)
    before = (Collection.objects.count(), sum(c.memberships.count() for c in Collection.objects.all()))
    load_demo(progress=False)
    assert (Collection.objects.count(), sum(c.memberships.count() for c in Collection.objects.all())) == before
    reader = Publication.objects.get(slug="demo-reader-us-korea-policy-1969")
    assert [link.document.public_id for link in reader.document_links.all()] == [f"frus1969-76v19p1-d{n}" for n in (2, 3, 4, 5)]
    assert [link.agent.name for link in reader.author_links.all()] == ["Mosaic editorial team"]


def test_a_collection_naming_a_missing_document_is_refused_whole():
    with pytest.raises(Document.DoesNotExist, match="no-such-doc"):
        load_collections([{"slug": "c", "title": "C", "documents": ["no-such-doc"]}])
    assert not Collection.objects.exists()


def test_a_collection_cannot_be_its_own_ancestor():
    from django.core.exceptions import ValidationError

    parent = Collection.objects.create(slug="p", title="P")
    child = Collection.objects.create(slug="c", title="C", parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError, match="inside itself"):
        parent.full_clean()

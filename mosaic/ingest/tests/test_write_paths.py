"""The import's faster write paths must leave what Django's own ways leave: instances made without
`Model.__init__`, pending-analysis rows written without instances."""
import datetime as dt

import gc

import pytest
from django.db.models.signals import post_init
from django.utils import timezone

from mosaic.archives.models import Repository
from mosaic.changes.models import PendingAnalysis
from mosaic.changes.service import _mark_pending
from mosaic.collections.models import Collection, CollectionMembership
from mosaic.corpus.models import ArchivalUnit, Credit, Document, DocumentAgent, Locator, TextLayer
from mosaic.entities.models import Agent
from mosaic.ingest.pipeline import ingest_file
from mosaic.ingest.store import new_instance
from mosaic.ingest.tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db


def _attributes(instance) -> dict:
    attributes = {key: value for key, value in vars(instance).items() if key != "_state"}
    return {**attributes, "_state": (instance._state.adding, instance._state.db, dict(instance._state.fields_cache))}


def test_new_instances_have_the_attributes_model_init_gives(repositories):
    document = Document.objects.create(public_id="x-1", title="A memorandum")
    agent = Agent.objects.create(kind="person", name="Nam Il")
    collection = Collection.objects.create(slug="plenum", title="Plenum")
    repository = Repository.objects.first()
    locator = Locator(document=document, order=1, repository=repository, as_printed="RGANI f. 5")
    locator.save()
    cases = [
        (Locator, dict(document=document, order=2, repository=repository, as_printed="AVPRF", folio_start="1",
                       folio_end="2", folio_term="listy")),
        (Locator, dict(document=document, order=0, repository=None, as_printed="somewhere")),
        (ArchivalUnit, dict(locator=locator, order=0, unit_type="fond", label="Fond", value="5")),
        (Credit, dict(document=document, order=0, role="translated", agent=agent, on_behalf_of="NKIDP", language="")),
        (DocumentAgent, dict(document=document, agent=agent, role="author", as_written="Nam Il", order=1)),
        (TextLayer, dict(document=document, order=0, kind="translation", language="en", made_by="", text="Text.",
                         access="embargoed", embargo_until=dt.date(2031, 1, 1))),
        (TextLayer, dict(document=document, kind="original", language="ru", text="Текст.")),  # defaults
        (CollectionMembership, dict(collection=collection, document=document, order=3)),
    ]
    for model, values in cases:
        assert _attributes(new_instance(model, **values)) == _attributes(model(**values)), model.__name__


def test_a_post_init_receiver_still_hears_every_instance(repositories):
    document = Document.objects.create(public_id="x-2", title="A memorandum")
    heard = []

    def receiver(sender, instance, **kwargs):
        heard.append(instance)

    post_init.connect(receiver, sender=TextLayer)
    try:
        layer = new_instance(TextLayer, document=document, kind="original", language="ru", text="Текст.")
    finally:
        post_init.disconnect(receiver, sender=TextLayer)
    assert heard == [layer]


def test_pending_rows_are_marked_once_per_kind_and_moved_to_the_latest_request():
    first, second = (Document.objects.create(public_id=f"x-{n}", title="A memorandum") for n in (3, 4))
    earlier = timezone.now() - dt.timedelta(hours=1)
    _mark_pending([first.pk], earlier)
    now = timezone.now()
    _mark_pending([first.pk, second.pk], now)
    rows = sorted(PendingAnalysis.objects.values_list("document_id", "kind", "requested_at"))
    assert rows == sorted((pk, kind, now) for pk in (first.pk, second.pk)
                          for kind in (PendingAnalysis.MARKERS, PendingAnalysis.NAMES))


def test_an_import_leaves_nothing_frozen_away_from_the_collector(repositories, write_jsonl):
    # Frozen for the import's length only (pipeline._kept_apart), whether the file is stored or refused.
    assert gc.get_freeze_count() == 0
    assert ingest_file(FIXTURES / "letters.jsonl").ok
    assert gc.get_freeze_count() == 0
    assert not ingest_file(write_jsonl([{"id": "x-5"}])).ok
    assert gc.get_freeze_count() == 0

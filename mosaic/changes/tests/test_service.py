"""Every writer reaches the change service: the index follows within the writer's transaction, and
markers and name links follow through jobs (run at once under pytest; on the real queue below)."""
import pytest
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from mosaic.archives.seed import load_repositories
from mosaic.changes.models import PendingAnalysis
from mosaic.changes.service import documents_changed
from mosaic.corpus.models import Document, NameLink, TextLayer
from mosaic.curation import history
from mosaic.curation.tests.admin_forms import form_data
from mosaic.entities.authority import load_shipped_authority
from mosaic.ingest.pipeline import ingest_file
from mosaic.ingest.tests.conftest import FIXTURES
from mosaic.jobs.tests.test_queue import DATABASE_QUEUE
from mosaic.jobs.worker import run_queued_jobs
from mosaic.lens.models import LayerMarkerStats
from mosaic.lens.refresh import is_current
from mosaic.oai.models import OaiRecord
from mosaic.search.index import get_backend
from mosaic.search.query import search_query_from_params

NEW_TEXT = "Kim Il Sung said that the Koreans must study the Soviet experience."


@pytest.fixture
def letter(db):
    load_repositories()
    load_shipped_authority()
    assert ingest_file(FIXTURES / "letters.jsonl").ok
    return Document.objects.get(public_id="test-rgani-1956-07-24")


def _english(document) -> TextLayer:
    return document.text_layers.get(kind="translation", language="en")


def _linked_people(document) -> set[str]:
    return set(NameLink.objects.filter(document=document).values_list("person__person_id", flat=True))


def _finds(words: str) -> bool:
    return bool(get_backend().search(search_query_from_params({"q": words})).total)


def test_a_staff_edit_through_the_form_reindexes_and_relinks_names(client, letter, staff_member):
    assert _linked_people(letter) == {"P009"}  # Nam Il, linked by the import
    client.force_login(staff_member("Curator"))
    data = form_data(client.get(reverse("admin:corpus_document_change", args=[letter.pk])))
    layer_field = next(k for k, v in data.items() if k.startswith("text_layers-") and k.endswith("-text") and "plenum" in v)
    data[layer_field] = NEW_TEXT
    data["title"] = "Memorandum of Conversation"
    assert client.post(reverse("admin:corpus_document_change", args=[letter.pk]), data).status_code == 302

    # No on-commit capture: the form's transaction did it all before it ended.
    assert _finds("Soviet experience") and not _finds("held")
    people = _linked_people(letter)
    assert "P009" not in people and len(people) == 1  # Nam Il is gone with his name; Kim Il Sung came
    layer = _english(letter)
    assert layer.text == NEW_TEXT, layer.text
    assert is_current(LayerMarkerStats.objects.get(layer=layer), layer)
    assert not PendingAnalysis.objects.filter(document=letter).exists()


def test_restoring_a_version_relinks_the_names_it_brings_back(letter, django_capture_on_commit_callbacks):
    imported = history.versions_of(letter).first()
    layer = _english(letter)
    with django_capture_on_commit_callbacks(execute=True):
        # Edits outside any writer (a shell session): the signals hand them to the service.
        layer.text = NEW_TEXT
        layer.save()
        letter.title = "Memorandum of Conversation"
        letter.save()
    assert "P009" not in _linked_people(letter) and _finds("Soviet experience")

    history.restore(imported)
    assert "P009" in _linked_people(letter)
    assert _finds("held") and not _finds("Soviet experience")


@pytest.fixture
def real_queue(settings):
    settings.TASKS = DATABASE_QUEUE


def test_an_import_queues_its_derived_work_and_the_page_says_it_is_pending(transactional_db, real_queue, client):
    load_repositories()
    load_shipped_authority()
    assert ingest_file(FIXTURES / "letters.jsonl").ok
    letter = Document.objects.get(public_id="test-rgani-1956-07-24")
    # Indexed within the import; the derived work waits for a worker.
    assert _finds("plenum")
    # PostgreSQL's backend also queues its index upkeep (new words move into the RUM index).
    upkeep = ["mosaic.search.tasks.keep_index_up"] if get_backend().upkeep_due() else []
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == sorted([
        "mosaic.changes.tasks.follow_for_harvesters", "mosaic.changes.tasks.keep_citations",
        "mosaic.changes.tasks.link_names", "mosaic.changes.tasks.refresh_markers", *upkeep])
    assert not OaiRecord.objects.exists()  # harvesters hear of the import once a worker has followed it
    assert not LayerMarkerStats.objects.exists() and not NameLink.objects.exists()
    page = client.get(f"/documents/{letter.public_id}/").content.decode()
    assert "Language markers for this text are being computed" in page

    assert run_queued_jobs().succeeded == 4 + len(upkeep)
    assert OaiRecord.objects.filter(public=True).count() == Document.objects.public().count() > 0
    assert LayerMarkerStats.objects.filter(layer=_english(letter)).exists()
    assert _linked_people(letter) == {"P009"}
    assert not PendingAnalysis.objects.exists()
    page = client.get(f"/documents/{letter.public_id}/").content.decode()
    assert "being computed" not in page and "lens-layer-" in page


def test_jobs_are_queued_in_the_changing_transaction_and_vanish_with_it(transactional_db, real_queue):
    load_repositories()
    assert ingest_file(FIXTURES / "letters.jsonl").ok
    run_queued_jobs()
    letter = Document.objects.get(public_id="test-rgani-1956-07-24")
    queued = DBTaskResult.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        documents_changed([letter.pk], "an edit that fails after it")
        upkeep = 1 if get_backend().upkeep_due() else 0  # PostgreSQL's index upkeep, as above
        assert DBTaskResult.objects.count() == queued + 3 + upkeep  # markers, names, citations
        raise RuntimeError("the writer fails")
    assert DBTaskResult.objects.count() == queued and not PendingAnalysis.objects.exists()


def test_a_staff_edit_of_an_agents_name_reindexes_its_documents(letter):
    """Outside any writer's batch the signals still find an agent's documents."""
    from mosaic.entities.models import Agent

    agent = letter.agents.filter(kind=Agent.PERSON).first()
    assert agent is not None
    agent.name = "Namilovsky Zzyzx"
    agent.save()
    assert _finds("Zzyzx")

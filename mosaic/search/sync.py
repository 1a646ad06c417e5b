"""Signals that re-index a document when it or anything shown about it changes.

Edits made one at a time (the staff interface) re-index after their transaction commits. Bulk
writers (ingest) pause this and re-index their documents themselves inside their transaction.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from mosaic.archives.models import Repository
from mosaic.collections.models import Collection, CollectionMembership
from mosaic.corpus.models import ArchivalUnit, Credit, Document, DocumentAgent, Locator, TextLayer
from mosaic.entities.models import Agent

_state = threading.local()


@contextmanager
def paused():
    """Within this block, saves do not schedule re-indexing (the caller re-indexes itself)."""
    previous = getattr(_state, "paused", False)
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = previous


def schedule(doc_ids) -> None:
    if getattr(_state, "paused", False):
        return
    doc_ids = set(doc_ids)
    if doc_ids:
        from mosaic.search.index import update_documents

        transaction.on_commit(lambda: update_documents(doc_ids))


def _document(sender, instance, **kwargs):
    schedule([instance.pk])


def _child(sender, instance, **kwargs):
    schedule([instance.document_id])


def _unit(sender, instance, **kwargs):
    schedule(Locator.objects.filter(pk=instance.locator_id).values_list("document_id", flat=True))


def _agent(sender, instance, **kwargs):
    linked = set(DocumentAgent.objects.filter(agent=instance).values_list("document_id", flat=True))
    linked |= set(Credit.objects.filter(agent=instance).values_list("document_id", flat=True))
    schedule(linked)


def _repository(sender, instance, **kwargs):
    schedule(Locator.objects.filter(repository=instance).values_list("document_id", flat=True))


def _collection(sender, instance, **kwargs):
    schedule(instance.memberships.values_list("document_id", flat=True))


for model, handler in [
    (Document, _document), (TextLayer, _child), (Credit, _child), (DocumentAgent, _child), (Locator, _child),
    (CollectionMembership, _child), (ArchivalUnit, _unit), (Agent, _agent), (Repository, _repository),
    (Collection, _collection),
]:
    post_save.connect(handler, sender=model, dispatch_uid=f"search-{model.__name__}-save")
    post_delete.connect(handler, sender=model, dispatch_uid=f"search-{model.__name__}-delete")

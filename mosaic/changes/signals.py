"""Saves and deletions of documents and of what they show, made one at a time (the staff
interface, a shell), reach the change service here: each names the documents it touches.

Raw saves are not listened to: they are loaddata's (restoring a backup) and history's (restoring
a version), and both writers tell the service themselves what they changed.
"""
from __future__ import annotations

from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_save

from mosaic.archives.models import Repository
from mosaic.changes.service import note_edit
from mosaic.collections.models import Collection, CollectionMembership
from mosaic.common.page_cache import install_write_watch
from mosaic.corpus.models import ArchivalUnit, Credit, Document, DocumentAgent, Locator, TextLayer
from mosaic.entities.models import Agent


def _document(instance):
    return [instance.pk]


def _part(instance):
    return [instance.document_id]


def _unit(instance):
    return Locator.objects.filter(pk=instance.locator_id).values_list("document_id", flat=True)


def _agent(instance):
    linked = set(DocumentAgent.objects.filter(agent=instance).values_list("document_id", flat=True))
    return linked | set(Credit.objects.filter(agent=instance).values_list("document_id", flat=True))


def _repository(instance):
    return Locator.objects.filter(repository=instance).values_list("document_id", flat=True)


def _collection(instance):
    return instance.memberships.values_list("document_id", flat=True)


# What the markers and name links read: titles, summaries, types, statuses and access (documents)
# and texts (layers). The other models change only what the index shows.
TEXTS = {Document, TextLayer}
DOCUMENTS_TOUCHED = {
    Document: _document, TextLayer: _part, Credit: _part, DocumentAgent: _part, Locator: _part,
    CollectionMembership: _part, ArchivalUnit: _unit, Agent: _agent, Repository: _repository, Collection: _collection,
}


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        note_edit(DOCUMENTS_TOUCHED[sender](instance), texts=sender in TEXTS)


def _deleted(sender, instance, **kwargs):
    note_edit(DOCUMENTS_TOUCHED[sender](instance), texts=sender in TEXTS)


for model in DOCUMENTS_TOUCHED:
    post_save.connect(_saved, sender=model, dispatch_uid=f"changes-{model.__name__}-save")
    post_delete.connect(_deleted, sender=model, dispatch_uid=f"changes-{model.__name__}-delete")

# Every write to the archive's tables, by any process and whatever its path (bulk updates, jobs,
# the name authority, publications), makes the readers' kept pages be forgotten once it commits.
connection_created.connect(install_write_watch, dispatch_uid="changes-page-cache-write-watch")

"""Edits that change what harvested records say but that the change service is not told about for
these documents, because the search index does not need them: a collection's slug, parent or
status changes the setSpecs of the documents of the collections inside it (its own documents
reach the service through `changes/signals.py`); a subject heading's wording and a place's name
or coordinates change every record that shows them."""
from __future__ import annotations

from django.db.models.signals import post_save

from mosaic.collections.models import Collection, CollectionMembership
from mosaic.entities.models import AuthorityTerm
from mosaic.oai.ledger import follow_after_commit
from mosaic.subjects.models import DocumentPlace, DocumentSubject, Subject


def _inner_collections(collection: Collection) -> set[int]:
    found, frontier = set(), {collection.pk}
    while frontier:
        frontier = set(Collection.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    found.discard(collection.pk)
    return found


def _collection_saved(sender, instance, raw=False, **kwargs):
    inner = _inner_collections(instance) if not raw else set()
    if inner:
        follow_after_commit(CollectionMembership.objects.filter(collection_id__in=inner).values_list("document_id", flat=True))


def _subject_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        follow_after_commit(DocumentSubject.objects.filter(subject=instance).values_list("document_id", flat=True))


def _term_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.kind == "place":
        follow_after_commit(DocumentPlace.objects.filter(place=instance).values_list("document_id", flat=True))


post_save.connect(_collection_saved, sender=Collection, dispatch_uid="oai-collection-saved")
post_save.connect(_subject_saved, sender=Subject, dispatch_uid="oai-subject-saved")
post_save.connect(_term_saved, sender=AuthorityTerm, dispatch_uid="oai-place-saved")

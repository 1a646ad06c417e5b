"""Edits that change what a document is about reach the change service, which re-indexes the
document (its subject, place and person facets) in the editing transaction: a subject or place
added to or removed from the document form, and a name link saved or deleted one at a time (a
curator's confirmation or rejection; the matcher writes its suggestions in bulk, and a suggestion
is no facet value). Facet values are the heading's slug, the place's term id and the person's id,
which stay as they are when a heading or name is reworded, so those edits need no re-index: labels
are read when a page is shown."""
from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from mosaic.changes.service import note_edit
from mosaic.corpus.models import NameLink
from mosaic.subjects.models import DocumentPlace, DocumentSubject

REASON = "subjects, places or name links edited"


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:  # raw: history restores and loaddata, whose writers tell the service themselves
        note_edit([instance.document_id], texts=False, reason=REASON)


def _deleted(sender, instance, **kwargs):
    note_edit([instance.document_id], texts=False, reason=REASON)


# Only the index shows these, so no text-derived work (markers, name links) is queued for them.
for model in (DocumentSubject, DocumentPlace, NameLink):
    post_save.connect(_saved, sender=model, dispatch_uid=f"subjects-{model.__name__}-save")
    post_delete.connect(_deleted, sender=model, dispatch_uid=f"subjects-{model.__name__}-delete")

"""Who may see what: the one policy every page, the API, search, exports, feeds and the staff
interface ask.

Curators and coordinators (whoever may edit documents: `roles.SEES_ALL_RECORDS`) see everything;
pages mark what is not public. Everyone else sees published documents that are public or past
their embargo, only their open text layers and files, and only published collections and
publications. A translator sees, in addition, the documents of their open translation tasks with
all their layers and files: the originals they must translate. Staff status alone opens nothing
(translators are staff so that they can use the staff interface).

Callers use these functions through the module (`access.visible_documents(...)`), so the leak
test can switch the policy off route by route and prove that each route depends on it.
"""
from __future__ import annotations

from django.utils import timezone

from mosaic.corpus.models import Document, TextLayer
from mosaic.curation import roles


def _holds(user, permission: str) -> bool:
    # `has_perm` is False for inactive accounts, so a deactivated curator sees what the public sees.
    return bool(user and user.is_authenticated and user.has_perm(permission))


def sees_all_records(user) -> bool:
    """Whether the user sees every record, draft, staff-only and embargoed ones included."""
    return _holds(user, roles.SEES_ALL_RECORDS)


def _assigned_documents(user):
    """The documents of the user's open translation tasks; none for someone who does not translate.
    A finished task opens nothing any more: its translation is published and the work is done."""
    if not _holds(user, roles.TRANSLATES):
        return Document.objects.none()
    from mosaic.translations.models import TranslationTask

    open_tasks = TranslationTask.objects.filter(assignee=user).exclude(status=TranslationTask.DONE)
    return Document.objects.filter(pk__in=open_tasks.values("document"))


def _sees_whole(document: Document, user) -> bool:
    """Whether the user sees all of a document's layers and files, restricted ones included."""
    if sees_all_records(user):
        return True
    # Only a translator has assigned documents; asking anyone else would build a query per document
    # (the search index asks for every document it indexes).
    return _holds(user, roles.TRANSLATES) and _assigned_documents(user).filter(pk=document.pk).exists()


def public_documents():
    return Document.objects.public()


def visible_documents(user):
    if sees_all_records(user):
        return Document.objects.all()
    return public_documents() | _assigned_documents(user)


def visible_layers(document: Document, user) -> list[TextLayer]:
    layers = list(document.text_layers.all())
    if _sees_whole(document, user):
        return layers
    today = timezone.localdate()
    return [layer for layer in layers if layer.is_open_to_public(today)]


def withheld_layers(document: Document, user) -> list[TextLayer]:
    """Layers the reader may not see, so the page can say that they exist without showing them."""
    shown = {layer.pk for layer in visible_layers(document, user)}
    return [layer for layer in document.text_layers.all() if layer.pk not in shown]


def public_collections():
    from mosaic.collections.models import Collection

    return Collection.objects.filter(status="published")


def visible_collections(user):
    from mosaic.collections.models import Collection

    return Collection.objects.all() if sees_all_records(user) else public_collections()


def public_publications():
    from mosaic.publications.models import Publication

    return Publication.objects.filter(status="published")


def visible_files(document: Document, user) -> list:
    """The scans and PDFs of a document the reader may see (the document itself being visible)."""
    files = list(document.files.select_related("stored_file"))
    if _sees_whole(document, user):
        return files
    today = timezone.localdate()
    return [item for item in files if item.is_open_to_public(today)]


def stored_file_visible(stored_file, user) -> bool:
    """Whether the reader may see a stored file's pages: those who see all records always; anyone
    else when it is a file of a document they see whole (a translator's task), or an open file of
    a public document. Accession files are for those who see all records only."""
    if sees_all_records(user):
        return True
    today = timezone.localdate()
    assigned = set(_assigned_documents(user).values_list("pk", flat=True))
    for link in stored_file.document_links.all():
        if link.document_id in assigned:
            return True
        if link.is_open_to_public(today) and public_documents().filter(pk=link.document_id).exists():
            return True
    return False


def visible_annotations(document: Document, user):
    """The annotations on a document (one the reader may see) that the reader may see: published
    ones and, for a signed-in reader, their own, and only on the text layers and files the reader
    may see, so a published note never reveals a restricted text or scan. Those who see all records
    see every annotation, private and rejected ones included."""
    from django.db.models import Q

    from mosaic.annotations.models import Annotation

    annotations = Annotation.objects.filter(document=document)
    if sees_all_records(user):
        return annotations
    shown = Q(state=Annotation.PUBLISHED)
    if user is not None and user.is_authenticated:
        shown |= Q(creator=user)
    # A layer by its kind and language, a scan by its stored file: what an annotation keeps of them.
    on_what_is_seen = Q(stored_file_id__in={item.stored_file_id for item in visible_files(document, user)})
    for layer in visible_layers(document, user):
        on_what_is_seen |= Q(stored_file__isnull=True, layer_kind=layer.kind, layer_language=layer.language)
    return annotations.filter(shown).filter(on_what_is_seen)

"""Downloads: a publication as PDF or EPUB, a document as one PDF.

A publication's book can take seconds to set. When it is not kept yet and a worker is running,
the build is queued and the reader gets a page that says so and refreshes itself (HTTP 202)
until the file is there. Without a living worker nobody else would build it, so it is built
while the reader waits (the only way an archive run without `mosaic worker` can offer books).
A document's PDF is small and always built while the reader waits. Either way the file is kept
(`kept.py`) until something in it changes.
"""
from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control

from mosaic.books import assemble, tasks
from mosaic.books.kept import FORMATS, KeptBook
from mosaic.corpus.views import visible_document_or_404
from mosaic.jobs import queue

REFRESH_SECONDS = 3
FORMAT_NAMES = {"pdf": "PDF", "epub": "EPUB"}


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _reader_id(user) -> int | None:
    return user.pk if user.is_authenticated else None


def _a_worker_will_build() -> bool:
    return queue.uses_database_queue() and bool(queue.workers_alive())


def _download(kept: KeptBook, name: str):
    response = FileResponse(kept.path.open("rb"), as_attachment=True, filename=f"{name}.{kept.fmt}",
                            content_type=FORMATS[kept.fmt])
    # What a book holds depends on who asks: no shared cache may keep it.
    patch_cache_control(response, private=True, no_cache=True)
    response["ETag"] = f'"{kept.fingerprint}"'
    return response


def publication_book(request, slug: str, fmt: str):
    publication = get_object_or_404(assemble.visible_publications(request.user), slug=slug)
    base_url = _base_url(request)
    book = assemble.publication_book(publication, request.user, base_url)
    kept = KeptBook.of(f"publications/{publication.pk}", book, fmt)
    if not kept.exists():
        if not _a_worker_will_build():
            kept.build(book)
        else:
            if not kept.recently_queued():
                with transaction.atomic():
                    tasks.build_publication_book.enqueue(publication.pk, _reader_id(request.user), base_url, fmt,
                                                         translation.get_language() or settings.LANGUAGE_CODE)
                kept.mark_queued()
            response = render(request, "books/preparing.html", {
                "title": publication.title, "format_name": FORMAT_NAMES[fmt], "refresh_seconds": REFRESH_SECONDS,
                "back_url": reverse("pages:publication", args=[publication.slug]), "back_label": publication.get_kind_display().lower(),
            }, status=202)
            response["Refresh"] = str(REFRESH_SECONDS)
            patch_cache_control(response, no_store=True)
            return response
    return _download(kept, publication.slug)


def document_pdf(request, public_id: str):
    document = visible_document_or_404(request, public_id)
    book = assemble.document_book(document, request.user, _base_url(request))
    kept = KeptBook.of(f"documents/{document.pk}", book, "pdf")
    if not kept.exists():
        kept.build(book)
    return _download(kept, document.public_id)

"""The background job that sets a publication as a book. Idempotent: it builds the book from the
publication as it is when it runs, for the reader who asked, and does nothing if that file is
already kept. Arguments are plain ids, so the job survives any edit made while it waits."""
from __future__ import annotations

from django_tasks import task


def reader(reader_id: int | None):
    """The account a book is made for; an anonymous reader (or a deleted account) sees what the public sees."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    if reader_id is None:
        return AnonymousUser()
    return get_user_model().objects.filter(pk=reader_id).first() or AnonymousUser()


@task()
def build_publication_book(publication_id: int, reader_id: int | None, base_url: str, fmt: str, language: str = "en") -> str:
    """Build and keep the publication's book in `fmt` ("pdf" or "epub") as that reader may see it,
    its headings in the reader's interface `language`. Returns the kept file's fingerprint, or ""
    when the reader may no longer see the publication."""
    from django.utils import translation

    from mosaic.books.assemble import publication_book, visible_publications
    from mosaic.books.kept import KeptBook

    user = reader(reader_id)
    publication = visible_publications(user).filter(pk=publication_id).first()
    if publication is None:
        return ""
    with translation.override(language):
        book = publication_book(publication, user, base_url)
    kept = KeptBook.of(f"publications/{publication.pk}", book, fmt)
    if not kept.exists():
        kept.build(book)
    return kept.fingerprint

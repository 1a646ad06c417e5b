"""Load publications with their authors and ordered document lists from JSON, idempotently."""
import datetime as dt

from django.db import transaction

from mosaic.corpus.models import Document
from mosaic.entities.models import Agent
from mosaic.publications.models import Publication, PublicationAuthor, PublicationDocument


@transaction.atomic
def load_publications(entries: list[dict], status: str = "published") -> int:
    for entry in entries:
        publication, _ = Publication.objects.update_or_create(
            slug=entry["slug"],
            defaults={"kind": entry["kind"], "title": entry["title"], "body": entry.get("body", ""),
                      "date": dt.date.fromisoformat(entry["date"]) if entry.get("date") else None,
                      "status": status},
        )
        publication.author_links.all().delete()
        for order, author in enumerate(entry.get("authors", [])):
            agent, _ = Agent.objects.get_or_create(name=author["name"], kind=author.get("kind", Agent.PERSON))
            PublicationAuthor.objects.create(publication=publication, agent=agent, order=order)
        publication.document_links.all().delete()
        for order, document in enumerate(Document.objects.in_listed_order(entry.get("documents", []), f'publication "{entry["slug"]}"')):
            PublicationDocument.objects.create(publication=publication, document=document, order=order)
    return len(entries)

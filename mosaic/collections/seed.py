"""Load curated collections (and their ordered document lists) from a JSON file, idempotently.
An entry may give its Korean title and description as "title_ko" and "description_ko"."""
import json
from pathlib import Path

from django.db import transaction

from mosaic.collections.models import Collection, CollectionMembership
from mosaic.corpus.models import Document


@transaction.atomic
def load_collections(entries: list[dict], status: str = "published") -> int:
    """Create or update each collection and append the listed documents it does not yet hold."""
    for position, entry in enumerate(entries):
        parent = Collection.objects.get(slug=entry["parent"]) if entry.get("parent") else None
        collection, _ = Collection.objects.update_or_create(
            slug=entry["slug"],
            defaults={"title": entry["title"], "description": entry.get("description", ""),
                      "title_ko": entry.get("title_ko", ""), "description_ko": entry.get("description_ko", ""),
                      "parent": parent, "order": position, "status": status},
        )
        held = set(collection.memberships.values_list("document_id", flat=True))
        next_order = collection.memberships.count()
        for document in Document.objects.in_listed_order(entry.get("documents", []), f'collection "{entry["slug"]}"'):
            if document.pk not in held:
                CollectionMembership.objects.create(collection=collection, document=document, order=next_order)
                next_order += 1
    return len(entries)


def load_collections_file(path: Path) -> int:
    return load_collections(json.loads(Path(path).read_text(encoding="utf-8"))["collections"])

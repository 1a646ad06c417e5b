"""Loading curated document links from a JSON file (the demo's); loading it again changes nothing."""
import json
from pathlib import Path

import reversion
from django.db import transaction

from mosaic.corpus.models import Document
from mosaic.relations.models import DocumentRelation


def load_relations(path: Path) -> int:
    """Create the file's links that do not exist yet; returns how many were created. A link to a
    document the archive does not hold is an error, not skipped: the file names it wrongly."""
    rows = json.loads(path.read_text(encoding="utf-8"))["relations"]
    wanted = {row[key] for row in rows for key in ("document", "related")}
    documents = Document.objects.in_bulk(wanted, field_name="public_id")
    missing = sorted(wanted - set(documents))
    if missing:
        raise ValueError(f"{path.name}: no such documents: {', '.join(missing)}")
    created = 0
    with transaction.atomic(), reversion.create_revision():
        reversion.set_comment(f"Related documents from {path.name}")
        for row in rows:
            _, made = DocumentRelation.objects.get_or_create(
                document=documents[row["document"]], related=documents[row["related"]], kind=row["kind"],
                defaults={"note": row.get("note", "")})
            created += made
    return created

"""Tagging documents with subjects and places from a JSON file (the demo's
`data/demo/subjects_places.json`): {public_id: {"subjects": [heading...], "places": [term id...],
"because": "the words of the title or text the tags rest on"}}. Loading it again changes nothing."""
from __future__ import annotations

import json
from pathlib import Path

import reversion

from mosaic.changes.service import collecting
from mosaic.corpus.models import Document
from mosaic.entities.models import AuthorityTerm
from mosaic.lib.subject_headings import heading_slug
from mosaic.subjects.models import DocumentPlace, DocumentSubject, Subject


def read_tags(path: Path) -> dict[str, dict]:
    return {key: value for key, value in json.loads(path.read_text(encoding="utf-8")).items() if not key.startswith("_")}


def load_document_tags(path: Path) -> int:
    """Add the file's subjects and places to its documents (those already there stay); returns
    how many links were made. A document, heading or place the archive lacks is an error: the
    file names it wrongly."""
    tags = read_tags(path)
    documents = Document.objects.in_bulk(list(tags), field_name="public_id")
    subjects = {s.slug: s for s in Subject.objects.all()}
    places = AuthorityTerm.objects.filter(kind="place").in_bulk(field_name="term_id")
    problems = [f"no document {pid}" for pid in tags if pid not in documents]
    problems += [f'{pid}: no subject heading "{heading}"' for pid, entry in tags.items()
                 for heading in entry.get("subjects", []) if heading_slug(heading) not in subjects]
    problems += [f'{pid}: no place "{term_id}"' for pid, entry in tags.items()
                 for term_id in entry.get("places", []) if term_id not in places]
    if problems:
        raise ValueError(f"{path.name}: " + "; ".join(problems))
    made = 0
    with collecting(f"subjects and places from {path.name}", from_signals=False) as batch, reversion.create_revision():
        reversion.set_comment(f"Subjects and places from {path.name}")
        for pid, entry in tags.items():
            document = documents[pid]
            for order, heading in enumerate(entry.get("subjects", [])):
                _, created = DocumentSubject.objects.get_or_create(
                    document=document, subject=subjects[heading_slug(heading)], defaults={"order": order})
                made += created
            for order, term_id in enumerate(entry.get("places", [])):
                _, created = DocumentPlace.objects.get_or_create(document=document, place=places[term_id], defaults={"order": order})
                made += created
        if made:
            batch.add([document.pk for document in documents.values()], texts=False)
    return made

"""Load publications with their authors, notes and ordered document lists from JSON, idempotently.
An entry may give its Korean title and body as "title_ko" and "body_ko"."""
import datetime as dt
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from mosaic.corpus.models import Document
from mosaic.entities.models import Agent
from mosaic.lib.footnotes import check_notes
from mosaic.lib.rich_text import sanitize_html
from mosaic.publications.models import Footnote, Publication, PublicationAuthor, PublicationDocument


class InvalidNotes(ValueError):
    pass


def _load_notes(publication: Publication, notes: list[dict]) -> None:
    """Replace the publication's notes: {"marker", "text", "document" (a public id), "pinpoint"}.
    The same checks as the staff form: each note valid, each cited id known, the body's markers
    and the notes matching one to one."""
    where = f'publication "{publication.slug}"'
    labels = [str(note.get("marker", "")) for note in notes]
    problems = check_notes(sanitize_html(publication.body), labels)
    if publication.body_ko.strip():  # the Korean body refers to the same notes
        problems += [f"Korean body: {problem}" for problem in check_notes(sanitize_html(publication.body_ko), labels)]
    if problems:
        raise InvalidNotes(f"{where}: " + " ".join(problems))
    cited = {note["document"] for note in notes if note.get("document")}
    found = {d.public_id: d for d in Document.objects.filter(public_id__in=cited)}
    if cited - set(found):
        raise InvalidNotes(f"{where} cites documents that are not in the archive: {', '.join(sorted(cited - set(found)))}")
    publication.footnotes.all().delete()
    for note in notes:
        footnote = Footnote(publication=publication, marker=str(note["marker"]), text=note.get("text", ""),
                            document=found.get(note.get("document")), pinpoint=note.get("pinpoint", ""))
        try:
            footnote.full_clean(exclude=["publication"])
        except ValidationError as error:
            raise InvalidNotes(f"{where}, note [^{footnote.marker}]: {'; '.join(error.messages)}") from None
        footnote.save()


@transaction.atomic
def load_publications(entries: list[dict], status: str = "published") -> int:
    for entry in entries:
        publication, _ = Publication.objects.update_or_create(
            slug=entry["slug"],
            defaults={"kind": entry["kind"], "title": entry["title"], "body": entry.get("body", ""),
                      "title_ko": entry.get("title_ko", ""), "body_ko": entry.get("body_ko", ""),
                      "date": dt.date.fromisoformat(entry["date"]) if entry.get("date") else None,
                      "status": status},
        )
        publication.author_links.all().delete()
        for order, author in enumerate(entry.get("authors", [])):
            agent, _ = Agent.objects.get_or_create(name=author["name"], kind=author.get("kind", Agent.PERSON))
            PublicationAuthor.objects.create(publication=publication, agent=agent, order=order)
        _load_notes(publication, entry.get("notes", []))
        publication.document_links.all().delete()
        for order, document in enumerate(Document.objects.in_listed_order(entry.get("documents", []), f'publication "{entry["slug"]}"')):
            PublicationDocument.objects.create(publication=publication, document=document, order=order)
    return len(entries)


def load_essays(path: Path) -> int:
    """The essays of a JSON file {"essays": [publication entries with "notes"]}."""
    return load_publications(json.loads(Path(path).read_text(encoding="utf-8"))["essays"])

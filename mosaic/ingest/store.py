"""Write validated document records to the database.

The only module that turns a `DocumentRecord` into rows. It runs inside the caller's
transaction, so a failure anywhere in a file leaves the archive as it was.
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from mosaic.archives.models import Repository
from mosaic.collections.models import Collection, CollectionMembership
from mosaic.corpus.models import ArchivalUnit, Credit, Document, DocumentAgent, Locator, TextLayer
from mosaic.entities.models import Agent
from mosaic.ingest.limits import shown
from mosaic.ingest.records import DocumentRecord, InvalidRecord
from mosaic.preservation.models import DocumentFile
from mosaic.preservation.store import RejectedFile, file_beside, store_path

Outcome = Literal["created", "updated", "unchanged", "kept"]

SCALAR_FIELDS = [
    "title", "doc_type", "date", "date_min", "date_max", "date_note", "origin_country",
    "original_language", "summary", "classification", "rights", "access", "embargo_until",
    "status", "catalogue_only", "held_at", "source_url",
]


class StoreCache:
    """Lookups shared by all records of one file, so a large import does not re-query them."""

    def __init__(self, public_ids: list[str] = (), replace_edited: bool = False, folder: Path | None = None):
        self.replace_edited = replace_edited
        self.folder = folder or Path(".")  # where the records' scans are, beside the ingested file
        self.repositories = {r.code: r for r in Repository.objects.all()}
        self.collections = {c.slug: c for c in Collection.objects.all()}
        self.agents: dict[tuple[str, str], Agent] = {}
        # One query for the whole file instead of one per record; SQLite caps the number of
        # parameters in a query, hence the chunks.
        self.fingerprints: dict[str, str] = {}
        for start in range(0, len(public_ids), 500):
            chunk = public_ids[start : start + 500]
            self.fingerprints.update(
                Document.objects.filter(public_id__in=chunk).values_list("public_id", "import_fingerprint")
            )

    def repository(self, code: str | None) -> Repository | None:
        if code is None:
            return None
        if code not in self.repositories:
            raise InvalidRecord(f'repository "{shown(code)}" is not in the repository table; run "mosaic init" first')
        return self.repositories[code]

    def collection(self, slug: str) -> Collection:
        if slug not in self.collections:
            raise InvalidRecord(f'collection "{shown(slug)}" does not exist')
        return self.collections[slug]

    def agent(self, name: str, kind: str) -> Agent:
        key = (kind, name)
        if key not in self.agents:
            self.agents[key], _ = Agent.objects.get_or_create(kind=kind, name=name)
        return self.agents[key]


def store_record(record: DocumentRecord, source_name: str, cache: StoreCache) -> Outcome:
    fingerprint = record.fingerprint()
    if record.public_id in cache.fingerprints:
        if cache.fingerprints[record.public_id] == fingerprint:
            return "unchanged"
        outcome: Outcome = "updated"
        document = Document.objects.get(public_id=record.public_id)
        if not cache.replace_edited and document.edited_since_import():
            return "kept"
    else:
        outcome = "created"
        document = Document(public_id=record.public_id)
    for name in SCALAR_FIELDS:
        setattr(document, name, getattr(record, name))
    document.import_source = source_name
    document.import_fingerprint = fingerprint
    document.save()
    # The same instant as the save, so any later save (a curator's edit) is "after the import";
    # whole milliseconds, as the history stores them, so a restored record compares equal.
    stamp = document.modified.replace(microsecond=document.modified.microsecond // 1000 * 1000)
    document.imported_at = document.modified = stamp
    Document.objects.filter(pk=document.pk).update(imported_at=stamp, modified=stamp)
    cache.fingerprints[record.public_id] = fingerprint
    if outcome == "updated":
        _delete_children(document, record)
    _add_children(document, record, cache)
    return outcome


def _delete_children(document: Document, record: DocumentRecord) -> None:
    # The imported file is the authority for the parts it describes; replacing them wholesale
    # keeps a re-import from accumulating stale locators or credits.
    document.locators.all().delete()
    document.credits.all().delete()
    document.agent_links.all().delete()
    layers = document.text_layers.all()
    if not any(text.kind == "ocr" for text in record.texts):
        # OCR that `mosaic ocr` made from the document's scans is not the file's to replace.
        layers = layers.exclude(kind="ocr")
    layers.delete()
    document.files.all().delete()  # the stored bytes stay: content-addressed, never deleted


def _add_children(document: Document, record: DocumentRecord, cache: StoreCache) -> None:

    for order, value in enumerate(record.locators):
        locator = Locator.objects.create(
            document=document,
            order=order,
            repository=cache.repository(value.repository_code),
            as_printed=value.as_printed,
            folio_start=value.folio_start,
            folio_end=value.folio_end,
            folio_term=value.folio_term,
        )
        ArchivalUnit.objects.bulk_create(
            ArchivalUnit(locator=locator, order=i, unit_type=u.unit_type, label=u.label, value=u.value)
            for i, u in enumerate(value.units)
        )
    Credit.objects.bulk_create(
        Credit(
            document=document,
            order=order,
            role=credit.role,
            agent=cache.agent(credit.name, "organisation" if credit.role == "funded" else "person"),
            on_behalf_of=credit.on_behalf_of,
            language=credit.language,
        )
        for order, credit in enumerate(record.credits)
    )
    DocumentAgent.objects.bulk_create(
        DocumentAgent(
            document=document, agent=cache.agent(a.name, a.kind), role=a.role, as_written=a.as_written, order=order
        )
        for order, a in enumerate(record.agents)
    )
    TextLayer.objects.bulk_create(
        TextLayer(
            document=document,
            order=order,
            kind=t.kind,
            language=t.language,
            made_by=t.made_by,
            text=t.text,
            access=t.access,
            embargo_until=t.embargo_until,
        )
        for order, t in enumerate(record.texts)
    )
    for order, value in enumerate(record.files):
        try:
            # Resolved again, not reused: a symlink swapped since validation is caught here too.
            stored = store_path(file_beside(cache.folder, value.path), name=value.path,
                                declared_type=value.declared_type)
        except RejectedFile as error:
            raise InvalidRecord(str(error)) from None
        if stored.sha256 != value.sha256:
            raise InvalidRecord(f'file "{value.path}" changed while it was being imported')
        DocumentFile.objects.create(document=document, stored_file=stored, order=order, label=value.label,
                                    access=value.access, embargo_until=value.embargo_until)
    if not record.collections:
        return
    wanted = [cache.collection(slug) for slug in record.collections]
    existing = set(document.memberships.values_list("collection_id", flat=True))
    for collection in wanted:
        if collection.pk not in existing:
            position = collection.memberships.count()
            CollectionMembership.objects.create(collection=collection, document=document, order=position)

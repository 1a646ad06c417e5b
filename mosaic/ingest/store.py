"""Write validated document records to the database.

The only module that turns a `DocumentRecord` into rows. It runs inside the caller's
transaction, so a failure anywhere in a file leaves the archive as it was.

Records new to the archive are written `BATCH` at a time: each kind of row in one statement per
batch, and their versions, text checksums and search entries made from the rows still in memory,
as reading them back would cost more than writing them. A record already here that changed is
rewritten on its own: it must first be checked for staff edits, and its old parts go.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import Count, Model, QuerySet
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.utils import timezone

from mosaic.archives.models import Repository
from mosaic.collections.models import Collection, CollectionMembership
from mosaic.corpus import access
from mosaic.corpus.models import ArchivalUnit, Credit, Document, DocumentAgent, Locator, TextLayer
from mosaic.entities.models import Agent, AuthorityTerm
from mosaic.curation.history import DOCUMENT_PARTS, PARTS
from mosaic.ingest.history_bulk import BulkHistory
from mosaic.ingest.limits import shown
from mosaic.ingest.records import DocumentRecord, InvalidRecord
from mosaic.preservation.fixity import record_layers
from mosaic.preservation.models import DocumentFile, StoredFile
from mosaic.preservation.store import RejectedFile, file_beside, store_path
from mosaic.search.entries import index_entry
from mosaic.search.index import get_backend
from mosaic.lib.subject_headings import heading_slug
from mosaic.lib.text_folding import fold
from mosaic.subjects.models import DocumentPlace, DocumentSubject, Subject

Outcome = Literal["created", "updated", "unchanged", "kept"]

SCALAR_FIELDS = [
    "title", "doc_type", "date", "date_min", "date_max", "date_note", "origin_country",
    "original_language", "summary", "classification", "rights", "access", "embargo_until",
    "status", "catalogue_only", "held_at", "source_url",
]
# New records written together: large enough that a statement's cost is shared by many rows,
# small enough to stay within SQLite's bound parameters where a statement names every record.
BATCH = 500


class StoreCache:
    """Lookups shared by all records of one file, so a large import does not re-query them."""

    def __init__(self, public_ids: list[str] = (), replace_edited: bool = False, folder: Path | None = None):
        self.replace_edited = replace_edited
        self.folder = folder or Path(".")  # where the records' scans are, beside the ingested file
        self.repositories = {r.code: r for r in Repository.objects.all()}
        self.collections = {c.slug: c for c in Collection.objects.all()}
        self.agents: dict[tuple[str, str], Agent] = {}
        self.subjects: dict[str, Subject] | None = None
        self.places: dict[str, AuthorityTerm] | None = None
        self.place_names: dict[str, AuthorityTerm | None] = {}
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

    def subject(self, heading: str) -> Subject:
        if self.subjects is None:  # the vocabulary, read once per file and only if a record names a subject
            self.subjects = {s.slug: s for s in Subject.objects.all()}
        found = self.subjects.get(heading_slug(heading))
        if found is None:
            raise InvalidRecord(f'subject "{shown(heading)}" is not a heading of the subject vocabulary '
                                '(add it in the staff interface or with "mosaic subjects load FILE")')
        return found

    def place(self, reference: str) -> AuthorityTerm:
        if self.places is None:  # by term id, else by the preferred name folded (a name two places share finds neither)
            self.places, by_name = {}, {}
            for term in AuthorityTerm.objects.filter(kind="place"):
                self.places[term.term_id] = term
                by_name.setdefault(fold(term.preferred), []).append(term)
            self.place_names = {name: terms[0] if len(terms) == 1 else None for name, terms in by_name.items()}
        found = self.places.get(reference) or self.place_names.get(fold(reference))
        if found is None:
            ambiguous = fold(reference) in self.place_names
            raise InvalidRecord(f'place "{shown(reference)}" ' + ("names more than one place; give its term id" if ambiguous else
                                "is not a place of the name authority (give a term id such as \"pyongyang\" or a preferred name)"))
        return found

    def agent(self, name: str, kind: str) -> Agent:
        key = (kind, name)
        if key not in self.agents:
            self.agents[key], _ = Agent.objects.get_or_create(kind=kind, name=name)
        return self.agents[key]

    def load_agents(self, keys) -> None:
        """Find the agents of these (kind, name) keys with a query per 500 names; those not in
        the archive yet are created, in the order given."""
        missing = [key for key in dict.fromkeys(keys) if key not in self.agents]
        wanted = set(missing)
        names = sorted({name for _, name in missing})
        for start in range(0, len(names), 500):
            # With its person: the search entry's person facet reads it.
            for agent in Agent.objects.filter(name__in=names[start:start + 500]).select_related("person"):
                if (agent.kind, agent.name) in wanted:
                    self.agents[(agent.kind, agent.name)] = agent
        for kind, name in missing:
            self.agent(name, kind)


@dataclass
class _LookedUp:
    """What a record's parts refer to, found before anything of it is written, so that a record
    naming an unknown repository or collection, or a changed scan, fails on its own line."""

    repositories: list[Repository | None]
    files: list[StoredFile]
    collections: list[Collection]
    subjects: list[Subject]
    places: list[AuthorityTerm]


def _look_up(record: DocumentRecord, cache: StoreCache) -> _LookedUp:
    repositories = [cache.repository(value.repository_code) for value in record.locators]
    files = []
    for value in record.files:
        try:
            # Resolved again, not reused: a symlink swapped since validation is caught here too.
            stored = store_path(file_beside(cache.folder, value.path), name=value.path,
                                declared_type=value.declared_type)
        except RejectedFile as error:
            raise InvalidRecord(str(error)) from None
        if stored.sha256 != value.sha256:
            raise InvalidRecord(f'file "{value.path}" changed while it was being imported')
        files.append(stored)
    return _LookedUp(repositories, files, [cache.collection(slug) for slug in record.collections],
                     list({s.pk: s for s in map(cache.subject, record.subjects)}.values()),
                     list({p.pk: p for p in map(cache.place, record.places)}.values()))


def _credit_kind(role: str) -> str:
    return "organisation" if role == "funded" else "person"


def _import_stamp(moment: dt.datetime) -> dt.datetime:
    # Whole milliseconds, as the history stores them, so a restored record compares equal.
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


class RecordWriter:
    """Stores the records of one file, in the file's order, with one history revision for all."""

    def __init__(self, cache: StoreCache, source_name: str, history: BulkHistory):
        self.cache = cache
        self.source_name = source_name
        self.history = history
        self.created_ids: list[int] = []
        self.updated_ids: list[int] = []
        self._new: list[tuple[Document, DocumentRecord, _LookedUp]] = []

    def store(self, record: DocumentRecord) -> Outcome:
        fingerprint = record.fingerprint()
        known = self.cache.fingerprints.get(record.public_id)
        if known == fingerprint:
            return "unchanged"
        if known is None:
            document = self._document(Document(public_id=record.public_id), record, fingerprint)
            self._new.append((document, record, _look_up(record, self.cache)))
            if len(self._new) >= BATCH:
                self.flush()
            return "created"
        document = Document.objects.get(public_id=record.public_id)
        if not self.cache.replace_edited and document.edited_since_import():
            return "kept"
        # What came before in the file is written first: collection places follow the file's order.
        self.flush()
        self._document(document, record, fingerprint).save()
        # The same instant as the save, so any later save (a curator's edit) is "after the import".
        stamp = _import_stamp(document.modified)
        document.imported_at = document.modified = stamp
        Document.objects.filter(pk=document.pk).update(imported_at=stamp, modified=stamp)
        _delete_children(document, record)
        _add_children([(document, record, _look_up(record, self.cache))], self.cache, new=False)
        self.updated_ids.append(document.pk)
        return "updated"

    def _document(self, document: Document, record: DocumentRecord, fingerprint: str) -> Document:
        for name in SCALAR_FIELDS:
            setattr(document, name, getattr(record, name))
        document.import_source = self.source_name
        document.import_fingerprint = fingerprint
        self.cache.fingerprints[record.public_id] = fingerprint
        return document

    def flush(self) -> None:
        """Write the new records gathered so far: their rows, versions, text checksums and
        search entries (the change service is told only of their derived work, `created_ids`)."""
        if not self._new:
            return
        batch, self._new = self._new, []
        documents = [document for document, _, _ in batch]
        _insert(documents)
        # One instant for the batch, once its rows are written: any later save is "after the import".
        stamp = _import_stamp(timezone.now())
        ids = [document.pk for document in documents]
        Document.objects.filter(pk__in=ids).update(imported_at=stamp, modified=stamp)
        for document in documents:
            document.imported_at = document.modified = stamp
        parts = _add_children(batch, self.cache, new=True)
        for document in documents:
            # A new document has none of the parts an import does not write (curators' links to
            # other documents): held empty, so its history asks the database nothing per record.
            for name, _, _ in PARTS["corpus.Document"]:
                parts[document.pk].setdefault(name, [])
            _hold(document, parts[document.pk])
            document.confirmed_name_links = []  # a new document has no curator's decisions (search.entries)
        self.history.add(documents)
        record_layers(layer for document in documents for layer in parts[document.pk]["text_layers"])
        _index(documents, parts)
        self.created_ids += ids
        _release(documents, parts)

    def finish(self) -> None:
        """Write what is left, version the updated records, and date the import's revision."""
        self.flush()
        for start in range(0, len(self.updated_ids), BATCH):
            chunk = self.updated_ids[start:start + BATCH]
            self.history.add(Document.objects.filter(pk__in=chunk).prefetch_related(*DOCUMENT_PARTS))
        self.history.close()


# Values of these types that these fields prepare for the database unchanged (their
# `get_db_prep_save` returns them as they are); any other value goes through the field.
_UNCHANGED = ((models.CharField, str), (models.TextField, str), (models.IntegerField, int),
              (models.BooleanField, bool))


def _passes_unchanged(field: models.Field) -> type | None:
    if field.is_relation:
        field = field.target_field
    if isinstance(field, models.AutoField):
        return int
    return next((kind for field_class, kind in _UNCHANGED if isinstance(field, field_class)), None)


def _insert(objects: list[Model]) -> None:
    """INSERT these new instances of one model, as `bulk_create` does (each field's `pre_save`
    for the timestamps, its `get_db_prep_save` for the database), and give them their keys.

    `bulk_create` spends several microseconds compiling each value; 20,000 records hold more
    than a million. Here the values are only prepared, and go to the database in one statement
    per few hundred rows (SQLite) or one COPY (PostgreSQL). Every foreign key must already be set
    on the instances."""
    if not objects:
        return
    model = type(objects[0])
    database = connections[DEFAULT_DB_ALIAS]  # not the proxy: it is asked for every value
    if not database.features.can_return_rows_from_bulk_insert:  # SQLite before 3.35
        model.objects.bulk_create(objects)
        return
    meta = model._meta
    fields = [(field, _passes_unchanged(field)) for field in meta.concrete_fields
              if not field.primary_key and not field.generated]

    def values(obj: Model) -> list:
        prepared = []
        for field, unchanged in fields:
            value = field.pre_save(obj, True)
            prepared.append(value if unchanged is not None and (value is None or type(value) is unchanged)
                            else field.get_db_prep_save(value, database))
        return prepared

    quote = database.ops.quote_name
    columns = ", ".join(quote(field.column) for field, _ in fields)
    with database.cursor() as cursor:
        if database.vendor == "postgresql":
            # Keys taken from the table's sequence first, then the rows streamed with COPY: many
            # times faster than an INSERT of that many rows, which PostgreSQL parses whole.
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [quote(meta.db_table), meta.pk.column, len(objects)])
            keys = cursor.fetchall()
            with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({quote(meta.pk.column)}, {columns}) FROM STDIN") as copy:
                for obj, (pk,) in zip(objects, keys, strict=True):
                    obj.pk = pk
                    copy.write_row([pk, *values(obj)])
        else:
            row = "(" + ", ".join(["%s"] * len(fields)) + ")"
            per_statement = min(BATCH, (database.features.max_query_params or 65535) // len(fields))
            for start in range(0, len(objects), per_statement):
                chunk = objects[start:start + per_statement]
                cursor.execute(f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {', '.join([row] * len(chunk))} "
                               f"RETURNING {quote(meta.pk.column)}", [value for obj in chunk for value in values(obj)])
                # Rows come back in the order given, as `bulk_create` also relies on.
                for obj, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                    obj.pk = pk
    for obj in objects:
        obj._state.adding = False
        obj._state.db = database.alias


def _hold(instance: Model, parts: dict[str, list[Model]]) -> None:
    """Give the instance these parts as `prefetch_related` would (a queryset already evaluated),
    so the history and the search index read them from memory."""
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    for related_name, items in parts.items():
        model = getattr(type(instance), related_name).rel.related_model
        # One unfiltered query shared by all: a queryset copies its query before changing it.
        if model not in _EMPTY_QUERIES:
            _EMPTY_QUERIES[model] = QuerySet(model).query
        queryset = QuerySet(model, query=_EMPTY_QUERIES[model])
        queryset._result_cache = items
        queryset._prefetch_done = True
        instance._prefetched_objects_cache[related_name] = queryset


_EMPTY_QUERIES: dict[type[Model], object] = {}


def _release(documents: list[Document], parts: dict[int, dict[str, list[Model]]]) -> None:
    """Let a written batch go by reference counting. A held part refers back to its record (its
    cached foreign key), so record and parts form cycles that only the cyclic collector's full
    passes would free: at 10,000 records those took a tenth of the import."""
    for document in documents:
        for locator in parts[document.pk]["locators"]:
            locator._prefetched_objects_cache = {}
        document._prefetched_objects_cache = {}


class _Blueprint:
    """Makes new instances of one model with the attributes `Model(**values)` gives them, without
    its per-field machinery: an import makes some ten parts a record, and `Model.__init__` was a
    fifth of its time. Values are given by field name; a foreign key is set through its descriptor
    as `__init__` sets it (its checks, the database chosen by the router, the cached instance).
    A model some `pre_init` / `post_init` receiver listens to is made by `__init__` itself
    (checked for each instance: receivers can be connected at any time)."""

    _IMMUTABLE = (str, int, float, bool, type(None), dt.date, dt.datetime)

    def __init__(self, model: type[Model]):
        self.model = model
        self.constant: dict[str, object] = {}  # attname -> default, the same object every time
        self.computed: list[models.Field] = []  # defaults set anew for each instance, as `__init__` sets them
        for field in model._meta.concrete_fields:
            default = field.get_default()
            if (isinstance(default, self._IMMUTABLE) and not callable(field.default)
                    and not self._guarded(model, field.attname)):
                self.constant[field.attname] = default
            else:
                self.computed.append(field)
        # Names set through the class's descriptor: foreign keys, and fields with a setter of their own.
        self.guarded = {field.name for field in model._meta.concrete_fields
                        if field.is_relation or self._guarded(model, field.attname)}

    @staticmethod
    def _guarded(model: type[Model], attname: str) -> bool:
        return hasattr(getattr(model, attname, None), "__set__")

    def make(self, **values) -> Model:
        model = self.model
        if pre_init.has_listeners(model) or post_init.has_listeners(model):
            return model(**values)
        instance = model.__new__(model)
        instance._state = ModelState()
        attributes = instance.__dict__
        attributes.update(self.constant)
        for field in self.computed:
            setattr(instance, field.attname, field.get_default())
        for name, value in values.items():
            if name in self.guarded:
                setattr(instance, name, value)
            else:
                attributes[name] = value
        return instance


_blueprints: dict[type[Model], _Blueprint] = {}


def new_instance(model: type[Model], **values) -> Model:
    """`model(**values)`, made faster (see `_Blueprint`)."""
    if model not in _blueprints:
        _blueprints[model] = _Blueprint(model)
    return _blueprints[model].make(**values)


def _index(documents: list[Document], parts: dict[int, dict[str, list[Model]]]) -> None:
    """Search entries for these new documents, made by `search.entries.index_entry` as the change
    service has it make them; which documents and collections are public is asked of the one
    definition of it, in the database. New documents have no entry to remove."""
    public = set(access.public_documents().filter(pk__in=[d.pk for d in documents]).values_list("pk", flat=True))
    collection_ids = {m.collection_id for d in documents for m in parts[d.pk]["memberships"]}
    open_collections = set()
    if collection_ids:
        open_collections = set(access.public_collections().filter(pk__in=collection_ids).values_list("pk", flat=True))
    entries = []
    for document in documents:
        if document.pk in public:
            # What `search.entries.documents_for_indexing` prefetches under this name.
            document.published_collections = [m.collection for m in parts[document.pk]["memberships"]
                                              if m.collection_id in open_collections]
            entries.append(index_entry(document))
    get_backend().replace(entries)


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
    document.subject_links.all().delete()
    document.place_links.all().delete()


def _add_children(entries: list[tuple[Document, DocumentRecord, _LookedUp]], cache: StoreCache, *,
                  new: bool) -> dict[int, dict[str, list[Model]]]:
    """Write the parts of these saved documents, each kind in one statement per 500 rows or so;
    returns, for each document, the parts written, by the name `curation.history.PARTS` uses."""
    cache.load_agents(
        key for _, record, _ in entries
        for key in [(_credit_kind(c.role), c.name) for c in record.credits] + [(a.kind, a.name) for a in record.agents]
    )
    written: dict[int, dict[str, list[Model]]] = {}
    collection_ids = {c.pk for _, _, looked_up in entries for c in looked_up.collections}
    # Documents updated keep their places in collections; a new place goes after the last one.
    places = {}
    if collection_ids:
        places = dict(CollectionMembership.objects.filter(collection_id__in=collection_ids).values("collection_id")
                      .annotate(n=Count("pk")).values_list("collection_id", "n"))
    for document, record, looked_up in entries:
        existing = set()
        if looked_up.collections and not new:
            existing = set(document.memberships.values_list("collection_id", flat=True))
        memberships = []
        for collection in looked_up.collections:
            if collection.pk not in existing:
                position = places.get(collection.pk, 0)
                places[collection.pk] = position + 1
                memberships.append(new_instance(CollectionMembership, collection=collection, document=document,
                                                order=position))
        written[document.pk] = {
            "locators": [
                new_instance(Locator, document=document, order=order, repository=repository,
                             as_printed=value.as_printed, folio_start=value.folio_start, folio_end=value.folio_end,
                             folio_term=value.folio_term)
                for order, (value, repository) in enumerate(zip(record.locators, looked_up.repositories))
            ],
            "credits": [
                new_instance(Credit, document=document, order=order, role=c.role,
                             agent=cache.agent(c.name, _credit_kind(c.role)), on_behalf_of=c.on_behalf_of,
                             language=c.language)
                for order, c in enumerate(record.credits)
            ],
            "agent_links": [
                new_instance(DocumentAgent, document=document, agent=cache.agent(a.name, a.kind), role=a.role,
                             as_written=a.as_written, order=order)
                for order, a in enumerate(record.agents)
            ],
            "text_layers": [
                new_instance(TextLayer, document=document, order=order, kind=t.kind, language=t.language,
                             made_by=t.made_by, text=t.text, access=t.access, embargo_until=t.embargo_until)
                for order, t in enumerate(record.texts)
            ],
            "memberships": memberships,
            "files": [
                new_instance(DocumentFile, document=document, stored_file=stored, order=order, label=value.label,
                             access=value.access, embargo_until=value.embargo_until)
                for order, (value, stored) in enumerate(zip(record.files, looked_up.files))
            ],
            "subject_links": [new_instance(DocumentSubject, document=document, subject=subject, order=order)
                              for order, subject in enumerate(looked_up.subjects)],
            "place_links": [new_instance(DocumentPlace, document=document, place=place, order=order)
                            for order, place in enumerate(looked_up.places)],
        }

    def all_of(name: str) -> list[Model]:
        return [part for mine in written.values() for part in mine[name]]

    locators = all_of("locators")
    _insert(locators)
    units = []
    for (_, record, _), mine in zip(entries, written.values()):
        for locator, value in zip(mine["locators"], record.locators):
            mine_units = [new_instance(ArchivalUnit, locator=locator, order=i, unit_type=u.unit_type, label=u.label,
                                       value=u.value)
                          for i, u in enumerate(value.units)]
            _hold(locator, {"units": mine_units})
            units += mine_units
    _insert(units)
    for name in ("credits", "agent_links", "text_layers", "files", "memberships", "subject_links", "place_links"):
        _insert(all_of(name))
    return written

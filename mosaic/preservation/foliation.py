"""The foliation of one archival file, gathered from the database: which leaves our documents
and accessions cover, the gaps and overlaps between them, what one copy has that another lacks,
and the recorded losses and reclassifications that may explain a gap. The arithmetic itself is
in mosaic/lib/foliation.py."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from mosaic.archives.models import Repository
from mosaic.corpus.models import Locator
from mosaic.lib import foliation as folios
from mosaic.lib.source_lines import format_unit_list
from mosaic.preservation.models import Accession, ArchivalFile, FoliationNote, short_reference


def locator_units_key(locator: Locator) -> str:
    """The locator's units spelt as ArchivalFile rows spell them, so the two meet."""
    return format_unit_list((unit.unit_type, unit.value) for unit in locator.units.all())


@dataclass
class HeldDocument:
    public_id: str
    title: str
    date: str
    status: str
    ranges: list[folios.Range]

    @property
    def folios(self) -> str:
        return folios.format_folios(self.ranges)


@dataclass
class Comparison:
    first: Accession
    second: Accession
    only_in_first: list[folios.Range]
    only_in_second: list[folios.Range]
    documents: list[HeldDocument] = field(default_factory=list)

    def affected(self, missing: list[folios.Range]) -> list[tuple[HeldDocument, str]]:
        """Our documents with leaves among the missing ones: what a reader of the other copy lacks."""
        found = []
        for doc in self.documents:
            shared = folios.intersection(doc.ranges, missing)
            if shared:
                found.append((doc, folios.format_folios(shared)))
        return found

    @property
    def affected_by_first_only(self):
        return self.affected(self.only_in_first)

    @property
    def affected_by_second_only(self):
        return self.affected(self.only_in_second)

    @property
    def only_in_first_text(self) -> str:
        return folios.format_folios(self.only_in_first)

    @property
    def only_in_second_text(self) -> str:
        return folios.format_folios(self.only_in_second)


@dataclass
class FileFoliation:
    repository: Repository
    units: str
    record: ArchivalFile | None
    documents: list[HeldDocument] = field(default_factory=list)
    accessions: list[Accession] = field(default_factory=list)
    notes: list[FoliationNote] = field(default_factory=list)

    @property
    def reference(self) -> str:
        return f"{self.repository.code} {short_reference(self.units)}"

    @property
    def held(self) -> list[folios.Range]:
        return folios.merge(r for doc in self.documents for r in doc.ranges)

    @property
    def gaps(self) -> list[folios.Range]:
        return folios.gaps(self.held)

    @property
    def overlaps(self):
        return folios.overlaps({doc.public_id: doc.ranges for doc in self.documents})

    def gap_rows(self) -> list[dict]:
        """Each gap between our documents, with the recorded notes and accessions that bear on it."""
        rows = []
        for gap in self.gaps:
            explained = [note for note in self.notes if folios.intersection([gap], parse_or_empty(note.folios))]
            covered = [acc for acc in self.accessions if folios.intersection([gap], parse_or_empty(acc.folios))]
            rows.append({"range": folios.format_folios([gap]), "leaves": folios.count([gap]),
                         "notes": explained, "accessions": covered})
        return rows

    def compare(self, first: Accession, second: Accession) -> Comparison:
        a, b = parse_or_empty(first.folios), parse_or_empty(second.folios)
        return Comparison(first, second, folios.difference(a, b), folios.difference(b, a), self.documents)

    def default_comparison(self) -> Comparison | None:
        """The oldest copy against the most recently received one: the re-copied reel case."""
        if len(self.accessions) < 2:
            return None
        ordered = sorted(self.accessions, key=lambda acc: (acc.copy_generation, acc.received))
        return self.compare(ordered[0], ordered[-1])


def parse_or_empty(text: str) -> list[folios.Range]:
    try:
        return folios.parse_folios(text)
    except folios.FolioError:
        return []


def file_foliation(repository: Repository, units: str, documents_queryset) -> FileFoliation:
    """The foliation of one file; `documents_queryset` says which documents the caller may see."""
    record = ArchivalFile.objects.filter(repository=repository, units=units).first()
    report = FileFoliation(repository=repository, units=units, record=record)
    by_document: dict[int, HeldDocument] = {}
    locators = Locator.objects.filter(repository=repository, document__in=documents_queryset, folio_start__isnull=False)
    innermost = units.rsplit("; ", 1)[-1].split(" ", 1)
    if len(innermost) == 2:  # only locators that name the innermost unit (the delo) can be in the file
        locators = locators.filter(units__unit_type=innermost[0], units__value=innermost[1])
    for locator in locators.select_related("document").prefetch_related("units").distinct():
        if locator_units_key(locator) != units:
            continue
        doc = locator.document
        held = by_document.setdefault(doc.pk, HeldDocument(doc.public_id, doc.title, doc.date_display, doc.status, []))
        held.ranges = folios.merge(held.ranges + [(locator.folio_start, locator.folio_end or locator.folio_start)])
    report.documents = sorted(by_document.values(), key=lambda d: (d.ranges[0], d.public_id))
    if record:
        report.accessions = list(record.accessions.order_by("received", "accession_id"))
        report.notes = list(record.notes.all())
    return report


def archival_files(documents_queryset) -> list[dict]:
    """Every file we hold leaves of, from document locators and ArchivalFile records, with
    the number of documents, the leaves held and the gaps between them."""
    held: dict[tuple[int, str], list[folios.Range]] = defaultdict(list)
    doc_count: dict[tuple[int, str], set[int]] = defaultdict(set)
    repositories = {}
    locators = (Locator.objects.filter(document__in=documents_queryset, folio_start__isnull=False, repository__isnull=False)
                .select_related("repository").prefetch_related("units"))
    for locator in locators:
        units = locator_units_key(locator)
        if not units:
            continue
        key = (locator.repository_id, units)
        repositories[locator.repository_id] = locator.repository
        held[key].append((locator.folio_start, locator.folio_end or locator.folio_start))
        doc_count[key].add(locator.document_id)
    records = {(f.repository_id, f.units): f for f in ArchivalFile.objects.select_related("repository")}
    for key, record in records.items():
        repositories[key[0]] = record.repository
        held.setdefault(key, [])
    rows = []
    for key, ranges in held.items():
        repository = repositories[key[0]]
        record = records.get(key)
        rows.append({
            "repository": repository, "units": key[1], "record": record,
            "documents": len(doc_count.get(key, ())), "held": folios.format_folios(folios.merge(ranges)),
            "gaps": folios.format_folios(folios.gaps(ranges)),
            "accessions": record.accessions.count() if record else 0,
        })
    return sorted(rows, key=lambda row: (row["repository"].code, row["units"]))

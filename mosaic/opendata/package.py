"""datapackage.json: the dump described as a Frictionless Data Package (v1, which every
Frictionless tool reads): each file a resource with its size and SHA-256, the tables with their
Table Schema, the JSON files with a JSON Schema of their content (`jsonSchema`), and the package's
creation time, publisher, licence and the records' rights statements.

JSON Lines files are declared `"type": "file"`: Frictionless would otherwise read them as tables,
which nested records are not; their JSON Schema describes a line.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_noop

from mosaic.opendata import schemas
from mosaic.opendata.tables import ALL_TABLES, TableFile

PACKAGE_FILE = "datapackage.json"
HASH_PREFIX = "sha256:"


@dataclass(frozen=True)
class JsonFile:
    name: str
    path: str
    title: str
    description: str
    schema: dict
    lines: bool  # JSON Lines: one value a line


JSON_FILES = (
    JsonFile("documents", "documents.jsonl", gettext_noop("Documents"),
             gettext_noop("Every public document as a record of Mosaic's ingest format (docs/ingest-format.md), "
                          "one a line, "
             "by public id: its catalogue facts, provenance and public texts. `mosaic ingest documents.jsonl` "
             "loads it into another Mosaic."), schemas.DOCUMENT_RECORD, True),
    JsonFile("collections", "collections.json", gettext_noop("Collections"),
             gettext_noop("The published collections, parents first, with their public documents in curated order."),
             schemas.COLLECTIONS, False),
    JsonFile("subjects", "subjects.json", gettext_noop("Subject headings"),
             gettext_noop("The subject headings the public documents are tagged with, and the broader headings "
                          "above them "
             "(`mosaic subjects load subjects.json` reads it)."), schemas.SUBJECTS, False),
    JsonFile("people", "authority/people.jsonl", gettext_noop("People (name authority)"),
             gettext_noop("Every person of the name authority, one a line: the record's own forms, the "
                          "renderings kept with "
             "their sources, the transcription systems' forms, life dates, offices and biography."),
             schemas.PERSON, True),
    JsonFile("terms", "authority/terms.jsonl", gettext_noop("Organisations, places, publications and terms "
                                                            "(name authority)"),
             gettext_noop("Every other entry of the name authority, one a line, with its renderings and their "
                          "sources, and "
             "coordinates for places."), schemas.TERM, True),
)
# How the resources are listed: the documents first, the authority and the context after them.
ORDER = ("documents", "catalogue", "tei-files", "collections", "subjects", "people", "terms", "relations-periods",
         "embassy-conditions", "events")


def sha256_of(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def licence() -> dict | None:
    """The dataset's licence as the settings name it (MOSAIC_OPEN_DATA_LICENSE, _URL), or None."""
    name = getattr(settings, "MOSAIC_OPEN_DATA_LICENSE", "")
    url = getattr(settings, "MOSAIC_OPEN_DATA_LICENSE_URL", "")
    if not name and not url:
        return None
    return {key: value for key, value in (("name", name), ("path", url), ("title", name)) if value}


def _package_name() -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", settings.MOSAIC_INSTITUTION.lower()).strip("-._") + "-open-data"


def _resource(folder: Path, entry: TableFile | JsonFile) -> dict:
    digest, size = sha256_of(folder / entry.path)
    described = {"name": entry.name, "path": entry.path, "title": entry.title, "description": entry.description,
                 "encoding": "utf-8", "bytes": size, "hash": HASH_PREFIX + digest}
    if isinstance(entry, TableFile):
        tsv = entry.delimiter == "\t"
        described |= {"profile": "tabular-data-resource", "format": "tsv" if tsv else "csv",
                      "mediatype": "text/tab-separated-values" if tsv else "text/csv",
                      "dialect": {"delimiter": entry.delimiter, "header": True}, "schema": entry.schema()}
    elif entry.lines:
        described |= {"profile": "data-resource", "type": "file", "format": "jsonl", "mediatype": "application/jsonl",
                      "jsonSchema": entry.schema}
    else:
        described |= {"profile": "data-resource", "format": "json", "mediatype": "application/json",
                      "jsonSchema": entry.schema}
    return described


def describe(folder: Path, created: dt.datetime, counts: dict[str, int], rights: list[dict]) -> dict:
    """The descriptor of the dump written in `folder` (every file of it there already)."""
    entries = {entry.name: entry for entry in (*ALL_TABLES, *JSON_FILES)}
    base = settings.MOSAIC_BASE_URL
    package = {
        "profile": "data-package",
        "name": _package_name(),
        "title": f"{settings.MOSAIC_INSTITUTION}: open data",
        "description": (f"Everything the public may see in {settings.MOSAIC_INSTITUTION} on "
                        f"{created:%d %B %Y}: the documents with their provenance and public texts, the catalogue, "
                        "TEI files, collections, subject headings, the name authority, and the context tables and "
                        "events. docs/open-data.md in Mosaic describes how to load it."),
        "homepage": f"{base}/data/",
        "created": created.astimezone(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "contributors": [{"title": settings.MOSAIC_INSTITUTION, "role": "publisher", "path": f"{base}/"}],
        "keywords": ["archives", "diplomatic history", "North Korea", "Cold War"],
    }
    if (chosen := licence()) is not None:
        package["licenses"] = [chosen]
    package |= {
        # Each record says what may be done with it; this is how many records say what.
        "rights": rights,
        "counts": counts,
        "resources": [_resource(folder, entries[name]) for name in ORDER],
    }
    return package

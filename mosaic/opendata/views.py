"""/data/: the latest published dump, with every file to download. Files are served only from
the latest dump and only if its datapackage.json (or tei.csv, for the TEI files) lists them."""
from __future__ import annotations

import json
import mimetypes

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import get_language, gettext

from mosaic.opendata import published

CONTENT_TYPES = {".jsonl": "application/jsonl; charset=utf-8", ".json": "application/json; charset=utf-8",
                 ".csv": "text/csv; charset=utf-8", ".tsv": "text/tab-separated-values; charset=utf-8",
                 ".xml": "application/tei+xml; charset=utf-8"}
# A dump's address holds its time and it never changes, so a copy may be kept; a day, since an
# old dump is withdrawn once newer ones replace it.
MAX_AGE = 86400


def data_page(request):
    dump = published.latest()
    if dump is None:
        return render(request, "opendata/data.html", {"dump": None})
    package = dump.package
    files = []
    for resource in package["resources"]:
        fields = resource.get("schema", {}).get("fields") or list(json_fields(resource.get("jsonSchema", {})))
        files.append({"resource": resource, "url": f"/data/{dump.stamp}/{resource['path']}",
                      "sha256": resource["hash"].removeprefix("sha256:"),
                      "title": in_reader_language(resource.get("title", "")),
                      "description": in_reader_language(resource.get("description", "")),
                      "fields": [{**field, "description": in_reader_language(field.get("description", ""))}
                                 for field in fields]})
    zip_url = f"/data/{dump.stamp}.zip"
    created = dump.created
    citation = (f"{settings.MOSAIC_INSTITUTION}, “{package['title']}”, dump of {created.day} {created:%B %Y, %H:%M} UTC, "
                f"{settings.MOSAIC_BASE_URL}/data/ (file {dump.zip_name}, SHA-256 {dump.zip_sha256}).")
    return render(request, "opendata/data.html", {
        "dump": dump, "package": package, "files": files, "counts": package.get("counts", {}),
        "zip_url": zip_url, "zip_bytes": dump.zip_path.stat().st_size, "citation": citation,
        "licences": package.get("licenses", []), "rights": package.get("rights", []),
    })


def in_reader_language(english: str) -> dict:
    """A dump's description (datapackage.json holds them in English, as the code wrote them) in
    the page's language where the catalogue has it, with the `lang` of what is shown otherwise.
    A dump written by an older Mosaic may say things no catalogue holds: they stay English."""
    shown = gettext(english) if english else english
    return {"text": shown, "lang": "en" if shown == english and english and get_language() != "en" else ""}


def json_fields(schema: dict, prefix: str = ""):
    """The fields a JSON Schema describes, those of lists of objects as `list[].field`."""
    schema = schema.get("items", schema)
    for name, described in schema.get("properties", {}).items():
        kind = described.get("type", "")
        if "enum" in described:
            kind = "one of " + ", ".join(map(str, described["enum"]))
        elif "const" in described:
            kind = f"always {json.dumps(described['const'])}"
        yield {"name": prefix + name, "type": " or ".join(kind) if isinstance(kind, list) else kind,
               "description": described.get("description", "")}
        if described.get("items", {}).get("properties"):
            yield from json_fields(described, f"{prefix}{name}[].")


def data_file(request, stamp: str, path: str):
    dump = published.latest()
    found = dump.file(path) if dump is not None and dump.stamp == stamp else None
    if found is None:
        raise Http404("No such file in the latest open data dump.")
    resource = dump.resource(path)
    response = FileResponse(found.open("rb"), content_type=CONTENT_TYPES.get(found.suffix)
                            or mimetypes.guess_type(found.name)[0] or "application/octet-stream")
    if resource is not None:
        response["ETag"] = f'"{resource["hash"].removeprefix("sha256:")}"'
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


def data_zip(request, stamp: str):
    dump = published.latest()
    if dump is None or dump.stamp != stamp:
        raise Http404("No such open data dump.")
    response = FileResponse(dump.zip_path.open("rb"), content_type="application/zip", as_attachment=True,
                            filename=dump.zip_name)
    response["ETag"] = f'"{dump.zip_sha256}"'
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response

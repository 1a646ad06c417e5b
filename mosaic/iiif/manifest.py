"""The IIIF Presentation 3 manifest of a document: one canvas per page of each file the reader may
see, painted with the page's level 0 image, and, where the reader may see the document's OCR
layer, the machine-read text of each page as a supplementing annotation; the published annotations
of regions of a page (mosaic/annotations) in an annotation page of their own.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from mosaic.annotations.reading import facts, published_regions
from mosaic.annotations.web_annotation import annotation_json
from mosaic.citations.build import citable_from_document
from mosaic.corpus import access
from mosaic.iiif import derivatives
from mosaic.lib.vocabularies import LANGUAGES
from mosaic.preservation.models import OcrPage

if TYPE_CHECKING:
    from iiif_prezi3 import Canvas, Manifest

logger = logging.getLogger(__name__)

IMAGE_CONTEXT = "http://iiif.io/api/image/3/context.json"
PRESENTATION_CONTEXT = "http://iiif.io/api/presentation/3/context.json"
# IIIF `rights` takes only these vocabularies' URIs, in their http form; other rights text goes
# to requiredStatement alone.
RIGHTS_URI = re.compile(r"https?://((?:creativecommons\.org/(?:licenses|publicdomain)|rightsstatements\.org/vocab)/[^\s,;)]+)")


def manifest_id(base_url: str, public_id: str) -> str:
    return f"{base_url}/iiif/documents/{public_id}/manifest.json"


def canvas_id(base_url: str, public_id: str, document_file_pk: int, page: int) -> str:
    return f"{base_url}/iiif/documents/{public_id}/canvas/{document_file_pk}/{page}"


def search_service_id(base_url: str, public_id: str) -> str:
    """The document's IIIF Content Search 2 service (content_search.py)."""
    return f"{base_url}/iiif/documents/{public_id}/search"


def image_service_id(base_url: str, sha256: str, page: int) -> str:
    return f"{base_url}/iiif/image/{sha256}/{page}"


def image_url(base_url: str, sha256: str, page: int, size: derivatives.PageSize | None = None) -> str:
    """A level 0 image URL: the full-size image, or one of the listed sizes in its w,h form."""
    size_part = f"{size.width},{size.height}" if size else "max"
    return f"{image_service_id(base_url, sha256, page)}/full/{size_part}/0/default.jpg"


def in_each_language(words) -> dict[str, list[str]]:
    """A IIIF language map of the interface's words, one entry per language of the interface: a
    manifest is the same for every reader, and the viewer shows the entry of its page's language.
    `words` is called with each language active."""
    language_map = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            language_map[code] = [str(words())]
    return language_map


def machine_read_label(confidence: float | None) -> str:
    if confidence is None:
        return gettext("Machine-read (OCR), confidence not recorded")
    return gettext("Machine-read (OCR), confidence %(percent)s%%") % {"percent": round(confidence)}


@dataclass
class BuiltManifest:
    manifest: Manifest
    public: bool  # everything in it is open to anyone, so it may be shared across origins and caches

    def json(self) -> str:
        return self.manifest.json()


def build_manifest(document, user, base_url: str) -> BuiltManifest:
    """The manifest of a document the reader may see (the caller has checked that)."""
    # iiif_prezi3 is imported where manifests are made: its models take half a second to import,
    # which every process (each `mosaic` command) would otherwise pay at start-up.
    from iiif_prezi3 import Homepage, KeyValueString, Manifest, ServiceV3
    from iiif_prezi3.skeleton import Resource

    citable = citable_from_document(document, base_url=base_url)
    files = access.visible_files(document, user)
    ocr_pages, ocr_public = readable_ocr_pages(document, user, files)
    regions = published_regions(document, user, files)
    canvases, files_public = [], True
    for item in files:
        try:
            sizes = derivatives.page_sizes(item.stored_file)
        except derivatives.PageImageUnavailable as problem:
            logger.error("Manifest of %s leaves out a file: %s", document.public_id, problem)
            continue
        files_public = files_public and item.is_open_to_public()
        for page, size in enumerate(sizes, start=1):
            canvases.append(_canvas(canvas_id(base_url, document.public_id, item.pk, page), item, page,
                                    len(sizes), size, base_url, ocr_pages.get((item.stored_file_id, page), []),
                                    [annotation_json(facts(seen, base_url), with_context=False)
                                     for seen in regions.get((item.pk, page), [])]))

    manifest = Manifest(id=manifest_id(base_url, document.public_id), label={"en": [document.title]}, items=canvases)
    if ocr_pages:
        # Only where the reader may read some page's text: the service searches nothing else.
        manifest.service = [ServiceV3(id=search_service_id(base_url, document.public_id), type="SearchService2")]
    if document.summary:
        manifest.summary = {"en": [document.summary]}
    for label, value in _metadata(document, citable):
        manifest.add_metadata(in_each_language(lambda label=label: gettext(label)), {"none": [value]})
    if document.rights:
        manifest.requiredStatement = KeyValueString(label=in_each_language(lambda: gettext("Rights")), value={"en": [document.rights]})
        if match := RIGHTS_URI.search(document.rights):
            manifest.rights = f"http://{match.group(1).rstrip('./')}/"
    if document.date_min:
        manifest.navDate = dt.datetime.combine(document.date_min, dt.time(), tzinfo=dt.timezone.utc)
    manifest.homepage = [Homepage(id=citable.url, type="Text", format="text/html", label={"en": [document.title]})]
    if canvases:
        manifest.thumbnail = [Resource(canvases[0].thumbnail[0])]
    document_public = access.public_documents().filter(pk=document.pk).exists()
    return BuiltManifest(manifest, public=document_public and files_public and ocr_public)


def _metadata(document, citable) -> list[tuple[str, str]]:
    archive = ", ".join(part for part in (citable.archive_name, citable.locator) if part)
    rows = [(gettext_noop("Date"), document.date_display)]
    if archive:
        rows.append((gettext_noop("Archive"), archive))
    if document.original_language in LANGUAGES:
        rows.append((gettext_noop("Original language"), LANGUAGES[document.original_language]))
    rows.append((gettext_noop("Identifier"), document.public_id))
    return rows


def _canvas(canvas_id, item, page, page_count, size, base_url, ocr_pages, annotations=()) -> Canvas:
    from iiif_prezi3 import Agent, Annotation, AnnotationBody, AnnotationPage, Canvas, ServiceV3, TextualBody
    from iiif_prezi3.skeleton import Resource

    sha256 = item.stored_file.sha256
    thumbnail = size.thumbnail
    file_label = str(item)
    canvas = Canvas(
        id=canvas_id,
        label=in_each_language(lambda: gettext("%(file)s, page %(page)s of %(count)s") % {
            "file": file_label, "page": page, "count": page_count}) if page_count > 1 else {"en": [file_label]},
        width=size.width,
        height=size.height,
        thumbnail=[Resource(AnnotationBody(id=image_url(base_url, sha256, page, thumbnail), type="Image",
                                           format="image/jpeg", width=thumbnail.width, height=thumbnail.height))],
    )
    image = AnnotationBody(id=image_url(base_url, sha256, page), type="Image", format="image/jpeg",
                           width=size.width, height=size.height)
    image.add_service(ServiceV3(id=image_service_id(base_url, sha256, page), type="ImageService3", profile="level0"))
    canvas.items = [AnnotationPage(id=f"{canvas_id}/painting", items=[
        Annotation(id=f"{canvas_id}/painting/image", motivation="painting", body=Resource(image), target=canvas_id)])]
    pages = []
    if ocr_pages:
        pages.append(AnnotationPage(id=f"{canvas_id}/ocr", items=[
            Annotation(
                id=f"{canvas_id}/ocr/{ocr.language}",
                motivation="supplementing",
                label=in_each_language(lambda ocr=ocr: machine_read_label(ocr.confidence)),
                generator=Agent(type="Software", name=ocr.engine) if ocr.engine else None,
                body=Resource(TextualBody(value=ocr.text, language=ocr.language, format="text/plain")),
                target=canvas_id,
            )
            for ocr in ocr_pages
        ]))
    if annotations:
        pages.append(AnnotationPage(id=f"{canvas_id}/annotations", items=[Annotation(**data) for data in annotations]))
    if pages:
        canvas.annotations = pages
    return canvas


def readable_ocr_pages(document, user, files, *, with_words: bool = False) -> tuple[dict[tuple[int, int], list[OcrPage]], bool]:
    """The OCR text of each (stored file, page) the reader may see, and whether all of it is public;
    `files` are the DocumentFiles the reader may see (access.visible_files). The word boxes are
    read only when asked for: the manifest never shows them, and they are most of a page's row.

    The gate is the document's OCR text layer, which is these pages' text joined: a page's text
    is shown where the reader may see the OCR layer in its language. Pages read in another
    language (an earlier run, a language guess) belong to no layer and are not shown.
    """
    readable = [layer for layer in access.visible_layers(document, user) if layer.kind == "ocr"]
    if not readable or not files:
        return {}, True
    pages = (OcrPage.objects.filter(stored_file_id__in={item.stored_file_id for item in files},
                                    language__in={layer.language for layer in readable})
             .exclude(text="").order_by("stored_file_id", "page", "language"))
    if not with_words:
        pages = pages.defer("words")
    by_page: dict[tuple[int, int], list[OcrPage]] = {}
    for ocr in pages:
        by_page.setdefault((ocr.stored_file_id, ocr.page), []).append(ocr)
    return by_page, all(layer.is_open_to_public() for layer in readable)

"""The annotations a reader meets on a document: those the access policy lets them see, each found
in its text layer as the text is now (`anchoring.py`), and their Web Annotation form.

Reading writes nothing: an annotation whose passage moved is shown where it now stands, and its
stored position is brought up to date only when someone next saves the annotation.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop

from mosaic.annotations.anchoring import Quote, Span, anchor, non_space_offsets
from mosaic.annotations.models import Annotation
from mosaic.annotations.web_annotation import AnnotationFacts, RegionTarget, TextTarget
from mosaic.corpus import access


def container_iri(base_url: str, public_id: str) -> str:
    return f"{base_url}/annotations/documents/{public_id}/"


def annotation_iri(base_url: str, annotation: Annotation) -> str:
    return f"{base_url}/annotations/{annotation.annotation_id}"


def text_name(kind: str, language: str) -> str:
    """A text layer's name in addresses: its kind and language, as the API names a text."""
    return f"{kind}-{language}"


def text_iri(base_url: str, public_id: str, kind: str, language: str) -> str:
    """The plain text a passage's positions count in (served by `views.text`)."""
    return f"{base_url}/annotations/documents/{public_id}/texts/{text_name(kind, language)}"


# What an annotation's author is called when no name may be shown. Machine-readable records
# (manifests, the annotation endpoints) keep these English words; pages show them translated.
FORMER_READER, STAFF, READER = gettext_noop("a former reader"), gettext_noop("archive staff"), gettext_noop("a reader")


def creator_name(user) -> str:
    """Who wrote an annotation, as anyone who may read it is told: the account's full name when one
    is given, else what they are. Never a username or an address, which may be an e-mail."""
    if user is None:
        return FORMER_READER
    name = user.get_full_name().strip()
    if name and "@" not in name:
        return name
    return STAFF if user.is_staff else READER


def creator_label(name: str) -> str:
    """`creator_name`'s answer in the reader's language: a person's name as it is."""
    return gettext(name) if name in (FORMER_READER, STAFF, READER) else name


@dataclass
class Seen:
    """An annotation as one reader meets it, with what it is on."""
    annotation: Annotation
    layer: object | None = None  # the TextLayer of a passage
    span: Span | None = None  # where the passage now stands; None for a region, or an orphaned passage
    document_file: object | None = None  # the DocumentFile of a region

    @property
    def orphaned(self) -> bool:
        return self.annotation.on_text and self.span is None

    def non_space_offsets(self) -> tuple[int, int] | None:
        return non_space_offsets(self.layer.text, self.span) if self.span else None


def current_span(annotation: Annotation, text: str) -> Span | None:
    kept = Span(annotation.start, annotation.end) if annotation.start is not None and annotation.end is not None else None
    return anchor(text, Quote(annotation.exact, annotation.prefix, annotation.suffix), kept)


def seen_annotations(document, user, *, layers=None, files=None) -> list[Seen]:
    """The annotations on this document (which the caller has found the reader may see) that the
    reader may see. `layers` and `files`: what `access.visible_layers` and `access.visible_files`
    gave for this reader, when the caller has them already."""
    if not Annotation.objects.filter(document=document).exists():
        return []  # most documents: one query, not the three that finding what the reader may see takes
    layers = access.visible_layers(document, user) if layers is None else layers
    files = access.visible_files(document, user) if files is None else files
    layer_of: dict[tuple[str, str], object] = {}
    for layer in layers:
        layer_of.setdefault((layer.kind, layer.language), layer)
    file_of: dict[int, object] = {}
    for item in files:
        file_of.setdefault(item.stored_file_id, item)
    seen = []
    for annotation in access.visible_annotations(document, user).select_related("creator", "document"):
        if annotation.on_text:
            layer = layer_of.get((annotation.layer_kind, annotation.layer_language))
            if layer is not None:
                seen.append(Seen(annotation, layer=layer, span=current_span(annotation, layer.text)))
        else:
            item = file_of.get(annotation.stored_file_id)
            if item is not None:
                seen.append(Seen(annotation, document_file=item))
    return seen


def facts(seen: Seen, base_url: str) -> AnnotationFacts:
    annotation = seen.annotation
    public_id = annotation.document.public_id
    if annotation.on_text:
        span = seen.span
        target = TextTarget(text_iri(base_url, public_id, annotation.layer_kind, annotation.layer_language),
                            annotation.layer_language, annotation.exact, annotation.prefix, annotation.suffix,
                            span.start if span else None, span.end if span else None)
    else:
        # Imported here: the manifest imports this module to list the annotations of its canvases.
        from mosaic.iiif.manifest import canvas_id, manifest_id

        target = RegionTarget(canvas_id(base_url, public_id, seen.document_file.pk, annotation.page),
                              manifest_id(base_url, public_id),
                              annotation.x, annotation.y, annotation.w, annotation.h)
    return AnnotationFacts(
        id=annotation_iri(base_url, annotation), motivation=annotation.motivation,
        creator=creator_name(annotation.creator), created=annotation.created, modified=annotation.modified,
        body_value=annotation.body, body_format=annotation.body_format, body_language=annotation.body_language,
        target=target, state=annotation.state,
    )


def published_regions(document, user, files) -> dict[tuple[int, int], list[Seen]]:
    """The published annotations of page-image regions the reader may see, by (DocumentFile pk,
    page): what the IIIF manifest lists on each canvas. `files`: the reader's visible files."""
    regions: dict[tuple[int, int], list[Seen]] = {}
    for seen in seen_annotations(document, user, layers=[], files=files):
        if seen.document_file is not None and seen.annotation.state == Annotation.PUBLISHED:
            regions.setdefault((seen.document_file.pk, seen.annotation.page), []).append(seen)
    return regions

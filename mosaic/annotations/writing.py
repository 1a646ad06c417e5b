"""Every change to an annotation: made, replaced, deleted (to the trash) or moved between private,
submitted, published and not published. Each is one version in its history (django-reversion,
`curation/history.py`), and each forgets the anonymous readers' kept pages once it commits
(`page_cache.pages_changed`), since a document page shows its published annotations.

Who may do what: any signed-in reader annotates what they may see; an annotation's author changes,
deletes, submits and withdraws it; curators (whoever sees every record) change and delete any, and
publish or decline what authors submitted (and their own). An author's edit of a published
annotation sends it back to the curators: what the public reads is always what a curator approved.
"""
from __future__ import annotations

import reversion
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.db import transaction
from django.utils import timezone

from mosaic.annotations.anchoring import CONTEXT, Quote, Span, anchor, find_quote, quote_at
from mosaic.annotations.models import Annotation
from mosaic.annotations.reading import text_name
from mosaic.annotations.web_annotation import Proposal, RegionSelection, TextSelection
from mosaic.common.numbers import parse_number
from mosaic.common.page_cache import pages_changed
from mosaic.corpus import access
from mosaic.iiif import derivatives
from mosaic.iiif import manifest as iiif_manifest


class Refused(Exception):
    """Why a change cannot be made, in one line, with the HTTP status that says so."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def moderates(user) -> bool:
    """Curators and coordinators publish and decline annotations, and change any."""
    return access.sees_all_records(user)


def may_change(annotation: Annotation, user) -> bool:
    return bool(user and user.is_authenticated) and (annotation.creator_id == user.pk or moderates(user))


# The moves each may make: (from, to) for an annotation's author, and for curators.
AUTHOR_MOVES = {
    (Annotation.PRIVATE, Annotation.SUBMITTED), (Annotation.REJECTED, Annotation.SUBMITTED),
    (Annotation.SUBMITTED, Annotation.PRIVATE), (Annotation.PUBLISHED, Annotation.PRIVATE),
    (Annotation.REJECTED, Annotation.PRIVATE),
}
CURATOR_MOVES = {
    (Annotation.SUBMITTED, Annotation.PUBLISHED), (Annotation.REJECTED, Annotation.PUBLISHED),
    (Annotation.SUBMITTED, Annotation.REJECTED), (Annotation.PUBLISHED, Annotation.REJECTED),
}
MOVE_NAMES = {Annotation.SUBMITTED: _("Ask to publish"), Annotation.PRIVATE: _("Make private again"),
              Annotation.PUBLISHED: _("Publish"), Annotation.REJECTED: _("Decline")}


def allowed_moves(annotation: Annotation, user) -> list[str]:
    """The states this user may move this annotation to, in a stable order."""
    moves = set()
    if user is None or not user.is_authenticated:
        return []
    if annotation.creator_id == user.pk:
        moves |= {to for (at, to) in AUTHOR_MOVES if at == annotation.state}
    if moderates(user):
        moves |= {to for (at, to) in CURATOR_MOVES if at == annotation.state}
        # A curator's own note needs no one else's approval.
        if annotation.creator_id == user.pk and annotation.state == Annotation.PRIVATE:
            moves.add(Annotation.PUBLISHED)
    return [state for state in Annotation.STATES if state in moves]


# --- targets -----------------------------------------------------------------------------------

def _path_of(iri: str) -> str:
    # The source may be written with another host or scheme (a proxy, http against https): the
    # path names the resource.
    from urllib.parse import urlsplit

    return urlsplit(iri).path


def _place_text(document, user, selection: TextSelection) -> dict:
    prefix = f"/annotations/documents/{document.public_id}/texts/"
    path = _path_of(selection.source)
    if not path.startswith(prefix):
        raise Refused(f"the target's source {selection.source[:120]} is not a text of document {document.public_id} "
                      f"(expected {prefix}KIND-LANGUAGE)")
    name = path[len(prefix):].rstrip("/")
    layer = next((layer for layer in access.visible_layers(document, user)
                  if text_name(layer.kind, layer.language) == name), None)
    if layer is None:
        raise Refused(f"document {document.public_id} has no text “{name[:40]}” that you may read", status=404)
    text = layer.text
    span = None
    if selection.start is not None:
        if selection.end > len(text):
            raise Refused(f"the TextPositionSelector ends at {selection.end}, after the end of the text ({len(text)} characters)")
        span = Span(selection.start, selection.end)
        if selection.exact is not None:
            span = anchor(text, Quote(selection.exact, selection.prefix, selection.suffix), span)
    elif selection.exact is not None:
        span = find_quote(text, Quote(selection.exact, selection.prefix, selection.suffix))
    if span is None:
        raise Refused(f"the quoted passage “{(selection.exact or '')[:60]}” is not in the {layer.get_kind_display().lower()} "
                      f"({layer.get_language_display()})")
    quote = quote_at(text, span)
    return {"layer_kind": layer.kind, "layer_language": layer.language, "start": span.start, "end": span.end,
                    "exact": quote.exact, "prefix": quote.prefix[-CONTEXT:], "suffix": quote.suffix[:CONTEXT],
                    "stored_file": None, "page": None, "x": None, "y": None, "w": None, "h": None}


def _place_region(document, user, selection: RegionSelection, base_url: str) -> dict:
    canvas_prefix = _path_of(iiif_manifest.canvas_id(base_url, document.public_id, 0, 0)).removesuffix("0/0")
    path = _path_of(selection.source).rstrip("/")
    parts = path[len(canvas_prefix):].split("/") if path.startswith(canvas_prefix) else []
    numbers = [parse_number(part) for part in parts]
    if len(parts) != 2 or None in numbers:
        raise Refused(f"the target's source {selection.source[:120]} is not a canvas of document {document.public_id}'s "
                      f"manifest (expected {canvas_prefix}FILE/PAGE)")
    file_pk, page = numbers
    item = next((item for item in access.visible_files(document, user) if item.pk == file_pk), None)
    if item is None:
        raise Refused(f"document {document.public_id} has no page image {file_pk}/{page} that you may see", status=404)
    try:
        size = derivatives.page_size(item.stored_file, page)
    except derivatives.PageImageUnavailable as problem:
        raise Refused(f"the page image cannot be read: {problem}", status=409) from problem
    if size is None:
        raise Refused(f"{item} has no page {page}", status=404)
    x, y, w, h = selection.x, selection.y, selection.w, selection.h
    if selection.percent:
        x, w = x * size.width / 100, w * size.width / 100
        y, h = y * size.height / 100, h * size.height / 100
    # Media Fragments: a region reaching past the image is cut at its edges.
    left, top = round(x), round(y)
    right, bottom = min(round(x + w), size.width), min(round(y + h), size.height)
    if left >= size.width or top >= size.height or right <= left or bottom <= top:
        raise Refused(f"the region {selection.x:g},{selection.y:g},{selection.w:g},{selection.h:g} lies outside the "
                      f"page ({size.width}×{size.height} pixels)")
    return {"stored_file": item.stored_file, "page": page, "x": left, "y": top, "w": right - left, "h": bottom - top,
                    "layer_kind": "", "layer_language": "", "start": None, "end": None, "exact": "", "prefix": "", "suffix": ""}


def _place(document, user, proposal: Proposal, base_url: str) -> dict:
    """Where a proposal's target lands on the document, in the fields the model keeps."""
    if isinstance(proposal.target, TextSelection):
        return _place_text(document, user, proposal.target)
    return _place_region(document, user, proposal.target, base_url)


# --- changes -----------------------------------------------------------------------------------

def _saved(annotation: Annotation, user, comment: str) -> Annotation:
    with transaction.atomic(), reversion.create_revision():
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
        annotation.save()
        pages_changed()
    return annotation


def create(document, user, proposal: Proposal, base_url: str) -> Annotation:
    """A new annotation by this signed-in reader on a document they may see, private to them."""
    placed = _place(document, user, proposal, base_url)
    annotation = Annotation(document=document, creator=user, motivation=proposal.motivation, body=proposal.body_value,
                            body_format=proposal.body_format, body_language=proposal.body_language, **placed)
    return _saved(annotation, user, "Annotation made")


def replace(annotation: Annotation, user, proposal: Proposal, base_url: str) -> Annotation:
    """The annotation as the proposal has it now (the Web Annotation Protocol's PUT)."""
    if not may_change(annotation, user):
        raise Refused("only its author or a curator may change this annotation", status=403)
    placed = _place(annotation.document, user, proposal, base_url)
    for name, value in placed.items():
        setattr(annotation, name, value)
    annotation.motivation, annotation.body = proposal.motivation, proposal.body_value
    annotation.body_format, annotation.body_language = proposal.body_format, proposal.body_language
    comment = "Annotation changed"
    if annotation.state == Annotation.PUBLISHED and not moderates(user):
        annotation.state, annotation.published_by, annotation.published_at = Annotation.SUBMITTED, None, None
        comment += " by its author: back with the curators before it is shown again"
    return _saved(annotation, user, comment)


def delete(annotation: Annotation, user) -> None:
    """To the trash (`curation/history.py` keeps its last state), from where a coordinator can
    bring it back."""
    if not may_change(annotation, user):
        raise Refused("only its author or a curator may delete this annotation", status=403)
    with transaction.atomic(), reversion.create_revision():
        if user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment("Annotation deleted")
        annotation.delete()
        pages_changed()


def move(annotation: Annotation, user, state: str) -> Annotation:
    """Submit, withdraw, publish or decline: only the moves `allowed_moves` gives this user."""
    if state not in Annotation.STATES:
        raise Refused(f"“{state[:20]}” is not a state of an annotation: {', '.join(Annotation.STATES)}")
    if state not in allowed_moves(annotation, user):
        raise Refused(f"you may not move this annotation from {Annotation.STATES[annotation.state].lower()} to "
                      f"{Annotation.STATES[state].lower()}", status=403)
    annotation.state = state
    if state == Annotation.PUBLISHED:
        annotation.published_by, annotation.published_at = user, timezone.now()
    else:
        annotation.published_by, annotation.published_at = None, None
    with translation.override(settings.LANGUAGE_CODE):  # the history keeps English
        return _saved(annotation, user, f"Annotation: {str(MOVE_NAMES[state]).lower()}")


def staff_edit(annotation: Annotation, user) -> Annotation:
    """A curator's edit in the staff interface (its body or motivation; the target stays)."""
    if not moderates(user):
        raise Refused("only a curator edits annotations in the staff interface", status=403)
    return _saved(annotation, user, "Annotation changed in the staff interface")

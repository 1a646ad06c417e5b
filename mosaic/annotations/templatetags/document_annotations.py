"""The annotations section of a document page (`annotations/panel.html`): the annotations the reader
may see, each marked in the text it is on by `annotations.js`, with the buttons each may press."""
from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from mosaic.annotations import reading, writing
from mosaic.annotations.models import Annotation
from mosaic.annotations.web_annotation import MOTIVATIONS, motivation_name
from mosaic.lib.rich_text import sanitize_html
from mosaic.lib.vocabularies import LANGUAGES

register = template.Library()


def _who_sees(annotation: Annotation, user, moderator: bool) -> str:
    """Who else may read it, said to the one reading it now ("" when anyone may)."""
    if annotation.state == Annotation.PUBLISHED:
        return ""
    if annotation.creator_id == user.pk:
        return {Annotation.PRIVATE: gettext("Only you see this."),
                Annotation.SUBMITTED: gettext("Only you see this until a curator publishes it."),
                Annotation.REJECTED: gettext("Only you see this: the curators did not publish it.")}[annotation.state]
    if not moderator:
        return ""
    return gettext("%(state)s: only its author and the curators see this.") % {"state": Annotation.STATES[annotation.state]}


@register.simple_tag(takes_context=True)
def annotations_on_page(context):
    """What the section shows. Reads `document`, `layers` (the text layers shown, in their order)
    and `request` from the document page's context."""
    request, document = context["request"], context["document"]
    user = request.user
    layers = list(context.get("layers") or [])
    section_of = {layer.pk: f"text-{number}" for number, layer in enumerate(layers, start=1)}
    moderator = writing.moderates(user)
    base_url = request.build_absolute_uri("/").rstrip("/")
    items, marks = [], []
    for seen in reading.seen_annotations(document, user, layers=layers):
        annotation = seen.annotation
        anchor_id = f"annotation-{annotation.annotation_id}"
        if seen.layer is not None:
            where = gettext("the %(kind)s (%(language)s)") % {"kind": seen.layer.get_kind_display().lower(),
                                                                "language": seen.layer.get_language_display()}
            offsets = seen.non_space_offsets()
            if offsets and seen.layer.pk in section_of:
                marks.append({"id": anchor_id, "section": section_of[seen.layer.pk], "skip": offsets[0], "length": offsets[1],
                              "published": annotation.state == Annotation.PUBLISHED})
        else:
            where = gettext("“%(file)s”, page %(page)s") % {"file": seen.document_file, "page": annotation.page}
        body = (mark_safe(sanitize_html(annotation.body)) if annotation.body_format == "text/html"  # noqa: S308 (sanitised)
                else annotation.body)
        items.append({
            "anchor": anchor_id, "annotation": annotation, "where": where, "quote": annotation.exact,
            "region": annotation.region_fragment if not annotation.on_text else "",
            "orphaned": seen.orphaned, "body": body, "html": annotation.body_format == "text/html",
            "motivation": motivation_name(annotation.motivation),
            "creator": reading.creator_label(reading.creator_name(annotation.creator)), "who_sees": _who_sees(annotation, user, moderator),
            "moves": [(state, writing.MOVE_NAMES[state]) for state in writing.allowed_moves(annotation, user)],
            "state_url": reverse("annotations:state", args=[annotation.annotation_id]),
            "url": reading.annotation_iri(base_url, annotation),
            "may_delete": writing.may_change(annotation, user),
        })
    signed_in = user.is_authenticated
    return {
        "items": items,
        "signed_in": signed_in,
        "can_annotate": signed_in and bool(section_of),
        "login_url": f"{reverse('accounts:login')}?next={reverse('pages:document', args=[document.public_id])}",
        "motivations": [(value, motivation_name(value)) for value in MOTIVATIONS],
        "languages": sorted(((code, gettext(name)) for code, name in LANGUAGES.items()), key=lambda item: item[1]),
        "config": {
            "container": reading.container_iri(base_url, document.public_id),
            "marks": marks,
            "layers": [{"section": section_of[layer.pk], "label": gettext("%(kind)s (%(language)s)") % {
                "kind": layer.get_kind_display().lower(), "language": layer.get_language_display()},
                        "source": reading.text_iri(base_url, document.public_id, layer.kind, layer.language)}
                       for layer in layers],
        },
    }

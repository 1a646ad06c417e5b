"""The name authority as a dump holds it: one JSON object a line for each person and each
organisation, place, publication or term, with every rendering of the name and where it was
seen. The authority is public whole (its pages list every person and term), so all of it goes in.

A person's line holds the record's own forms, the renderings curators keep (aliases and forms
attested in sources, each with its source), the renderings the transcription rules give from the
hangul (labelled with their system), life dates, offices with their sources and the biography as
its page shows it (sanitised HTML).
"""
from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.db.models import Prefetch

from mosaic.entities.models import AuthorityTerm, NameVariant, Office, Person, TermVariant
from mosaic.lib.names import renderings
from mosaic.lib.names.romanize import RENDERING_LABELS
from mosaic.lib.rich_text import sanitize_html


def people() -> Iterator[dict]:
    found = Person.objects.order_by("person_id").prefetch_related(
        Prefetch("variants", queryset=NameVariant.objects.order_by("kind", "language", "form", "pk")),
        Prefetch("offices", queryset=Office.objects.order_by("order", "start", "pk")))
    for person in found.iterator(chunk_size=500):
        generated = renderings(person.hangul, person.hanja) if person.tradition == Person.KOREAN and person.hangul else {}
        yield {
            "person_id": person.person_id, "tradition": person.tradition, "display_name": person.display_name,
            "country": person.country,
            "hangul": person.hangul, "hangul_rok": person.hangul_rok, "hanja": person.hanja, "mr": person.mr,
            "rr": person.rr, "dprk_official": person.dprk_official, "born": person.born, "died": person.died,
            "biography_html": _absolute_links(sanitize_html(person.biography)),
            "biography_ko_html": _absolute_links(sanitize_html(person.biography_ko)),
            "biography_sources": person.biography_source_list(),
            "external_ids": person.external_ids or {},
            "offices": [{"title": office.title, "start": office.start, "end": office.end, "source": office.source}
                        for office in person.offices.all()],
            "renderings": [{"form": variant.form, "language": variant.language, "kind": variant.kind,
                            "alias_type": variant.alias_type, "source": variant.source}
                           for variant in person.variants.all()],
            "transcriptions": [{"system": system, "label": RENDERING_LABELS.get(system, system), "forms": forms}
                               for system, forms in generated.items()],
        }


def _absolute_links(html: str) -> str:
    """The page's links to its own site ("/events/E007/") made whole, as the dump is read elsewhere."""
    return html.replace(' href="/', f' href="{settings.MOSAIC_BASE_URL}/')


def terms() -> Iterator[dict]:
    found = AuthorityTerm.objects.order_by("term_id").prefetch_related(
        Prefetch("variants", queryset=TermVariant.objects.order_by("language", "form", "pk")))
    for term in found.iterator(chunk_size=500):
        yield {
            "term_id": term.term_id, "kind": term.kind, "preferred": term.preferred, "hangul": term.hangul,
            "description": term.description, "latitude": term.latitude, "longitude": term.longitude,
            "renderings": [{"form": variant.form, "language": variant.language, "source": variant.source}
                           for variant in term.variants.all()],
        }

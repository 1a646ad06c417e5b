"""The JSON form of a document, as the API returns it (only what `user` may see)."""
from __future__ import annotations

from django.urls import reverse

from mosaic.citations.build import citable_from_document, document_url
from mosaic.citations.kept import citations
from mosaic.corpus import access
from mosaic.corpus.models import Document
from mosaic.lib.safe_urls import is_http_url
from mosaic.relations.related import linked_documents


def document_json(document: Document, user, base_url: str) -> dict:
    files = access.visible_files(document, user)
    citable = citable_from_document(document, base_url=base_url)
    return {
        "id": document.public_id,
        "url": citable.url,
        "title": document.title,
        "type": document.doc_type,
        "date": {
            "value": document.date or None,
            "precision": document.partial_date.precision.value if document.date else None,
            "display": document.date_display,
            "earliest": document.date_min.isoformat() if document.date_min else None,
            "latest": document.date_max.isoformat() if document.date_max else None,
            "note": document.date_note or None,
        },
        "origin_country": document.origin_country or None,
        "original_language": document.original_language or None,
        "summary": document.summary or None,
        "classification": document.classification or None,
        "rights": document.rights or None,
        "catalogue_only": document.catalogue_only,
        # Links only: a value that is not an http(s) address (from before validation) is left out.
        "held_at": document.held_at if is_http_url(document.held_at) else None,
        "source_url": document.source_url if is_http_url(document.source_url) else None,
        "agents": [
            {"role": link.role, "name": link.agent.name, "kind": link.agent.kind, "as_written": link.as_written}
            for link in document.agent_links.select_related("agent")
        ],
        "locators": [
            {
                "repository": {"code": loc.repository.code, "name": loc.repository.name} if loc.repository else None,
                "units": [{"type": u.unit_type, "label": u.label, "value": u.value} for u in loc.units.all()],
                "folios": {"start": loc.folio_start, "end": loc.folio_end} if loc.folio_start is not None else None,
                "as_printed": loc.as_printed,
            }
            for loc in document.locators.select_related("repository").prefetch_related("units")
        ],
        "credits": [
            {"role": c.role, "name": c.agent.name, "for": c.on_behalf_of or None, "language": c.language or None}
            for c in document.credits.select_related("agent")
        ],
        "texts": [
            {"kind": layer.kind, "language": layer.language, "made_by": layer.made_by or None, "text": layer.text}
            for layer in access.visible_layers(document, user)
        ],
        "withheld_texts": [{"kind": layer.kind, "language": layer.language} for layer in access.withheld_layers(document, user)],
        "files": [
            {"label": item.label or item.stored_file.original_name, "media_type": item.stored_file.media_type,
             "pages": item.stored_file.page_count, "bytes": item.stored_file.size, "sha256": item.stored_file.sha256}
            for item in files
        ],
        "iiif_manifest": f"{base_url}{reverse('iiif:manifest', args=[document.public_id])}" if files else None,
        "collections": [c.slug for c in document.collections.filter(pk__in=access.public_collections())],
        "subjects": [{"heading": link.subject.heading, "heading_ko": link.subject.heading_ko or None, "key": link.subject.slug,
                      "search_url": f"{base_url}/search?subject={link.subject.slug}"}
                     for link in document.subject_links.select_related("subject")],
        "places": [{"id": link.place.term_id, "name": link.place.preferred, "latitude": link.place.latitude,
                    "longitude": link.place.longitude, "url": f"{base_url}/terms/{link.place.term_id}/"}
                   for link in document.place_links.select_related("place")],
        # Curators' links from both sides, to documents this reader may see (relations/related.py).
        "related": [
            {"relation": link.label, "id": link.document.public_id, "title": link.document.title,
             "url": document_url(link.document, base_url), "note": link.note or None}
            for link in linked_documents(document, user)
        ],
        "citation": citations(citable),
    }

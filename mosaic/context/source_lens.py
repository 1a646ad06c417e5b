"""The source lens of one document, as one JSON structure for the API and `mosaic lens`:
context at its date, language markers, echoes of official claims and the events it is the
earliest confirmed mention of. Evidence for a reader to check; never a verdict or a score."""
from __future__ import annotations

from mosaic.context.echoes import echoes_for, echoes_json
from mosaic.context.lookup import context_for, context_json
from mosaic.context.models import EventMention
from mosaic.corpus import access

NOTE = ("Evidence a reader can check: context from cited scholarship, wording found by pattern rules (a heuristic), "
        "figures matching earlier official statements. None of it is a verdict on the document or a reliability score.")


def lens_json(document, user) -> dict:
    from mosaic.lens.markers import markers_for_document

    mentions = (EventMention.objects.filter(document=document, status=EventMention.CONFIRMED)
                .select_related("event") if document in access.visible_documents(user) else [])
    return {
        "document": {"id": document.public_id, "title": document.title, "date": document.date or None,
                     "origin_country": document.origin_country or None, "type": document.doc_type},
        "note": NOTE,
        "context": context_json(context_for(document)),
        "markers": markers_for_document(document, user),
        "echoes": echoes_json(echoes_for(document, user)),
        "events_mentioned": [{"event": m.event.row_id, "title": m.event.title,
                              "days_after_event": (document.date_min - m.event.date_min).days if document.date_min else None,
                              "url": f"/events/{m.event.row_id}/"} for m in mentions],
    }

"""Echoes of official claims: figures in a report that match an earlier official DPRK statement,
classed by how the report presents them (attributed, disputed or unattributed) using the language
markers. A heuristic: it finds pairs for a reader to compare, side by side."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from mosaic.common.page_cache import kept_in_process
from mosaic.corpus import access
from mosaic.lib.claims import ClaimMatch, extract_claims, match_claims

OFFICIAL_TYPE = "official_statement"


def window_days() -> int:
    return int(getattr(settings, "MOSAIC_ECHO_WINDOW_DAYS", 730))


@dataclass
class Echo:
    match: ClaimMatch
    layer: object  # the report's text layer
    statement: object  # the official statement (a Document)
    presentation: str  # "attributed", "disputed" or "unattributed"
    markers: list[str]  # the marker texts that decided it


def _presentation(sentence: str, language: str) -> tuple[str, list[str]]:
    from mosaic.lib.markers.engine import find_markers

    found = find_markers(sentence, language)
    disputing = [m.text for m in found if m.category == "disputing"]
    attributed = [m.text for m in found if m.category == "attributed"]
    if disputing:
        return "disputed", disputing
    if attributed:
        return "attributed", attributed
    return "unattributed", []


def _official_claims() -> list[tuple[object, object]]:
    """(statement, claim) for the figures of every public official statement's English text, in
    date order: few, and read by every document page, so each process keeps them until the next
    write to the archive (asking for the statements in a document's window read every public
    document's row)."""

    def read():
        statements = (access.public_documents().filter(doc_type=OFFICIAL_TYPE, date_min__isnull=False)
                      .prefetch_related("text_layers"))
        return [(statement, claim) for statement in statements
                for layer in access.visible_layers(statement, None) if layer.language == "en"
                for claim in extract_claims(layer.text)]

    return kept_in_process("echoes:official-claims", read)


def echoes_for(document, user) -> list[Echo]:
    if document.doc_type == OFFICIAL_TYPE or not document.date_min:
        return []
    layers = [layer for layer in access.visible_layers(document, user) if layer.language == "en"]
    if not layers:
        return []
    earliest, latest = document.date_min - dt.timedelta(days=window_days()), document.date_max or document.date_min
    official = [(statement, claim) for statement, claim in _official_claims()
                if statement.pk != document.pk and earliest <= statement.date_min <= latest]
    if not official:
        return []
    echoes = []
    for layer in layers:
        for statement, theirs in official:
            for match in match_claims(extract_claims(layer.text), [theirs]):
                presentation, markers = _presentation(match.report.sentence, layer.language)
                echoes.append(Echo(match, layer, statement, presentation, markers))
    return echoes


def echoes_json(echoes: list[Echo]) -> list[dict]:
    return [{
        "presentation": echo.presentation, "markers": echo.markers,
        "report": {"layer": f"{echo.layer.kind}/{echo.layer.language}", "figure": echo.match.report.figure,
                   "span": [echo.match.report.start, echo.match.report.end], "sentence": echo.match.report.sentence},
        "official": {"document": echo.statement.public_id, "title": echo.statement.title, "date": echo.statement.date,
                     "figure": echo.match.official.figure, "sentence": echo.match.official.sentence},
        "value": echo.match.report.value, "unit": echo.match.report.unit, "shared_words": list(echo.match.shared_words),
    } for echo in echoes]

"""Rates of comparable documents: the baseline each layer's rate is shown against.

Comparable means the same author country, the same document type and the same five-year period
(by the earliest possible date: 1960–1964), read in a public text layer of the same language,
counted with the same lexicon version. Only what the public may see counts (the access policy's
`public_documents` and each layer's own access), so a baseline never reveals a restricted text,
and the document itself is left out of its own baseline. Below `MIN_COMPARABLE` documents no
figure is given.
"""
from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _, ngettext, pgettext

from mosaic.common.page_cache import kept_for_generation
from mosaic.corpus import access
from mosaic.lens.models import LayerMarkerStats
from mosaic.lib.markers.lexicon import Lexicon
from mosaic.lib.vocabularies import DOCUMENT_TYPES

PERIOD_YEARS = 5
MIN_COMPARABLE = 5


@dataclass(frozen=True)
class Group:
    country: str
    doc_type: str
    first_year: int
    last_year: int

    @property
    def label(self) -> str:
        """"USSR · Report · 1960–1964"."""
        return f"{self.country} · {DOCUMENT_TYPES.get(self.doc_type, self.doc_type)} · {self.first_year}–{self.last_year}"


def group_of(document) -> Group | None:
    if not (document.origin_country and document.doc_type and document.date_min):
        return None
    first = document.date_min.year - document.date_min.year % PERIOD_YEARS
    return Group(document.origin_country, document.doc_type, first, first + PERIOD_YEARS - 1)


def _quartiles(values: list[float]) -> tuple[float, float]:
    if len(values) == 1:
        return values[0], values[0]
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q3


def _group_counts(group: Group, language: str, lexicon: Lexicon) -> dict[int, tuple[int, dict]]:
    """{document id: (word count, counts)} of the group's public documents, one public layer each:
    the same for every document of the group and every reader, so kept until the next write."""
    today = timezone.localdate()

    def count() -> dict[int, tuple[int, dict]]:
        group_documents = access.public_documents().filter(
            origin_country=group.country, doc_type=group.doc_type,
            date_min__gte=dt.date(group.first_year, 1, 1), date_min__lte=dt.date(group.last_year, 12, 31),
        )
        stats = (LayerMarkerStats.objects
                 .filter(layer__document__in=group_documents, layer__language=language,
                         lexicon_version=lexicon.version, word_count__gt=0)
                 .select_related("layer").defer("layer__text").order_by("layer__document_id", "layer__order", "layer_id"))
        counts: dict[int, tuple[int, dict]] = {}
        for row in stats:
            if row.layer.is_open_to_public(today):
                counts.setdefault(row.layer.document_id, (row.word_count, row.counts))
        return counts

    # Today's date in the name: embargoes end by the calendar, not by a write.
    return kept_for_generation(f"comparable:{today}:{lexicon.version}:{language}:{group}", count)


def comparable_rates(document, layer, lexicon: Lexicon) -> dict:
    """{"group", "n", "enough", "note", "categories": {category: {"median", "iqr"} or None}}."""
    group = group_of(document)
    if group is None:
        missing = [str(name) for name, value in ((_("author country"), document.origin_country), (_("type"), document.doc_type),
                                                 (_("date"), document.date_min)) if not value]
        note = ngettext("No comparison: the document's %(missing)s is not recorded.",
                        "No comparison: the document's %(missing)s are not recorded.", len(missing)) % {
            "missing": pgettext("joins the names of missing fields", " and ").join(missing)}
        return {"group": None, "n": 0, "enough": False, "categories": {c: None for c in lexicon.categories}, "note": note}
    rates = {document_id: counted for document_id, counted in _group_counts(group, layer.language, lexicon).items()
             if document_id != document.pk}
    n = len(rates)
    enough = n >= MIN_COMPARABLE
    categories = {}
    for category in lexicon.categories:
        if not enough:
            categories[category] = None
            continue
        values = sorted(counts.get(category, 0) * 1000 / words for words, counts in rates.values())
        q1, q3 = _quartiles(values)
        categories[category] = {"median": statistics.median(values), "iqr": [q1, q3]}
    if enough:
        note = ngettext("%(group)s, n = %(n)d document", "%(group)s, n = %(n)d documents", n) % {"group": group.label, "n": n}
    else:
        note = gettext("Too few comparable documents (n = %(n)d) for a comparison: %(group)s.") % {"group": group.label, "n": n}
    return {"group": group.label, "n": n, "enough": enough, "categories": categories, "note": note}

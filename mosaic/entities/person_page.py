"""What a person page shows: the documents the reader may see, by the person's role in them,
a page of each role at a time, the count per year for the chart, and the name's renderings
grouped by kind with every system named in words.

Every query here is made through `access.visible_documents`, so a count or a bar never stands
for a document the reader could not open. The number of queries does not grow with the number
of documents, agents or roles the person has."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext, gettext_lazy as _

from mosaic.corpus import access
from mosaic.corpus.models import DocumentAgent, NameLink
from mosaic.entities.models import Person
from mosaic.lib.names import renderings
from mosaic.lib.names.hangul import to_rok
from mosaic.lib.names.romanize import RENDERING_LABELS
from mosaic.lib.vocabularies import AGENT_ROLES, LANGUAGES

PER_PAGE = 25
MENTIONED = "mentioned"

# Headings for the role sections, one per role of the project's vocabulary (AGENT_ROLES), in
# its order. The vocabulary's labels name one agent ("Author", "Mentioned"); a section lists
# documents, so its heading says what the person did in them.
ROLE_HEADINGS = {
    "author": _("Documents written"),
    "recipient": _("Documents received"),
    "participant": _("Conversations and meetings taken part in"),
    "signatory": _("Documents signed"),
    MENTIONED: _("Documents that mention {name}"),
}

# The record's own forms, which are not transcription systems.
SCRIPT_LABELS = {"hangul": _("Hangul (DPRK spelling)"), "hangul_rok": _("Hangul (ROK spelling)"), "hanja": _("Hanja")}
NOT_RECORDED = _("Language not recorded")
# The transcription systems of mosaic.lib.names (RENDERING_LABELS) in the reader's language; the
# engine knows no Django, so its labels are given to translators here, under the same keys.
SYSTEM_LABELS = {
    "mr": _("McCune–Reischauer"),
    "mr_plain": _("McCune–Reischauer without diacritics"),
    "rr": _("Revised Romanization"),
    "dprk": _("DPRK official romanization"),
    "rok_popular": _("South Korean everyday spelling"),
    "kontsevich": _("Russian, academic (Kontsevich)"),
    "soviet_ru": _("Russian, Soviet practice"),
    "ru_en": _("English transliteration of the Soviet Russian form"),
    "pinyin": _("Chinese reading of the hanja (pinyin)"),
}


def system_label(value: str) -> str:
    """A rendering's system or language in words: "soviet_ru" → "Russian, Soviet practice",
    "en (NKIDP RR)" → "English (NKIDP RR)"."""
    value = (value or "").strip()
    if value in SYSTEM_LABELS:
        return str(SYSTEM_LABELS[value])
    if value in LANGUAGES:  # a system named for a language (hu, pl, ...): the language's name
        return gettext(LANGUAGES[value])
    if value in RENDERING_LABELS:
        return RENDERING_LABELS[value]
    if value in SCRIPT_LABELS:
        return str(SCRIPT_LABELS[value])
    if value in ("", "alias", "attested", "—"):  # what the matcher records when no language was given
        return str(NOT_RECORDED)
    code, bracket, note = value.partition(" (")
    if code.lower() in LANGUAGES:
        return gettext(LANGUAGES[code.lower()]) + (f" ({note}" if bracket else "")
    return value


@dataclass(frozen=True)
class HangulSpellings:
    """A Korean name as the two Koreas write it: the DPRK keeps word-initial ㄹ and ㄴ (리효순),
    the ROK drops or softens them (이효순). `rok_derived`: the ROK form is not recorded in the
    authority but given by that rule (mosaic.lib.names.hangul.to_rok), and the page says so."""
    dprk: str
    rok: str
    rok_derived: bool

    @property
    def differ(self) -> bool:
        return bool(self.rok) and self.rok != self.dprk


def hangul_spellings(person: Person) -> HangulSpellings | None:
    """The person's name in hangul in both spellings, or None when the authority has no hangul."""
    if not person.hangul:
        return None
    if person.hangul_rok:
        return HangulSpellings(person.hangul, person.hangul_rok, False)
    if person.tradition != Person.KOREAN:
        return HangulSpellings(person.hangul, "", False)
    return HangulSpellings(person.hangul, to_rok(person.hangul), True)


@dataclass
class RoleSection:
    role: str
    heading: str
    count: int
    page: int
    pages: int
    entries: list[dict] = field(default_factory=list)
    previous_url: str = ""
    next_url: str = ""

    @property
    def first_shown(self) -> int:
        return (self.page - 1) * PER_PAGE + 1

    @property
    def last_shown(self) -> int:
        return self.first_shown + len(self.entries) - 1

    @property
    def parameter(self) -> str:
        return page_parameter(self.role)


def page_parameter(role: str) -> str:
    return f"{role}_page"


def _in_order(documents):
    return documents.order_by(F("date_min").asc(nulls_last=True), "public_id")


def role_sections(person: Person, user, pages: dict[str, int]) -> tuple[list[RoleSection], dict[int | None, int]]:
    """The role sections that have documents, each at its requested page (`pages`: role → page,
    from 1), and the number of documents per year (None for undated) across all roles."""
    visible = access.visible_documents(user)
    agent_links = DocumentAgent.objects.filter(agent__person=person)
    named = NameLink.objects.filter(person=person).exclude(status=NameLink.REJECTED)
    # A document where the person acted is listed under that role only, not again as mentioning them.
    acting = agent_links.exclude(role=MENTIONED).values("document")
    mentioning = visible.filter(Q(pk__in=named.values("document"))
                                | Q(pk__in=agent_links.filter(role=MENTIONED).values("document"))).exclude(pk__in=acting)
    counts = dict(agent_links.filter(document__in=visible).exclude(role=MENTIONED)
                  .values_list("role").annotate(n=Count("document", distinct=True)))
    counts[MENTIONED] = mentioning.count()

    sections, listed = [], {}
    for role in AGENT_ROLES:
        count = counts.get(role, 0)
        if not count:
            continue
        last_page = math.ceil(count / PER_PAGE)
        page = min(max(pages.get(role, 1), 1), last_page)
        documents = mentioning if role == MENTIONED else visible.filter(pk__in=agent_links.filter(role=role).values("document"))
        shown = list(_in_order(documents)[(page - 1) * PER_PAGE:page * PER_PAGE])
        section = RoleSection(role, ROLE_HEADINGS[role].format(name=person.display_name), count, page, last_page)
        for document in shown:
            entry = {"document": document, "forms": [], "confirmed": False, "confidence": 1.0}
            section.entries.append(entry)
            listed[(document.pk, role)] = entry
        sections.append(section)
    _add_forms(agent_links, named, listed)

    per_year = (visible.filter(Q(pk__in=agent_links.values("document")) | Q(pk__in=named.values("document")))
                .annotate(year=ExtractYear("date_min")).values_list("year").annotate(n=Count("pk", distinct=True)))
    return sections, dict(per_year)


def _add_forms(agent_links, named, listed: dict[tuple[int, str], dict]) -> None:
    """How each listed document writes the name: one query for the agents, one for name links."""
    ids = {document_id for document_id, _ in listed}
    if not ids:
        return
    for document_id, role, as_written in (agent_links.filter(document_id__in=ids)
                                          .order_by("document", "order").values_list("document_id", "role", "as_written")):
        entry = listed.get((document_id, role))
        if entry is None:
            continue
        entry["confirmed"] = True  # an agent of the document's record, not a match found in its text
        if as_written not in entry["forms"]:
            entry["forms"].append(as_written)
    mentioned_ids = [document_id for document_id, role in listed if role == MENTIONED]
    found: dict[int, list] = {}
    for link in named.filter(document_id__in=mentioned_ids).order_by("document", "pk"):
        found.setdefault(link.document_id, []).append(link)
    for document_id, links in found.items():
        entry = listed[(document_id, MENTIONED)]
        entry["forms"].extend(link.surface_form for link in links if link.surface_form not in entry["forms"])
        # A mention only the matcher suggested is marked as such, with its best score.
        entry["confirmed"] = entry["confirmed"] or any(link.status == NameLink.CONFIRMED for link in links)
        best = max(links, key=lambda link: link.confidence)
        entry["confidence"] = best.confidence
        # Read from a surname or initials rather than a whole name: said, as the reason of the score.
        entry["basis"] = best.get_basis_display() if best.basis != NameLink.NAME else ""


def rendering_groups(person: Person) -> dict[str, list[dict]]:
    """The name's renderings by kind, then by system or language in words:
    {"generated": [{"label": ..., "forms": [...]}], "alias": [...], "attested": [...]}.

    A Korean name's generated forms are what every transcription system gives for its hangul
    (the same form under several systems is listed under each: that is what a reader checking
    one system wants to see); aliases and attested forms are the variants kept with the record.
    The record's own forms (hangul, hanja, MR, RR) are shown apart."""
    groups: dict[str, dict[str, dict]] = {"generated": {}, "alias": {}, "attested": {}}

    def add(kind: str, label: str, form: str, variant=None) -> None:
        row = groups[kind].setdefault(label, {"label": label, "forms": []})
        row["forms"].append({"form": form, "source": variant.source if variant else "",
                             "alias_type": variant.get_alias_type_display() if variant and variant.alias_type else ""})

    if person.tradition == Person.KOREAN and person.hangul:
        for system, forms in renderings(person.hangul, person.hanja).items():
            for form in forms:
                add("generated", system_label(system), form)
    for variant in person.variants.all():
        if variant.kind in groups:
            add(variant.kind, system_label(variant.language or variant.kind), variant.form, variant)
    return {kind: list(rows.values()) for kind, rows in groups.items() if rows}


def year_counts(per_year: dict[int | None, int]) -> tuple[dict[int, int], int]:
    """(documents per dated year, undated documents)."""
    return {year: n for year, n in per_year.items() if year is not None}, per_year.get(None, 0)


"""The six OAI-PMH 2.0 verbs over the ledger (`OaiRecord`), each answering with the element that
goes inside the response, or raising `OaiError` with the protocol's error code.

Which records exist for harvesters is asked of the access policy at every request: a record is
listed if its document is public now, or was once (the ledger's `listed`); it is shown with its
metadata only if the policy says its document is public now, and otherwise as deleted. The
ledger gives the order (datestamp, then identifier), the datestamps and the sets, so a page is
read from one index and costs the same whatever the archive's size.
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Exists, Min, OuterRef, Q
from django.utils import timezone
from lxml import etree

from mosaic.corpus import access
from mosaic.oai import tokens
from mosaic.oai.arguments import Arguments, OaiError, date_range
from mosaic.oai.facts import OaiSet, documents_for_records, exposed_sets, record_facts
from mosaic.oai.metadata import DC, FORMATS, OAI_DC, XML_LANG, XSI, base_url, xml_text
from mosaic.oai.models import OaiRecord

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_IDENTIFIER = "http://www.openarchives.org/OAI/2.0/oai-identifier"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
# The oai-identifier guidelines' repositoryIdentifier: a domain name whose labels start with a letter.
REPOSITORY_IDENTIFIER = re.compile(r"^[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+$")
EMAIL = re.compile(r"^\S+@(\S+\.)+\S+$")


def repository_identifier() -> str:
    """MOSAIC_OAI_REPOSITORY_IDENTIFIER, or else the host of MOSAIC_BASE_URL when it is a domain
    name, or else "mosaic.local"."""
    if settings.MOSAIC_OAI_REPOSITORY_IDENTIFIER:
        return settings.MOSAIC_OAI_REPOSITORY_IDENTIFIER
    host = urlsplit(settings.MOSAIC_BASE_URL).hostname or ""
    return host if REPOSITORY_IDENTIFIER.match(host) else "mosaic.local"


def admin_email() -> str:
    return settings.MOSAIC_OAI_ADMIN_EMAIL or f"archive@{repository_identifier()}"


def base_address() -> str:
    return f"{base_url()}/oai"


def identifier(public_id: str) -> str:
    return f"oai:{repository_identifier()}:{public_id}"


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def harvestable():
    """The records harvesters are told about: public now, or public once (then deleted)."""
    public_now = access.public_documents().filter(pk=OuterRef("document_id"))
    return OaiRecord.objects.filter(Q(listed=True) | Q(Exists(public_now)))


def page_size() -> int:
    return settings.MOSAIC_OAI_PAGE_SIZE


def oai(name: str, parent=None, text=None) -> etree._Element:
    tag = f"{{{OAI}}}{name}"
    element = etree.Element(tag) if parent is None else etree.SubElement(parent, tag)
    if text is not None:
        element.text = xml_text(text)
    return element


def answer(arguments: Arguments) -> etree._Element:
    return VERBS[arguments.verb](arguments)


# --- Identify, ListMetadataFormats, ListSets -------------------------------------------------------

def identify(arguments: Arguments) -> etree._Element:
    element = oai("Identify")
    earliest = harvestable().aggregate(earliest=Min("datestamp"))["earliest"]
    sample = harvestable().order_by("datestamp", "public_id").values_list("public_id", flat=True).first()
    for name, value in (("repositoryName", settings.MOSAIC_INSTITUTION), ("baseURL", base_address()),
                        ("protocolVersion", "2.0"), ("adminEmail", admin_email()),
                        # With no record yet, no datestamp can be earlier than now.
                        ("earliestDatestamp", utc(earliest or timezone.now())),
                        ("deletedRecord", "persistent"), ("granularity", GRANULARITY)):
        oai(name, element, value)
    description = oai("description", element)
    scheme = etree.SubElement(description, f"{{{OAI_IDENTIFIER}}}oai-identifier", nsmap={None: OAI_IDENTIFIER, "xsi": XSI})
    scheme.set(f"{{{XSI}}}schemaLocation", f"{OAI_IDENTIFIER} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd")
    for name, value in (("scheme", "oai"), ("repositoryIdentifier", repository_identifier()), ("delimiter", ":"),
                        ("sampleIdentifier", identifier(sample or "document-id"))):
        etree.SubElement(scheme, f"{{{OAI_IDENTIFIER}}}{name}").text = value
    return element


def list_metadata_formats(arguments: Arguments) -> etree._Element:
    if arguments.get("identifier"):
        row, public = _record(arguments.get("identifier"))
        if not public:
            raise OaiError("noMetadataFormats", "The item is deleted: no metadata of it is disseminated any more.")
    element = oai("ListMetadataFormats")
    for metadata_format in FORMATS.values():
        entry = oai("metadataFormat", element)
        oai("metadataPrefix", entry, metadata_format.prefix)
        oai("schema", entry, metadata_format.schema())
        oai("metadataNamespace", entry, metadata_format.namespace)
    return element


def list_sets(arguments: Arguments) -> etree._Element:
    sets = sorted(exposed_sets().values(), key=lambda oai_set: oai_set.spec)
    if not sets:
        raise OaiError("noSetHierarchy", "This repository has no sets: no collection is published yet.")
    resumption = _resumption(arguments)
    after = resumption.after_id if resumption else ""
    remaining = [oai_set for oai_set in sets if oai_set.spec > after]
    if not remaining:
        raise OaiError("badResumptionToken", "The sets this resumptionToken continues are gone: start the list again.")
    page, more = remaining[:page_size()], len(remaining) > page_size()
    element = oai("ListSets")
    for oai_set in page:
        _set(element, oai_set)
    cursor = resumption.cursor if resumption else 0
    last = tokens.Resumption("ListSets", "", "", "", "", 0, page[-1].spec, cursor + len(page), len(sets), 0)
    _token(element, last, more, resumption, cursor)
    return element


def _set(parent, oai_set: OaiSet) -> None:
    entry = oai("set", parent)
    oai("setSpec", entry, oai_set.spec)
    oai("setName", entry, oai_set.title)
    # The protocol gives a set one name; its Korean title and the descriptions go in Dublin Core,
    # each with its language.
    described = [(name, language, text.strip()) for name, language, text in (
        ("description", "en", oai_set.description), ("title", "ko", oai_set.title_ko),
        ("description", "ko", oai_set.description_ko)) if text.strip()]
    if described:
        description = oai("setDescription", entry)
        dc = etree.SubElement(description, f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
        dc.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")
        for name, language, text in described:
            element = etree.SubElement(dc, f"{{{DC}}}{name}")
            element.set(XML_LANG, language)
            element.text = xml_text(text)


# --- GetRecord, ListIdentifiers, ListRecords -------------------------------------------------------

def get_record(arguments: Arguments) -> etree._Element:
    metadata_format = _format(arguments.get("metadataPrefix"))
    row, public = _record(arguments.get("identifier"))
    element = oai("GetRecord")
    _records(element, [row], metadata_format, exposed_sets(), public={row.document_id} if public else set())
    return element


def list_identifiers(arguments: Arguments) -> etree._Element:
    return _list(arguments, with_metadata=False)


def list_records(arguments: Arguments) -> etree._Element:
    return _list(arguments, with_metadata=True)


def _list(arguments: Arguments, *, with_metadata: bool) -> etree._Element:
    resumption = _resumption(arguments)
    if resumption:
        prefix, set_spec, from_, until = resumption.prefix, resumption.set_spec, resumption.from_, resumption.until
    else:
        prefix, set_spec = arguments.get("metadataPrefix"), arguments.get("set")
        from_, until = arguments.get("from"), arguments.get("until")
    metadata_format = _format(prefix)
    start, end = date_range(from_, until)
    sets = exposed_sets()
    rows = harvestable()
    if set_spec:
        if not sets:
            raise OaiError("noSetHierarchy", "This repository has no sets: no collection is published yet.")
        if set_spec not in {oai_set.spec for oai_set in sets.values()}:
            raise OaiError("noRecordsMatch", f"There is no set “{set_spec}”.")
        # The set and every set inside it.
        rows = rows.filter(Q(sets__contains=f" {set_spec} ") | Q(sets__contains=f" {set_spec}:"))
    if start:
        rows = rows.filter(datestamp__gte=start)
    if end:
        rows = rows.filter(datestamp__lte=end)
    ordered, wanted = rows.order_by("datestamp", "public_id"), page_size() + 1
    if resumption:
        # Two seeks into the (datestamp, identifier) index: the rest of the last datestamp, then
        # what follows it. One query with "later, or as late and further on" would walk the
        # index from its start, and deep pages of a large archive would cost ever more.
        after = dt.datetime.fromtimestamp(resumption.after_datestamp, dt.timezone.utc)
        page = list(ordered.filter(datestamp=after, public_id__gt=resumption.after_id)[:wanted])
        if len(page) < wanted:
            page += list(ordered.filter(datestamp__gt=after)[:wanted - len(page)])
    else:
        page = list(ordered[:wanted])
    more, page = len(page) > page_size(), page[:page_size()]
    if not page:
        raise OaiError("noRecordsMatch", "No record matches these arguments.")
    cursor = resumption.cursor if resumption else 0
    size = resumption.size if resumption else (rows.count() if more else len(page))
    public = set(access.public_documents().filter(pk__in=[row.document_id for row in page if row.document_id])
                 .values_list("pk", flat=True))
    element = oai(arguments.verb)
    _records(element, page, metadata_format if with_metadata else None, sets, public=public)
    last = page[-1]
    following = tokens.Resumption(arguments.verb, prefix, set_spec, from_, until, int(last.datestamp.timestamp()),
                                  last.public_id, cursor + len(page), max(size, cursor + len(page)), 0)
    _token(element, following, more, resumption, cursor)
    return element


def _records(parent, rows: list[OaiRecord], metadata_format, sets: dict[int, OaiSet], *, public: set[int]) -> None:
    """Each row as a record (with metadata_format) or a header (without). Documents the policy
    does not let the public see are deleted records: a header, never metadata."""
    facts = {}
    if metadata_format is not None:
        facts = {document.pk: record_facts(document, sets) for document in documents_for_records(public)}
    specs = {oai_set.spec for oai_set in sets.values()}
    for row in rows:
        shown = facts.get(row.document_id) if metadata_format is not None else None
        deleted = row.document_id not in public or (metadata_format is not None and shown is None)
        container = oai("record", parent) if metadata_format is not None else parent
        header = oai("header", container)
        if deleted:
            header.set("status", "deleted")
        oai("identifier", header, identifier(row.public_id))
        oai("datestamp", header, utc(row.datestamp))
        for spec in row.set_specs():
            if spec in specs:  # a set since unpublished is named no more
                oai("setSpec", header, spec)
        if shown is not None and not deleted:
            oai("metadata", container).append(metadata_format.build(shown))


def _token(parent, following: tokens.Resumption, more: bool, resumption: tokens.Resumption | None, cursor: int) -> None:
    """A resumptionToken for the rest of the list; the response that completes a list begun
    with one carries an empty token (the protocol's end of list)."""
    if not more and resumption is None:
        return
    element = oai("resumptionToken", parent)
    element.set("completeListSize", str(following.size))
    element.set("cursor", str(cursor))
    if more:
        expires = timezone.now().replace(microsecond=0) + tokens.token_lifetime()
        element.text = tokens.issue(tokens.Resumption(**{**following.__dict__, "expires": int(expires.timestamp())}))
        element.set("expirationDate", utc(expires))


def _resumption(arguments: Arguments) -> tokens.Resumption | None:
    token = arguments.get("resumptionToken")
    if not token:
        return None
    try:
        return tokens.read(token, arguments.verb)
    except tokens.BadToken as error:
        raise OaiError("badResumptionToken", str(error)) from None


def _format(prefix: str):
    if prefix not in FORMATS:
        raise OaiError("cannotDisseminateFormat", f"“{prefix}” is not a metadata format of this repository "
                                                  f"({', '.join(FORMATS)}).")
    return FORMATS[prefix]


def _record(oai_identifier: str) -> tuple[OaiRecord, bool]:
    """The record an identifier names, and whether its document is public now."""
    prefix = f"oai:{repository_identifier()}:"
    row = None
    if oai_identifier.startswith(prefix):
        row = harvestable().filter(public_id=oai_identifier[len(prefix):]).first()
    if row is None:
        raise OaiError("idDoesNotExist", "No item of this repository has that identifier.")
    public = row.document_id is not None and access.public_documents().filter(pk=row.document_id).exists()
    return row, public


VERBS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
}

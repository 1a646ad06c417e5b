"""A request's arguments, checked as OAI-PMH 2.0 says (section 3.1 and each verb's own list):
the verb, which arguments it takes and requires, no repeated argument, resumptionToken exclusive,
datestamps in one of the two granularities and the same one for from and until."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.http import QueryDict
from lxml import etree

from mosaic.oai.metadata import NOT_XML


class OaiError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


VERBS = {
    # verb: (required, optional, exclusive)
    "Identify": (set(), set(), None),
    "ListMetadataFormats": (set(), {"identifier"}, None),
    "ListSets": (set(), set(), "resumptionToken"),
    "GetRecord": ({"identifier", "metadataPrefix"}, set(), None),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
}

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
# The protocol's own patterns (the OAI-PMH schema's setSpecType and metadataPrefixType).
SET_SPEC = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$")
METADATA_PREFIX = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+$")


# An identifier is a URI (the schema's anyURI): asked of libxml2 itself, which validators use,
# so that an identifier echoed in a response never makes it invalid.
_URI_CHECK = etree.XMLSchema(etree.fromstring(
    b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="u"><xs:complexType>'
    b'<xs:attribute name="v" type="xs:anyURI" use="required"/></xs:complexType></xs:element></xs:schema>'))


def _is_uri(value: str) -> bool:
    if not value.strip() or NOT_XML.search(value):
        return False
    element = etree.Element("u")
    element.set("v", value)
    return _URI_CHECK.validate(element)


@dataclass(frozen=True)
class Arguments:
    verb: str
    values: dict[str, str]  # every argument but the verb, each given once

    def get(self, name: str) -> str:
        return self.values.get(name, "")


def read_arguments(query: QueryDict) -> Arguments:
    verbs = query.getlist("verb")
    if len(verbs) != 1:
        raise OaiError("badVerb", "The verb argument is missing." if not verbs else "The verb argument is repeated.")
    verb = verbs[0]
    if verb not in VERBS:
        raise OaiError("badVerb", f"“{verb[:80]}” is not an OAI-PMH verb.")
    required, optional, exclusive = VERBS[verb]
    values = {}
    for name in query:
        if name == "verb":
            continue
        if len(query.getlist(name)) > 1:
            raise OaiError("badArgument", f"The argument {name[:40]} is repeated.")
        if name not in required | optional | {exclusive}:
            raise OaiError("badArgument", f"{verb} takes no argument “{name[:40]}”.")
        values[name] = query[name]
    if exclusive and exclusive in values:
        if len(values) > 1:
            raise OaiError("badArgument", f"{exclusive} is an exclusive argument: give it with the verb alone.")
        return Arguments(verb, values)
    missing = sorted(required - set(values))
    if missing:
        raise OaiError("badArgument", f"{verb} requires the argument{'s' if len(missing) > 1 else ''} {', '.join(missing)}.")
    if "identifier" in values and not _is_uri(values["identifier"]):
        raise OaiError("badArgument", "The identifier argument is not a URI (an OAI identifier is oai:REPOSITORY:ID).")
    if "metadataPrefix" in values and not METADATA_PREFIX.match(values["metadataPrefix"]):
        raise OaiError("badArgument", "The metadataPrefix holds characters no metadataPrefix may have.")
    if "set" in values and not SET_SPEC.match(values["set"]):
        raise OaiError("badArgument", "The set argument is not a setSpec (letters, digits and -_.!~*'() joined by \":\").")
    if "from" in values or "until" in values:
        date_range(values.get("from", ""), values.get("until", ""))
    return Arguments(verb, values)


def date_range(from_: str, until: str) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The instants `from` and `until` stand for (UTC, inclusive): a day from its first second to
    its last. Both at the same granularity, from not after until."""
    start = _datestamp(from_, "from", end_of_day=False) if from_ else None
    end = _datestamp(until, "until", end_of_day=True) if until else None
    if from_ and until and bool(_DAY.match(from_)) != bool(_DAY.match(until)):
        raise OaiError("badArgument", "from and until must have the same granularity.")
    if start and end and start > end:
        raise OaiError("badArgument", "from is later than until.")
    return start, end


def _datestamp(value: str, name: str, *, end_of_day: bool) -> dt.datetime:
    try:
        if _DAY.match(value):
            day = dt.date.fromisoformat(value)
            moment = dt.datetime.combine(day, dt.time(23, 59, 59) if end_of_day else dt.time())
        elif _SECOND.match(value):
            moment = dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
        else:
            raise ValueError
    except ValueError:
        raise OaiError("badArgument", f"{name} must be a UTC datestamp, YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ.") from None
    return moment.replace(tzinfo=dt.timezone.utc)

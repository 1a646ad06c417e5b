"""Resumption tokens: where an incomplete list stopped, signed, carried by the harvester.

A token holds the request it continues (verb, metadataPrefix, set, from, until), the place after
the last record given (its datestamp and identifier, the list's order), the cursor, the list's
size as counted when the harvest began, and when the token expires. It is signed with the
archive's secret key, so any process of the archive, before or after a restart, reads it, and
none can be forged or edited; the server keeps nothing.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core import signing
from django.utils import timezone

SALT = "mosaic.oai.resumption-token"


class BadToken(ValueError):
    """A token this archive did not issue, was altered, or has expired; the message says which."""


@dataclass(frozen=True)
class Resumption:
    verb: str
    prefix: str  # empty for ListSets
    set_spec: str
    from_: str  # the request's own arguments, as given
    until: str
    after_datestamp: int  # seconds since the epoch (ListSets: 0)
    after_id: str  # a public id (ListSets: a setSpec)
    cursor: int  # how many records earlier responses gave
    size: int  # completeListSize
    expires: int  # seconds since the epoch


def token_lifetime() -> dt.timedelta:
    return dt.timedelta(seconds=settings.MOSAIC_OAI_TOKEN_SECONDS)


def issue(resumption: Resumption) -> str:
    return signing.dumps(list(asdict(resumption).values()), salt=SALT, compress=True)


def read(token: str, verb: str) -> Resumption:
    try:
        values = signing.loads(token, salt=SALT)
        resumption = Resumption(*values)
    except (signing.BadSignature, TypeError, ValueError):
        raise BadToken("The resumptionToken was not issued by this repository, or was altered.") from None
    if resumption.verb != verb:
        raise BadToken(f"The resumptionToken continues a {resumption.verb} request, not {verb}.")
    if resumption.expires < timezone.now().timestamp():
        expired = dt.datetime.fromtimestamp(resumption.expires, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        raise BadToken(f"The resumptionToken expired at {expired}: start the list again.")
    return resumption

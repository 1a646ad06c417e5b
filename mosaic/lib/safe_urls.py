"""Which addresses Mosaic may store or show as links.

Only absolute http(s) addresses with a host. Imported records and staff forms can carry any
string, and a `javascript:` (or `data:`, `vbscript:`) address rendered as a link runs in the
session of whoever clicks it, reader or coordinator alike.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

# Browsers drop tabs and newlines inside a scheme ("java\tscript:") and trim control characters
# and spaces at both ends, so any of them makes the value suspect rather than something to clean.
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029\ufeff]")


def is_http_url(value: str) -> bool:
    """Whether `value` is an absolute http or https address with a host, and nothing else."""
    if not value or _UNSAFE_CHARACTERS.search(value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def url_problem(value: str) -> str | None:
    """A one-line reason why `value` may not be stored as a link, or None when it may."""
    if is_http_url(value):
        return None
    return "must be an http:// or https:// address (other kinds of link are refused)"

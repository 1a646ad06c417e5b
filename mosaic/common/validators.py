"""Model field validators shared by every app."""
from __future__ import annotations

from django.core.exceptions import ValidationError

from mosaic.lib.safe_urls import url_problem


def validate_http_url(value: str) -> None:
    """Refuse anything but an http(s) address in a field the pages show as a link.

    The check itself is mosaic/lib/safe_urls.py, shared with the import and the templates, so a
    value a curator may save is exactly a value the pages will link to.
    """
    problem = url_problem(value)
    if problem:
        raise ValidationError(f"A link {problem}.", code="not_http_url")

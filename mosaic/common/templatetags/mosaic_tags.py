from django import template
from django.utils.safestring import mark_safe

from mosaic.lib.partial_dates import InvalidDate, PartialDate
from mosaic.lib.rich_text import sanitize_html

register = template.Library()


@register.filter
def date_display(value: str) -> str:
    """ "1956-07-24" → "July 24, 1956"; "1956" stays "1956" (the precision the date has)."""
    try:
        return PartialDate.parse(value).display() if value else "Undated"
    except InvalidDate:
        return value


@register.filter
def rich_text(value) -> str:
    """Essays and biographies as HTML reduced to the allow-list of mosaic/lib/rich_text.py.

    The one place in the templates where text is marked safe: what sanitize_html returns has
    passed nh3, so no script, event attribute or unsafe link can remain in it.
    """
    return mark_safe(sanitize_html(str(value) if value is not None else ""))


@register.filter
def text_pages(text: str) -> list[str]:
    """A text layer's pages: OCR joins them with form feeds, which browsers would draw as a box."""
    return (text or "").split("\f")

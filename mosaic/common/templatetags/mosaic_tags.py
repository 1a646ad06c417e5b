import functools
import re

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from mosaic.lib.partial_dates import InvalidDate, PartialDate
from mosaic.lib.rich_text import sanitize_html
from mosaic.lib.safe_urls import is_http_url
from mosaic.lib.vocabularies import COUNTRY_NAMES

register = template.Library()


@register.filter
def date_display(value: str) -> str:
    """ "1956-07-24" → "July 24, 1956" ("1956년 7월 24일" in Korean pages); "1956" stays a year."""
    try:
        return PartialDate.parse(value).display(get_language()) if value else gettext("Undated")
    except InvalidDate:
        return value


@register.filter
def country_name(key: str) -> str:
    """A country as the pages name it ("USSR", in Korean "소련"); a key the vocabulary lacks as it is."""
    return gettext(COUNTRY_NAMES[key]) if key in COUNTRY_NAMES else key


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


@register.filter
def external_link(url, text=None):
    """A stored address as a link to another site, or as plain text when it is not http(s).

    Every link the templates make from stored data goes through here (or `link_urls`), so a
    `javascript:` value written by an old import or straight into the database is shown as
    text, never as something to click. `text`, if given, is what the link says.
    """
    label = url if text is None else text
    if isinstance(url, str) and is_http_url(url):
        return format_html('<a href="{}" rel="external">{}</a>', url, label)
    return label  # plain text: the template escapes it like any other value


# Free text is split at whitespace; punctuation that ends a sentence is not part of an address.
_SPACES = re.compile(r"(\s+)")
_TRAILING_PUNCTUATION = ".,;:!?'\""


def _split_trailing(word: str) -> tuple[str, str]:
    core = word.rstrip(_TRAILING_PUNCTUATION)
    # A closing bracket belongs to the address only if the address opened one ("..._(1956)").
    while core.endswith(")") and core.count(")") > core.count("("):
        core = core[:-1].rstrip(_TRAILING_PUNCTUATION)
    return core, word[len(core):]


@register.filter
def link_urls(text):
    """Free text (a curated row's sources) with each http(s) address in it made a link.

    Like `external_link`, the one test of what becomes a link is `is_http_url`; every other word,
    `javascript:` ones included, stays escaped text.
    """
    # The same few curated sources are on every document page: each is linked once per process.
    # Only plain text is kept: text already marked safe is not escaped, so it must not share a key.
    return _linked(text) if type(text) is str else _link_urls(text)


@functools.lru_cache(maxsize=4096)
def _linked(text: str):
    return _link_urls(text)


def _link_urls(text):
    pieces = []
    for word in _SPACES.split(str(text or "")):
        core, rest = _split_trailing(word)
        if core and is_http_url(core):
            pieces.append(format_html('<a href="{}" rel="external">{}</a>{}', core, core, rest))
        else:
            pieces.append(conditional_escape(word))
    return format_html_join("", "{}", ((piece,) for piece in pieces))

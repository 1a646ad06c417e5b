"""Rich text for essays and biographies: staff-written HTML reduced to a small allow-list.

Publication bodies and biographies are typed into the staff interface, imported from files or
pasted from word processors, so they are treated as untrusted: `sanitize_html` keeps the few
tags an essay needs, drops everything that can run code or restyle the page (scripts, event
attributes, `javascript:` and `data:` links, styles, frames, SVG and MathML with their content),
and always returns well-formed HTML. Text with no markup at all keeps working as before: it is
escaped and its blank lines become paragraphs, single line breaks `<br>`.
"""
from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = frozenset({
    "p", "br", "em", "strong", "i", "b", "a", "ul", "ol", "li", "blockquote",
    "h2", "h3", "h4", "sup", "sub", "cite", "q", "abbr",
})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
# Relative links (to documents and collections of the archive) pass through as well.
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed together with everything inside them: their content is code, styling or a foreign
# document, never prose a reader should see as text.
DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
    "template", "noscript", "noembed", "noframes", "textarea", "select", "title", "xmp", "plaintext",
})
LINK_REL = "noopener noreferrer"

# Markup that already arranges the text into blocks; without it, blank lines do that job.
_BLOCK_TAG = re.compile(r"<\s*(?:p|ul|ol|li|blockquote|h[2-4])\b", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def _attribute_without_line_breaks(element: str, attribute: str, value: str) -> str:
    # After cleaning, every line break is then in text, never inside a tag, so turning line
    # breaks into <br> afterwards cannot land inside an attribute value.
    return value.replace("\n", " ")


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_attribute_without_line_breaks,
    url_schemes=set(ALLOWED_URL_SCHEMES),
    url_relative="pass_through",
    link_rel=LINK_REL,
    strip_comments=True,
)


def looks_like_html(text: str) -> bool:
    """True if the text has tags or character references, i.e. was written as HTML."""
    return nh3.is_html(text) or bool(_ENTITY.search(text))


def _paragraphs(chunks: list[str]) -> str:
    return "\n\n".join(f"<p>{chunk.replace(chr(10), '<br>' + chr(10))}</p>" for chunk in chunks if chunk)


def sanitize_html(text: str | None) -> str:
    """Safe HTML for `text`: allowed markup kept, everything else removed or escaped."""
    if not text or not text.strip():
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not looks_like_html(text):
        return _paragraphs([html.escape(chunk.strip()) for chunk in _PARAGRAPH_BREAK.split(text)])
    if _BLOCK_TAG.search(text):
        return _CLEANER.clean(text).strip()
    # Inline markup in text laid out with blank lines: each paragraph is cleaned on its own, so
    # a tag left open in one cannot swallow the next.
    return _paragraphs([_CLEANER.clean(chunk).strip() for chunk in _PARAGRAPH_BREAK.split(text)])

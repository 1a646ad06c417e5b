"""A search request, read the same way from the search page, the JSON API and the CLI.

`SearchParameters` declares each parameter once: its name, type, allowed values and meaning. The
API publishes it as its schema and has django-ninja read requests through it;
`search_query_from_params` reads the page's and the CLI's parameters through the same model, so
all three accept and refuse the same things with the same messages.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, NamedTuple

from django.utils.translation import gettext_noop
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, create_model
from pydantic_core import PydanticCustomError

from mosaic.lib.messages import Message
from mosaic.lib.partial_dates import InvalidDate, PartialDate
from mosaic.lib.search_query import LIMITS, ParsedQuery, QueryTooLarge, expand_names, parse_query

# Facet key → heading, in the order pages show them.
FACETS = {
    "origin_country": gettext_noop("Origin"),
    "repository": gettext_noop("Archive"),
    "original_language": gettext_noop("Original language"),
    "translation_language": gettext_noop("Translated into"),
    "collection": gettext_noop("Collection"),
    "subject": gettext_noop("Subject"),
    "place": gettext_noop("Place"),
    "person": gettext_noop("Person"),
    "doc_type": gettext_noop("Document type"),
    "classification": gettext_noop("Classification"),
    "decade": gettext_noop("Decade"),
    "year": gettext_noop("Year"),
}
# What a value of each facet is, for the API's schema.
FACET_VALUES = {
    "origin_country": "a country of origin, e.g. USSR",
    "repository": "a holding archive's code, e.g. RGANI",
    "original_language": "a language code, e.g. ru",
    "translation_language": "a language code, e.g. en",
    "collection": "a collection's slug, e.g. plenum",
    "subject": "a subject heading's key (slug)",
    "place": "a place id in the name authority, e.g. pyongyang",
    "person": "a person id in the name authority, e.g. P001",
    "doc_type": "a document type, e.g. telegram",
    "classification": "a classification as printed, e.g. Secret",
    "decade": "a decade, e.g. 1950s",
    "year": "a year, e.g. 1956",
}
# Marked for the search page, which shows them in the reader's language; the API's schema keeps English.
SORTS = {"relevance": gettext_noop("Relevance"), "date": gettext_noop("Date (earliest first)"),
         "-date": gettext_noop("Date (latest first)"), "title": gettext_noop("Title")}
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100  # a larger per_page is read as this
# Deeper than any archive Mosaic is built for (10 million documents at 100 a page), and small
# enough that the offset it makes is an ordinary number for the database.
MAX_PAGE = 100_000
# Every filter is required, so one value per facet is the common case; a few more (a collection
# and a translation language...) are legitimate, hundreds only make the SQL and every link longer.
MAX_FILTERS = 20
MAX_FILTER_CHARACTERS = 200  # facet values are country names, archive codes, slugs, years
_FALSE = ("", "0", "false")  # what `exact` reads as off; any other value turns it on


class BadParameter(NamedTuple):
    parameter: str
    message: str  # names the parameter, so it reads alone; in English
    wording: Message | None = None  # the same, for a page to word in its reader's language


class InvalidSearch(ValueError):
    """A search the reader can correct. Its text is the first problem's message in English (what
    the API and the command line say; `wording` is the same for a page to word in its reader's
    language); `problems` has every bad parameter found (what the API lists)."""

    def __init__(self, wording: Message, parameter: str = "", problems: list[BadParameter] | None = None):
        super().__init__(str(wording))
        self.wording = wording
        self.problems = problems or [BadParameter(parameter, str(wording), wording)]


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    filters: tuple[tuple[str, str], ...] = ()   # (facet, value) pairs, all required
    date_from: PartialDate | None = None
    date_to: PartialDate | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    exact: bool = False
    parsed: ParsedQuery = field(default=ParsedQuery(), compare=False)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def effective_sort(self) -> str:
        """Relevance needs words to rank by; without them results run by date."""
        return "date" if self.sort == "relevance" and self.parsed.is_empty else self.sort

    @property
    def expanded_names(self):
        """Terms read as a person's name and searched under all its renderings."""
        return [term for term in self.parsed.required if term.alternatives]

    def selected(self, facet: str) -> set[str]:
        return {value for key, value in self.filters if key == facet}


# --- reading one parameter -----------------------------------------------------------------------


def _refuse(template: str, **values) -> PydanticCustomError:
    # The message is passed as context, not as the template, so braces in what a reader typed
    # are not read as placeholders; its wording rides along for pages.
    wording = Message(template, values)
    return PydanticCustomError("invalid_parameter", "{message}", {"message": str(wording), "wording": wording})


def _whole_number(text: str, what: str, default: int, maximum: int, clamp: bool = False) -> int:
    """A whole number from 1 to `maximum` written in ASCII digits; above it, `maximum` when
    `clamp`, else an error. Python's int() would also take "١٢", "1_000", "+3" and thousands of
    digits: none is a number a link of ours carries."""
    text = str(text).strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()):
        raise _refuse(gettext_noop('%(parameter)s must be a whole number, not "%(value)s"'), parameter=what, value=text[:20])
    digits = text.lstrip("0")
    # A number with more digits than the maximum is past it: no need to build a huge int.
    value = int(digits or "0") if len(digits) <= len(str(maximum)) else maximum + 1
    if value < 1:
        raise _refuse(gettext_noop("%(parameter)s must be at least 1"), parameter=what)
    if value > maximum:
        if clamp:
            return maximum
        raise _refuse(gettext_noop("%(parameter)s must be at most %(most)s"), parameter=what, most=f"{maximum:,}")
    return value


def _date(what: str):
    def read(value: Any) -> str:
        text = str(value).strip()
        if not text:
            return ""
        try:
            return PartialDate.parse(text).isoformat()
        except InvalidDate as error:
            raise _refuse(gettext_noop("%(parameter)s: %(problem)s"), parameter=what, problem=error.wording) from None
    return BeforeValidator(read)


def _sort(value: Any) -> str:
    sort = str(value) or "relevance"
    if sort not in SORTS:
        raise _refuse(gettext_noop('sort must be one of %(sorts)s, not "%(value)s"'), sorts=", ".join(SORTS), value=sort[:20])
    return sort


def _facet(facet: str):
    def read(value: Any) -> list[str]:
        values = [str(v).strip() for v in (value if isinstance(value, (list, tuple)) else [value])]
        if any(len(v) > MAX_FILTER_CHARACTERS for v in values):
            raise _refuse(gettext_noop("%(parameter)s: a facet value has at most %(most)s characters"),
                          parameter=facet, most=MAX_FILTER_CHARACTERS)
        return [v for v in values if v]
    return BeforeValidator(read)


# How a partial date is written, for schemas (the check itself is PartialDate.parse).
PARTIAL_DATE_SCHEMA = {"pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$", "examples": ["1956", "1956-08", "1956-08-31"]}


class _Parameters(BaseModel):
    model_config = ConfigDict(extra="ignore")

    q: str = Field("", description=(
        'Words, all required; "a phrase" in double quotes; a prefix*; -excluded. A name the authority knows is '
        f"also searched under its other renderings (see `exact`). At most {LIMITS.characters:,} characters "
        f"and {LIMITS.terms} different words or phrases."))
    date_from: Annotated[str, _date("from")] = Field(
        "", alias="from", description="Documents whose date may fall on or after this: YYYY, YYYY-MM or YYYY-MM-DD.",
        json_schema_extra=PARTIAL_DATE_SCHEMA)
    date_to: Annotated[str, _date("to")] = Field(
        "", alias="to", description="Documents whose date may fall on or before this: YYYY, YYYY-MM or YYYY-MM-DD.",
        json_schema_extra=PARTIAL_DATE_SCHEMA)
    sort: Annotated[Literal[tuple(SORTS)], BeforeValidator(_sort)] = Field(
        "relevance", description="; ".join(f"{key}: {label}" for key, label in SORTS.items())
        + ". Without words, relevance sorts by date.")
    page: Annotated[int, BeforeValidator(lambda v: _whole_number(v, "page", 1, MAX_PAGE))] = Field(
        1, ge=1, le=MAX_PAGE, description=f"The page of results, a whole number from 1 to {MAX_PAGE:,}.")
    per_page: Annotated[int, BeforeValidator(
        lambda v: _whole_number(v, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE, clamp=True))] = Field(
        DEFAULT_PER_PAGE, ge=1,
        description=f"Results a page, a whole number; above {MAX_PER_PAGE} it is read as {MAX_PER_PAGE}.")
    exact: Annotated[bool, BeforeValidator(lambda v: str(v).strip().lower() not in _FALSE)] = Field(
        False, description="Search only the words as typed: names are not expanded to their other renderings. "
                           "Off when absent, empty, 0 or false.")

    def query_items(self) -> list[tuple[str, str]]:
        """The parameters as a query string's (name, value) pairs, defaults left out: what a
        link to this search, or to another page of it, carries."""
        items = [("q", self.q)] if self.q else []
        items += [(facet, value) for facet in FACETS for value in getattr(self, facet)]
        items += [(name, value) for name, value in (("from", self.date_from), ("to", self.date_to)) if value]
        if self.sort != "relevance":
            items.append(("sort", self.sort))
        if self.exact:
            items.append(("exact", "1"))
        if self.per_page != DEFAULT_PER_PAGE:
            items.append(("per_page", str(self.per_page)))
        if self.page != 1:
            items.append(("page", str(self.page)))
        return items

    def search_query(self) -> SearchQuery:
        """The search these parameters ask for, once the checks that take several parameters
        together (how many filters, the date range) and the query's own limits have passed."""
        filters = tuple((facet, value) for facet in FACETS for value in getattr(self, facet))
        if len(filters) > MAX_FILTERS:
            last = next(facet for facet in reversed(FACETS) if getattr(self, facet))
            raise InvalidSearch(Message(gettext_noop("at most %(most)s facet filters can be combined, not %(count)s"),
                                        {"most": MAX_FILTERS, "count": len(filters)}), last)
        date_from = PartialDate.parse(self.date_from) if self.date_from else None
        date_to = PartialDate.parse(self.date_to) if self.date_to else None
        if date_from and date_to and date_from.earliest() > date_to.latest():
            raise InvalidSearch(Message(gettext_noop("the date range ends before it starts")), "to")
        text = self.q.strip()
        try:
            parsed = read_query(text, expand=not self.exact)
        except QueryTooLarge as error:
            raise InvalidSearch(error.wording, "q") from None
        return SearchQuery(text=text, filters=filters, date_from=date_from, date_to=date_to, sort=self.sort,
                           page=self.page, per_page=self.per_page, exact=self.exact, parsed=parsed)


# One list-of-values parameter per facet, repeatable; every value is required.
SearchParameters = create_model(
    "SearchParameters", __base__=_Parameters, __doc__="The parameters of a search, declared once.",
    **{facet: (Annotated[list[str], _facet(facet)],
               Field([], description=f"{FACETS[facet]}: {FACET_VALUES[facet]}. Repeat to require several."))
       for facet in FACETS},
)


def _first(params, key: str) -> Any:
    value = params.get(key, "")
    return (value[0] if isinstance(value, list) and value else value) or ""


def _values(params, key: str) -> list[str]:
    if hasattr(params, "getlist"):
        return params.getlist(key)
    value = params.get(key, [])
    return value if isinstance(value, list) else [value]


def read_parameters(params) -> _Parameters:
    """`params` (a Django QueryDict or a plain dict of strings / lists of strings) checked one by
    one against the declarations; InvalidSearch names every bad one."""
    data = {name: (_values(params, name) if name in FACETS else _first(params, name))
            for name in (info.alias or key for key, info in SearchParameters.model_fields.items())
            if name in params}
    try:
        return SearchParameters.model_validate(data)
    except ValidationError as error:
        problems = [BadParameter(str(e["loc"][0]), e["msg"], e.get("ctx", {}).get("wording")) for e in error.errors()]
        first = problems[0]
        raise InvalidSearch(first.wording or Message(first.message), problems=problems) from None


def search_query_from_params(params) -> SearchQuery:
    """Read `q`, one parameter per facet (repeatable), `from`, `to`, `sort`, `page`, `per_page`,
    and `exact` (when set, person names are not expanded to their other renderings).

    `params` is a Django QueryDict or a plain dict of strings / lists of strings.
    """
    return read_parameters(params).search_query()


def read_query(text: str, expand: bool = True) -> ParsedQuery:
    """A reader's query text as terms, each once, with names expanded to every rendering the
    authority knows unless `expand` is off (the search page's "exact"); QueryTooLarge (a
    ValueError) past the limits."""
    parsed = parse_query(text)
    if expand and not parsed.is_empty:
        from mosaic.entities.name_search import name_reader  # the authority lives in the database

        reader = name_reader()
        if reader:
            parsed = expand_names(parsed, reader)
    # Repeats stay until names are read ("Kim Il Sung Kim Jong Il"); the backend gets each term once.
    return parsed.distinct()

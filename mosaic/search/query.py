"""A search request, read the same way from the search page, the JSON API and the CLI."""
from __future__ import annotations

from dataclasses import dataclass, field

from mosaic.lib.partial_dates import InvalidDate, PartialDate
from mosaic.lib.search_query import ParsedQuery, QueryTooLarge, expand_names, parse_query

# Facet key → heading, in the order pages show them.
FACETS = {
    "origin_country": "Origin",
    "repository": "Archive",
    "original_language": "Original language",
    "translation_language": "Translated into",
    "collection": "Collection",
    "subject": "Subject",
    "place": "Place",
    "person": "Person",
    "doc_type": "Document type",
    "classification": "Classification",
    "decade": "Decade",
    "year": "Year",
}
SORTS = {"relevance": "Relevance", "date": "Date (earliest first)", "-date": "Date (latest first)", "title": "Title"}
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100  # a larger per_page is read as this
# Deeper than any archive Mosaic is built for (10 million documents at 100 a page), and small
# enough that the offset it makes is an ordinary number for the database.
MAX_PAGE = 100_000
# Every filter is required, so one value per facet is the common case; a few more (a collection
# and a translation language...) are legitimate, hundreds only make the SQL and every link longer.
MAX_FILTERS = 20
MAX_FILTER_CHARACTERS = 200  # facet values are country names, archive codes, slugs, years


class InvalidSearch(ValueError):
    pass


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


def _first(params, key: str, default: str = "") -> str:
    value = params.get(key, default)
    return (value[0] if isinstance(value, list) and value else value) or default


def _values(params, key: str) -> list[str]:
    if hasattr(params, "getlist"):
        return params.getlist(key)
    value = params.get(key, [])
    return value if isinstance(value, list) else [value]


def _date(text: str, what: str) -> PartialDate | None:
    if not text.strip():
        return None
    try:
        return PartialDate.parse(text)
    except InvalidDate as error:
        raise InvalidSearch(f"{what}: {error}") from None


def _whole_number(text: str, what: str, default: int, maximum: int, clamp: bool = False) -> int:
    """A whole number from 1 to `maximum` written in ASCII digits; above it, `maximum` when
    `clamp`, else an error. Python's int() would also take "١٢", "1_000", "+3" and thousands of
    digits: none is a number a link of ours carries."""
    text = str(text).strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()):
        raise InvalidSearch(f'{what} must be a whole number, not "{text[:20]}"')
    digits = text.lstrip("0")
    # A number with more digits than the maximum is past it: no need to build a huge int.
    value = int(digits or "0") if len(digits) <= len(str(maximum)) else maximum + 1
    if value < 1:
        raise InvalidSearch(f"{what} must be at least 1")
    if value > maximum:
        if clamp:
            return maximum
        raise InvalidSearch(f"{what} must be at most {maximum:,}")
    return value


def search_query_from_params(params) -> SearchQuery:
    """Read `q`, one parameter per facet (repeatable), `from`, `to`, `sort`, `page`, `per_page`,
    and `exact` (when set, person names are not expanded to their other renderings).

    `params` is a Django QueryDict or a plain dict of strings / lists of strings.
    """
    text = _first(params, "q").strip()
    exact = _first(params, "exact") not in ("", "0", "false")
    filters = tuple(
        (facet, value.strip()) for facet in FACETS for value in _values(params, facet) if value and value.strip()
    )
    if len(filters) > MAX_FILTERS:
        raise InvalidSearch(f"at most {MAX_FILTERS} facet filters can be combined, not {len(filters)}")
    if any(len(value) > MAX_FILTER_CHARACTERS for _, value in filters):
        raise InvalidSearch(f"a facet value has at most {MAX_FILTER_CHARACTERS} characters")
    sort = _first(params, "sort", "relevance")
    if sort not in SORTS:
        raise InvalidSearch(f'sort must be one of {", ".join(SORTS)}, not "{sort[:20]}"')
    date_from = _date(_first(params, "from"), "from")
    date_to = _date(_first(params, "to"), "to")
    if date_from and date_to and date_from.earliest() > date_to.latest():
        raise InvalidSearch("the date range ends before it starts")
    per_page = _whole_number(_first(params, "per_page"), "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE, clamp=True)
    page = _whole_number(_first(params, "page"), "page", 1, MAX_PAGE)
    try:
        parsed = _parse(text, expand=not exact)
    except QueryTooLarge as error:
        raise InvalidSearch(str(error)) from None
    return SearchQuery(
        text=text, filters=filters, date_from=date_from, date_to=date_to, sort=sort,
        page=page, per_page=per_page, exact=exact, parsed=parsed,
    )


def _parse(text: str, expand: bool) -> ParsedQuery:
    parsed = parse_query(text)
    if expand and not parsed.is_empty:
        from mosaic.entities.name_search import name_reader  # the authority lives in the database

        reader = name_reader()
        if reader:
            parsed = expand_names(parsed, reader)
    # Repeats stay until names are read ("Kim Il Sung Kim Jong Il"); the backend gets each term once.
    return parsed.distinct()

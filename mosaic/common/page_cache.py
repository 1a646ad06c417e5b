"""Anonymous readers' pages, kept in a cache that every server process shares and forgotten on
every change (docs/architecture.md, "Serving").

Only what is the same for every anonymous reader is kept: GET answers with status 200, HTML or
JSON, of the routes in CACHEABLE_ROUTES (home, search, document, person, term, collection,
publication and event pages, and the API's reads), to requests that carry no session or message
cookie and no credentials, whose answer sets no cookie, starts no session, says nothing private
(Cache-Control) and varies on nothing but the cookie. The one per-reader thing such a page may
hold, the CSRF token of its forms (a document page's marker disputes), is kept as a placeholder
and filled in with the reader's own token when the page is served.

Keys carry a generation: a random token stored beside the pages, replaced after the commit of
every transaction that writes to the archive. The change service replaces it for the documents
it hears about; `watch_writes`, a wrapper around every SQL statement of every connection, does so
for any other write (a bulk update, a job's markers, the name authority, a publication), so a
change made by any process, the server's, a worker's or a command's, is never hidden behind a
page kept from before it. Entries also expire after PAGE_SECONDS, in case something writes the
database behind Django's back.
"""
from __future__ import annotations

import hashlib
import re
import threading
import time
import uuid

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connections
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.urls import Resolver404, resolve

PAGES = "pages"  # the cache alias of the pages
FRAGMENTS = "fragments"  # the cache alias of parts of pages (kept_for_generation, citations.kept)
GENERATION = "page_generation"  # the cache alias of the generation (its own directory: never culled with pages)
GENERATION_KEY = "generation"
PAGE_SECONDS = 300  # the safety net: no page is served from the cache longer than this

LANGUAGE_PREFIXES = frozenset(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
CACHEABLE_ROUTES = frozenset({
    "", "search", "documents/<slug:public_id>/", "people/", "people/<str:person_id>/", "terms/", "terms/<slug:term_id>/",
    "collections/", "collections/<slug:slug>/", "publications/", "publications/<slug:slug>/", "events/",
    "events/<str:row_id>/",
    "api/search", "api/documents/<public_id>", "api/documents/<public_id>/lens", "api/collections",
    "api/collections/<slug>", "api/publications", "api/publications/<slug>",
})
CACHEABLE_TYPES = ("text/html", "application/json")

# Tables whose writes change no page a reader sees: sessions, sign-in throttling, the job queue's
# own rows and worker heartbeats (written every few seconds; they would empty the cache as often).
# What a job computes (markers, name links, the pending notes) is written to other tables.
UNSEEN_TABLES = frozenset({
    "django_session", "axes_accessattempt", "axes_accessattemptexpiration", "axes_accesslog", "axes_accessfailurelog",
    "django_tasks_database_dbtaskresult", "jobs_workerprocess",
})
_WRITE = re.compile(r"\s*(?:INSERT|UPDATE|DELETE|REPLACE|TRUNCATE|MERGE|CREATE|DROP|ALTER)\b", re.IGNORECASE)
_WITH = re.compile(r"\s*WITH\b", re.IGNORECASE)
_WRITE_IN_WITH = re.compile(r"\b(?:INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
_TABLE = re.compile(
    r'\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)

CSRF_PLACEHOLDER = b"mosaic-page-cache-csrf-token-placeholder"
# A masked CSRF token as Django writes it into a form: 64 letters and digits.
_MASKED_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


# --- the cache's files -----------------------------------------------------------------------------

class FileCache(FileBasedCache):
    """Django's file cache, but culled at most once every CULL_SECONDS by each process. Django's
    own lists the whole directory before every store to see whether it is full: 12 ms at 5,000
    pages, as long as making a small page. Between two culls the processes may store more than
    MAX_ENTRIES; the next cull brings the count down again."""

    CULL_SECONDS = 10
    _culled: dict[str, float] = {}  # directory -> when this process last culled it
    _culling = threading.Lock()

    def _cull(self):
        now = time.monotonic()
        with self._culling:
            # Per directory, not per instance: Django gives every thread its own cache object.
            if now - self._culled.get(self._dir, float("-inf")) < self.CULL_SECONDS:
                return
            self._culled[self._dir] = now
        super()._cull()


# --- the generation ------------------------------------------------------------------------------

def current_generation() -> str:
    cache = caches[GENERATION]
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # First use, or the file was removed: a fresh token (never one an old page was kept under).
        cache.add(GENERATION_KEY, _new_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY) or _new_generation()
    return generation


def kept_for_generation(name: str, make, seconds: int = PAGE_SECONDS):
    """What `make()` returns, kept in the shared cache under `name` and the current generation,
    so that the next write to the archive forgets it: for what many pages share and is the same
    for every reader (the figures of a group of public documents). Inside a transaction it is
    made afresh: the transaction's own writes replace the generation only when it commits."""
    if connections["default"].in_atomic_block:
        return make()
    # The generation read first, as for pages (PageCacheMiddleware); the name may hold any character.
    key = f"{current_generation()}:{hashlib.sha256(name.encode('utf-8', 'surrogatepass')).hexdigest()}"
    kept = caches[FRAGMENTS].get(key)
    if kept is None:
        kept = make()
        caches[FRAGMENTS].set(key, kept, seconds)
    return kept


_in_process: dict[str, tuple[str, float, object]] = {}  # name -> (generation, made at, what was made)


def kept_in_process(name: str, make, seconds: int = PAGE_SECONDS):
    """What `make()` returns, kept in this process's memory until the next write to the archive
    (which replaces the generation) or for `seconds`, like a page: for small things many pages
    read and no page changes (the context tables, the name authority's terms), as Python objects
    with no pickling. Inside a transaction it is made afresh, as in `kept_for_generation`."""
    if connections["default"].in_atomic_block:
        return make()
    generation, now = current_generation(), time.monotonic()
    kept = _in_process.get(name)
    if kept is not None and kept[0] == generation and now - kept[1] < seconds:
        return kept[2]
    made = make()
    # Two threads may both make it after a change: the same thing, made twice, once.
    _in_process[name] = (generation, now, made)
    return made


def _new_generation() -> str:
    # When it was made, then what makes it unique: the time tells how recent the last change is.
    return f"{time.time():.3f}-{uuid.uuid4().hex}"


def forget_pages() -> None:
    """Every page kept so far is out of date: readers get freshly made ones from now on."""
    caches[GENERATION].set(GENERATION_KEY, _new_generation(), timeout=None)


_registered = threading.local()  # per thread, as connections are: the commit hooks list we joined


def pages_changed(using="default") -> None:
    """The current transaction on `using` (an alias or a connection) changes what readers see:
    forget every kept page once it commits (at once, outside a transaction). Replacing the
    generation before the commit would let a reader keep the old state under the new generation."""
    # A connection object too: PostgreSQL's maintenance connection (creating a test database)
    # has no alias in `connections`.
    connection = connections[using] if isinstance(using, str) else using
    using = connection.alias
    if not connection.in_atomic_block:
        forget_pages()
        return
    # One hook per transaction: Django starts a new list of commit hooks after each commit or
    # rollback, so being registered in the current list means this transaction is covered.
    hooks = connection.run_on_commit
    if getattr(_registered, using, None) is hooks:
        return
    setattr(_registered, using, hooks)
    connection.on_commit(forget_pages)


def writes_seen_tables(sql: str) -> bool:
    """Whether a statement may change what a reader sees (anything but a read, or a write to the
    bookkeeping tables); a statement it cannot read counts as a change."""
    if not _WRITE.match(sql):
        return bool(_WITH.match(sql) and _WRITE_IN_WITH.search(sql))
    table = _TABLE.match(sql)
    return not (table and table.group(1).lower() in UNSEEN_TABLES)


def watch_writes(execute, sql, params, many, context):
    """An execute wrapper (installed on every connection by changes/signals.py). After the
    statement: outside a transaction it has committed by then, and only then may pages go."""
    try:
        return execute(sql, params, many, context)
    finally:
        if isinstance(sql, str) and writes_seen_tables(sql):
            pages_changed(context["connection"])


def install_write_watch(sender, connection, **kwargs) -> None:
    """For the connection_created signal. First in the list, so that a wrapper another caller adds
    and removes around its own statements (`connection.execute_wrapper`) removes its own."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, watch_writes)


# --- serving -------------------------------------------------------------------------------------

def _may_use_cache(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    # A session may hold a signed-in user or messages; a message cookie holds messages to show.
    if settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES:
        return False
    if "HTTP_AUTHORIZATION" in request.META or request.user.is_authenticated:
        return False
    try:
        return _unprefixed(resolve(request.path_info).route) in CACHEABLE_ROUTES
    except Resolver404:
        return False


def _unprefixed(route: str) -> str:
    """The route without its language prefix ("ko/search" -> "search"): a page is kept in each
    language, under its own address."""
    head, slash, rest = route.partition("/")
    return rest if slash and head in LANGUAGE_PREFIXES else route


def _key(request, generation: str) -> str:
    # The scheme and host are part of the page (absolute links in citations and the API).
    address = hashlib.sha256(request.build_absolute_uri().encode("utf-8", "surrogateescape")).hexdigest()
    return f"{generation}:{address}"


def _vary_only_on_cookie(response) -> bool:
    # A bare (English) address varies on Accept-Language only through the redirect of
    # LanguageGuessMiddleware, which runs above this cache: the page itself is the same for all.
    varies = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return varies <= {"cookie", "accept-language"}


def _may_store(request, response) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith(CACHEABLE_TYPES)
        and not response.cookies  # set by the view or a middleware below this one
        and not request.session.modified  # a session begun for this reader (its cookie is set above)
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and _vary_only_on_cookie(response)
    )


def _without_csrf_tokens(request, content: bytes) -> tuple[bytes, bool] | None:
    """The page with this reader's CSRF tokens replaced by the placeholder, and whether it had
    any; None if it cannot be kept."""
    if CSRF_PLACEHOLDER in content:
        return None
    if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return content, False  # no form asked for a token
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return None
    found = False

    def placeholder(match):
        nonlocal found
        if _unmask_cipher_token(match.group().decode("ascii")) == secret:
            found = True
            return CSRF_PLACEHOLDER
        return match.group()

    return _MASKED_TOKEN.sub(placeholder, content), found


def _replica_may_lag(generation: str) -> bool:
    """With a read replica, a page made just after a change may have been read from a replica that
    has not received it yet: such pages are served but not kept."""
    if "replica" not in settings.DATABASES:
        return False
    made = float(generation.split("-", 1)[0])
    return time.time() - made < float(getattr(settings, "MOSAIC_REPLICA_PIN_SECONDS", 5))


class PageCacheMiddleware:
    """Placed after the authentication middleware (it asks who the reader is) and the CSRF
    middleware (which sets the cookie of the token it fills in), before the message middleware.

    A page asked for again while this process is still making it is waited for (up to
    WAIT_SECONDS) rather than made twice: after a change has forgotten every page, or when a
    server starts, many readers ask for the same few pages (home, people, popular documents) at
    once, and each would otherwise make its own copy, all of them slower for sharing the CPU."""

    WAIT_SECONDS = 10

    def __init__(self, get_response):
        self.get_response = get_response
        self._making: dict[str, threading.Event] = {}  # key -> set once the page is made (or not kept)
        self._lock = threading.Lock()

    def __call__(self, request):
        if not settings.MOSAIC_PAGE_CACHE or not _may_use_cache(request):
            return self.get_response(request)
        # Read before the page is made: a change committed meanwhile replaces the generation, so
        # a page made from the state before it is kept under a key nobody asks for again.
        generation = current_generation()
        key = _key(request, generation)
        kept = caches[PAGES].get(key)
        if kept is not None:
            return self._served(request, kept)
        with self._lock:
            made = self._making.get(key)
            if made is None:
                self._making[key] = threading.Event()
        if made is not None:
            made.wait(self.WAIT_SECONDS)
            kept = caches[PAGES].get(key)
            if kept is not None:
                return self._served(request, kept)
            return self._made(request, key, generation)  # not kept (or too slow): this reader's own
        try:
            # Another reader's copy may have been kept between this reader's look and its turn.
            kept = caches[PAGES].get(key)
            return self._served(request, kept) if kept is not None else self._made(request, key, generation)
        finally:
            with self._lock:
                self._making.pop(key).set()

    def _made(self, request, key: str, generation: str):
        response = self.get_response(request)
        if request.method == "GET" and _may_store(request, response) and not _replica_may_lag(generation):
            content = _without_csrf_tokens(request, response.content)
            if content is not None:
                body, has_tokens = content
                headers = [(name, value) for name, value in response.items() if name.lower() != "content-length"]
                caches[PAGES].set(key, {"headers": headers, "content": body, "csrf": has_tokens}, PAGE_SECONDS)
        return response

    @staticmethod
    def _served(request, kept) -> HttpResponse:
        content = kept["content"]
        if kept["csrf"]:
            # The reader's own token (and, through the CSRF middleware, its cookie), as the page
            # made for them would have had.
            content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode("ascii"))
        response = HttpResponse(content)
        for name, value in kept["headers"]:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response

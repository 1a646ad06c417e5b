"""Django settings for Mosaic.

All state lives under MOSAIC_HOME (default ./var): the SQLite database, stored files, indexes,
collected static files and the generated secret key. One directory to back up or delete.
"""
import os
import secrets
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
MOSAIC_HOME = Path(os.environ.get("MOSAIC_HOME", "var")).resolve()
DATA_DIR = PACKAGE_DIR / "data"


def _secret_key() -> str:
    # Generated once per installation and kept beside its data, so that no secret is committed
    # and sessions survive restarts.
    if os.environ.get("MOSAIC_SECRET_KEY"):
        return os.environ["MOSAIC_SECRET_KEY"]
    key_file = MOSAIC_HOME / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    try:
        MOSAIC_HOME.mkdir(parents=True, exist_ok=True)
        key_file.write_text(key)
        key_file.chmod(0o600)
    except OSError:
        pass  # a read-only home still serves, with sessions lasting one process
    return key


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("MOSAIC_DEBUG", "") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("MOSAIC_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver").split(",") if h]

# The name printed in citations ("..., <institution> Digital Archive, ...").
MOSAIC_INSTITUTION = os.environ.get("MOSAIC_INSTITUTION", "Mosaic Digital Archive")
MOSAIC_BASE_URL = os.environ.get("MOSAIC_BASE_URL", "http://127.0.0.1:8000")
# OAI-PMH at /oai (docs/oai.md): the repository identifier of every record's identifier
# (oai:IDENTIFIER:public-id; empty: MOSAIC_BASE_URL's host if a domain name, else mosaic.local;
# set it once and keep it), the address Identify gives, records a page, a resumption token's life.
MOSAIC_OAI_REPOSITORY_IDENTIFIER = os.environ.get("MOSAIC_OAI_REPOSITORY_IDENTIFIER", "").strip()
MOSAIC_OAI_ADMIN_EMAIL = os.environ.get("MOSAIC_OAI_ADMIN_EMAIL", "").strip()
MOSAIC_OAI_PAGE_SIZE = int(os.environ.get("MOSAIC_OAI_PAGE_SIZE", "100"))
MOSAIC_OAI_TOKEN_SECONDS = int(os.environ.get("MOSAIC_OAI_TOKEN_SECONDS", "86400"))
# Open data at /data/ (docs/open-data.md): how many published dumps to keep, and the dataset's
# licence as datapackage.json and the page name it (an SPDX id such as CC0-1.0, and its address).
MOSAIC_OPEN_DATA_KEEP = int(os.environ.get("MOSAIC_OPEN_DATA_KEEP", "3"))
MOSAIC_OPEN_DATA_LICENSE = os.environ.get("MOSAIC_OPEN_DATA_LICENSE", "").strip()
MOSAIC_OPEN_DATA_LICENSE_URL = os.environ.get("MOSAIC_OPEN_DATA_LICENSE_URL", "").strip()
# House style for Korean names in translations (see mosaic/entities/house_style.py).
MOSAIC_NAME_STYLE = os.environ.get("MOSAIC_NAME_STYLE", "rr_mr")
# Pages a server process makes at once (common/turns.py); unset, one on SQLite and four on PostgreSQL.
MOSAIC_PAGES_AT_ONCE = int(os.environ.get("MOSAIC_PAGES_AT_ONCE", "0")) or None
MOSAIC_SEARCH_TIME_BUDGET = float(os.environ.get("MOSAIC_SEARCH_TIME_BUDGET", "5"))  # seconds a search may run (docs/search.md)
# PostgreSQL only: the index of the documents' words, "rum" (ranks inside the index: fast broad
# searches, slower writes) or "gin" (fast writes; ranking reads every hit). docs/postgres.md.
MOSAIC_SEARCH_WORDS_INDEX = os.environ.get("MOSAIC_SEARCH_WORDS_INDEX", "rum")
if MOSAIC_SEARCH_WORDS_INDEX not in ("rum", "gin"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f'MOSAIC_SEARCH_WORDS_INDEX is "{MOSAIC_SEARCH_WORDS_INDEX}": write rum or gin')
# Anonymous readers' pages kept in a cache every server process shares, forgotten on every change
# (mosaic/common/page_cache.py). Off under pytest, where a test turns it on to test it.
MOSAIC_PAGE_CACHE = os.environ.get("MOSAIC_PAGE_CACHE", "0" if "pytest" in sys.modules else "1") == "1"
# Files under MOSAIC_HOME: shared by the processes of `mosaic serve --workers N`, the workers and
# the commands, with no server to run (docs/architecture.md, "Serving"). The default cache holds
# the registration throttle's counts, which must count across processes too.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": MOSAIC_HOME / "cache" / "default"},
    # Django's file cache lists its whole directory before every store; this one does so at most
    # every few seconds per process (12 ms a store at 5,000 pages before).
    "pages": {"BACKEND": "mosaic.common.page_cache.FileCache",
              "LOCATION": MOSAIC_HOME / "cache" / "pages", "TIMEOUT": 300,
              "OPTIONS": {"MAX_ENTRIES": 20000, "CULL_FREQUENCY": 3}},
    "page_generation": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                        "LOCATION": MOSAIC_HOME / "cache" / "generation", "TIMEOUT": None},
    # Parts of pages that are costly to make: a document's citations, keyed by every fact in them
    # (so kept across changes), and the marker baselines of groups of documents, keyed by the
    # page cache's generation. A few hundred bytes to a few KB an entry.
    "fragments": {"BACKEND": "mosaic.common.page_cache.FileCache",
                  "LOCATION": MOSAIC_HOME / "cache" / "fragments",
                  "OPTIONS": {"MAX_ENTRIES": 100000, "CULL_FREQUENCY": 4}},
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "reversion",
    "mosaic.other_apps.SignInThrottling",  # django-axes, named in Korean too (mosaic/other_apps.py)
    "csp",
    # Only for its vendored Swagger UI files: with "ninja" installed, /api/docs loads them from
    # /static/ninja/ instead of a CDN.
    "ninja",
    "mosaic.common",
    "mosaic.archives",
    "mosaic.entities",
    "mosaic.corpus",
    "mosaic.collections",
    "mosaic.publications",
    "mosaic.search",
    "mosaic.citations",
    "mosaic.ingest",
    "mosaic.curation",
    "mosaic.translations",
    "mosaic.reports",
    "mosaic.accounts",
    "mosaic.context",
    "mosaic.timeline",
    "mosaic.relations",
    "mosaic.subjects",
    "mosaic.lens",
    "mosaic.preservation",
    "mosaic.ocr",
    "mosaic.iiif",
    "mosaic.pages",
    "mosaic.books",
    "mosaic.oai",
    "mosaic.opendata",
    "mosaic.annotations",
    # Background jobs: the queue lives in the archive's own database (docs/jobs.md).
    "django_tasks",
    "mosaic.other_apps.JobQueue",  # django-tasks-db, named in Korean too
    "mosaic.jobs",
    "mosaic.changes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: the policy is for pages (and the answers of every middleware below).
    "csp.middleware.CSPMiddleware",
    # A request the busy database turned away (an import holds SQLite's write lock) gets a 503 page.
    "mosaic.common.archive_busy.ArchiveBusyMiddleware",
    # With a read replica: a request that wrote reads the primary (off with one database).
    "mosaic.common.db_router.PinToPrimaryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # A reader who chose Korean (or whose browser asks for it first) is sent from a bare page
    # address to /ko/...: above the page cache, so a kept English page never answers instead.
    "mosaic.common.language.LanguageGuessMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Other sites may read IIIF and the API as the public sees them: after authentication (a
    # signed-in reader's answers are not shared), outside the page cache (its answers are shared too).
    "mosaic.iiif.cors.CrossOriginReadMiddleware",
    # Anonymous readers' pages from the shared cache (MOSAIC_PAGE_CACHE): after authentication (it
    # serves no one signed in) and CSRF (which sets the cookie of the token it fills into forms).
    "mosaic.common.page_cache.PageCacheMiddleware",
    # Below the page cache (its answers take no turn): a process makes its pages in turns.
    "mosaic.common.turns.TurnsMiddleware",
    # Every changing request is one revision in the history, with the signed-in user.
    "reversion.middleware.RevisionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into a clear refusal.
    "axes.middleware.AxesMiddleware",
]

# URL names, not paths: a reader signing in on a Korean page stays in Korean pages.
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "pages:home"
LOGOUT_REDIRECT_URL = "pages:home"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "mosaic.urls"
WSGI_APPLICATION = "mosaic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "mosaic.common.context_processors.site",
            ],
            "builtins": [
                "mosaic.common.templatetags.mosaic_tags",
            ],
        },
    },
]


def _database() -> dict:
    """SQLite under MOSAIC_HOME, or the PostgreSQL server MOSAIC_DATABASE_URL names
    (postgresql://USER:PASSWORD@HOST:PORT/NAME; docs/postgres.md)."""
    url = os.environ.get("MOSAIC_DATABASE_URL", "").strip()
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": MOSAIC_HOME / "mosaic.sqlite3",
            # Each server thread keeps its connection for a while instead of opening one per
            # request: opening reads the whole schema again, about 3 ms of every fresh page.
            "CONN_MAX_AGE": 600,
            "OPTIONS": {
                # WAL lets readers go on while an import writes; the timeout rides out short locks.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
            },
        }
    return database_from_url(url)


def database_from_url(url: str, variable: str = "MOSAIC_DATABASE_URL") -> dict:
    """Django's settings for the PostgreSQL database a MOSAIC_DATABASE_URL (or `variable`) names."""
    import dj_database_url
    from django.core.exceptions import ImproperlyConfigured

    try:
        # Connections are kept a minute (a server thread reuses its own) and checked before reuse.
        database = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"{variable} cannot be read ({error}); "
                                   "it looks like postgresql://USER:PASSWORD@HOST:PORT/NAME") from None
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(f"{variable} must name a PostgreSQL database (postgresql://...); "
                                   "leave it unset for SQLite under MOSAIC_HOME")
    return database


def _replica_database() -> dict | None:
    """A streaming read replica of the PostgreSQL primary, if MOSAIC_REPLICA_DATABASE_URL names one
    (docs/deploy.md): mosaic/common/db_router.py sends reads there, writes to the primary."""
    url = os.environ.get("MOSAIC_REPLICA_DATABASE_URL", "").strip()
    if not url:
        return None
    from django.core.exceptions import ImproperlyConfigured

    if not os.environ.get("MOSAIC_DATABASE_URL", "").strip():
        raise ImproperlyConfigured("MOSAIC_REPLICA_DATABASE_URL names a read replica, but MOSAIC_DATABASE_URL names no "
                                   "primary: set both (postgresql://...), or neither for SQLite under MOSAIC_HOME")
    replica = database_from_url(url, "MOSAIC_REPLICA_DATABASE_URL")
    # Test runs make no database of their own for the replica: it reads the primary's test database.
    replica["TEST"] = {"MIRROR": "default"}
    return replica


DATABASES = {"default": _database()}
if _replica := _replica_database():
    DATABASES["replica"] = _replica
DATABASE_ROUTERS = ["mosaic.common.db_router.PrimaryReplicaRouter"] if "replica" in DATABASES else []
# How long a browser that has just written keeps reading the primary (the replica may lag).
MOSAIC_REPLICA_PIN_SECONDS = float(os.environ.get("MOSAIC_REPLICA_PIN_SECONDS", "5"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The interface in English (at the bare address) and Korean (under /ko/): mosaic/common/language.py.
LANGUAGES = [("en", "English"), ("ko", "Korean")]
# Each app keeps its own catalogue in its locale/ folder; strings of the project's own templates
# and modules are in mosaic/locale.
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Collected by `mosaic init`. MOSAIC_STATIC_ROOT lets installations (and the tests' throwaway
# archives) share one collection instead of compressing the same files again for each.
STATIC_ROOT = Path(os.environ.get("MOSAIC_STATIC_ROOT", "").strip() or MOSAIC_HOME / "static").resolve()
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": MOSAIC_HOME / "files"}},
    "staticfiles": {"BACKEND": "mosaic.common.static_storage.KeptCompressedStaticFilesStorage"},
}
# Serving straight from the app folders means `mosaic serve` works before collectstatic has run.
WHITENOISE_USE_FINDERS = True

# Security basics. Cookies are marked Secure when the archive is served over HTTPS
# (MOSAIC_HTTPS=1, e.g. behind a TLS proxy); `mosaic serve` on a laptop speaks plain HTTP.
MOSAIC_HTTPS = os.environ.get("MOSAIC_HTTPS", "") == "1"
SESSION_COOKIE_SECURE = MOSAIC_HTTPS
CSRF_COOKIE_SECURE = MOSAIC_HTTPS
SECURE_SSL_REDIRECT = MOSAIC_HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if MOSAIC_HTTPS else None
# Start short; raise once HTTPS is known to work (a misconfigured year-long HSTS locks readers out).
SECURE_HSTS_SECONDS = int(os.environ.get("MOSAIC_HSTS_SECONDS", "3600")) if MOSAIC_HTTPS else 0
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12  # a working day; staff sign in again the next morning
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Login throttling (django-axes): five failed sign-ins for one username from one address lock
# that pair out for an hour; the lock and every attempt are listed in the staff interface.
AXES_FAILURE_LIMIT = int(os.environ.get("MOSAIC_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "locked_out.html"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts only from our own static files, so an injected
# <script>, on*= attribute or javascript: link cannot run even if it reached a page. Every
# script is a file under /static/ (data-* attributes carry page values); see docs/security.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Style sheets from our files only, plus the one <style> OpenSeadragon 6.1.1 inserts
        # (hiding the canvas's focus ring on touch screens), allowed by the hash of its exact text;
        # a new OpenSeadragon with other text is then refused, and the viewer's browser test says so.
        "style-src": ["'self'", "'sha256-9xTiqzfwFaL2SGb1rmr8gysEwVVjIvqWAgmZgqFqpEE='"],
        # data: for the small images Django's admin and Swagger UI draw from CSS.
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Uploads larger than this are refused rather than buffered (ingest reads files from disk).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Preservation: scans and PDFs are stored under their SHA-256 here; uploads and ingested files
# over the size limit are refused. Page-image derivatives (IIIF) are a cache and can be rebuilt.
MOSAIC_FILE_STORE = MOSAIC_HOME / "store"
MOSAIC_DERIVATIVES = MOSAIC_HOME / "derivatives"
# Publications and documents set as PDF and EPUB (mosaic/books), kept until their content changes; rebuildable.
MOSAIC_BOOKS = MOSAIC_HOME / "cache" / "books"
MOSAIC_FILE_MAX_BYTES = int(os.environ.get("MOSAIC_FILE_MAX_BYTES", str(100 * 1024 * 1024)))


def file_storage_from_url(url: str, endpoint_url: str = "", region: str = "") -> dict:
    """The STORAGES entry (django-storages' S3Storage) for the bucket a MOSAIC_FILE_STORAGE names
    (s3://BUCKET/PREFIX; docs/deploy.md). Credentials come from the environment as boto3 reads
    them (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, or the machine's role)."""
    from urllib.parse import urlsplit

    from django.core.exceptions import ImproperlyConfigured

    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc or parts.query or parts.fragment:
        raise ImproperlyConfigured(f"MOSAIC_FILE_STORAGE must look like s3://BUCKET/PREFIX, not {url!r}; "
                                   "leave it unset to keep stored files under MOSAIC_HOME/store")
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": parts.netloc, "location": parts.path.strip("/"),
        "endpoint_url": endpoint_url or None, "region_name": region or None,
        # Mosaic names every object by its SHA-256 and never replaces one.
        "file_overwrite": False,
    }}


# Stored files in an S3-compatible bucket instead of MOSAIC_FILE_STORE, shared by every web and
# worker machine. Page images, OCR and the page count need a real file: objects are copied into a
# cache on each machine (MOSAIC_FILE_CACHE), bounded at MOSAIC_FILE_CACHE_BYTES (least recently
# used go first).
MOSAIC_FILE_STORAGE = os.environ.get("MOSAIC_FILE_STORAGE", "").strip()
if MOSAIC_FILE_STORAGE:
    STORAGES["mosaic_files"] = file_storage_from_url(MOSAIC_FILE_STORAGE, os.environ.get("MOSAIC_S3_ENDPOINT_URL", "").strip(),
                                                     os.environ.get("MOSAIC_S3_REGION", "").strip())
MOSAIC_FILE_CACHE = Path(os.environ.get("MOSAIC_FILE_CACHE", MOSAIC_HOME / "cache" / "files")).resolve()
MOSAIC_FILE_CACHE_BYTES = int(os.environ.get("MOSAIC_FILE_CACHE_BYTES", str(2 * 1024 * 1024 * 1024)))

# Ingest limits (docs/ingest-format.md, "Limits"): far above real records, low enough that a
# broken or hostile import file is refused early instead of running for minutes.
MOSAIC_INGEST_MAX_BYTES = int(os.environ.get("MOSAIC_INGEST_MAX_BYTES", str(200 * 1024 * 1024)))
MOSAIC_INGEST_MAX_LINE_BYTES = int(os.environ.get("MOSAIC_INGEST_MAX_LINE_BYTES", str(16 * 1024 * 1024)))
MOSAIC_INGEST_MAX_TEXT_CHARS = int(os.environ.get("MOSAIC_INGEST_MAX_TEXT_CHARS", "1000000"))
MOSAIC_INGEST_MAX_AGENTS = int(os.environ.get("MOSAIC_INGEST_MAX_AGENTS", "2000"))
MOSAIC_INGEST_MAX_CREDITS = int(os.environ.get("MOSAIC_INGEST_MAX_CREDITS", "200"))
MOSAIC_INGEST_MAX_TEXTS = int(os.environ.get("MOSAIC_INGEST_MAX_TEXTS", "50"))
MOSAIC_INGEST_MAX_FILES = int(os.environ.get("MOSAIC_INGEST_MAX_FILES", "5000"))
MOSAIC_INGEST_MAX_COLLECTIONS = int(os.environ.get("MOSAIC_INGEST_MAX_COLLECTIONS", "100"))
# The Tesseract binary `mosaic ocr` runs (Debian's tesseract-ocr, installed by scripts/install-ocr.sh).
MOSAIC_TESSERACT = os.environ.get("MOSAIC_TESSERACT", "tesseract")

# Background jobs (docs/jobs.md): what a change derives (language markers, name links) is queued
# in the archive's own database, in the changing transaction, and done by `mosaic worker`.
# MOSAIC_JOBS_RUN=immediately runs each job in the process that queues it instead; the test suite
# does so by default, so every test sees the archive complete (the queue's own tests use the queue).
MOSAIC_JOBS_RUN = os.environ.get("MOSAIC_JOBS_RUN") or ("immediately" if "pytest" in sys.modules else "worker")
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"} if MOSAIC_JOBS_RUN == "immediately"
    else {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}
MOSAIC_JOBS_MAX_ATTEMPTS = int(os.environ.get("MOSAIC_JOBS_MAX_ATTEMPTS", "5"))
MOSAIC_JOBS_RETRY_SECONDS = float(os.environ.get("MOSAIC_JOBS_RETRY_SECONDS", "10"))  # doubled after each failure
MOSAIC_JOBS_LEASE_SECONDS = float(os.environ.get("MOSAIC_JOBS_LEASE_SECONDS", "60"))  # silence before a worker counts as dead

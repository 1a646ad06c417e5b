import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Browser tests run where Chromium is (make test installs it); CI must never skip them.
needs_chromium = pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("CI"),
                                    reason="Chromium not installed (make test installs it)")


@pytest.fixture(autouse=True)
def english_until_asked():
    """Each test starts in English. Django's LocaleMiddleware leaves the last request's language
    active in the thread, so a test after a /ko/ request would otherwise render in Korean."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(scope="module")
def demo_archive(django_db_setup, django_db_blocker):
    """The demo corpus, loaded once for a whole test module and rolled back after it. Each test's
    own writes are still undone after that test (its transaction is nested in this one), so use
    it in a module whose every test may run beside the demo (it is copied in, mosaic/demo_copy.py)."""
    from django.core.cache import caches
    from django.db import transaction

    from mosaic.common.page_cache import FRAGMENTS
    from mosaic.demo_copy import bring_in_demo

    with django_db_blocker.unblock(), transaction.atomic():
        caches[FRAGMENTS].clear()
        try:
            bring_in_demo()
            yield
        finally:
            transaction.set_rollback(True)
            caches[FRAGMENTS].clear()


@pytest.fixture
def demo_db(request):
    """The demo corpus in this test's database, as `load_demo` leaves it: loaded by the first test
    of the process that asks, copied in for the others (mosaic/demo_copy.py). Ask for it before
    any fixture that writes (staff members, records): it must find an empty archive."""
    from mosaic.demo_copy import bring_in_demo

    request.getfixturevalue("db")  # the test's own transaction, or its transactional database
    bring_in_demo()


@pytest.fixture(scope="session")
def copy_of_home(tmp_path_factory, worker_id):
    """`copy_of_home(command, destination)`: a MOSAIC_HOME where `mosaic init` (or `mosaic
    migrate`) has run, for tests that drive `mosaic` in processes of their own. The command runs
    once for the whole test run, in a folder every worker shares (the first worker to ask makes
    it, the others wait for it), and each caller gets a copy: one `init` costs half a minute."""
    shared = tmp_path_factory.getbasetemp()
    shared = shared.parent if worker_id != "master" else shared

    def made_by(command: str) -> Path:
        template = shared / f"home-after-{command}"
        with open(shared / f"home-after-{command}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (template / ".complete").exists():
                shutil.rmtree(template, ignore_errors=True)
                environment = {**os.environ, "MOSAIC_HOME": str(template)}
                environment.pop("MOSAIC_DATABASE_URL", None)
                subprocess.run([sys.executable, "-m", "mosaic", command, *(["-v", "0"] if command == "migrate" else [])],
                               env=environment, check=True, capture_output=True, timeout=600)
                (template / ".complete").touch()
        return template

    def copy(command: str, destination: Path) -> Path:
        assert command in ("init", "migrate"), command
        shutil.copytree(made_by(command), destination, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".complete", "writer.lock"))
        return destination

    return copy


@pytest.fixture
def write_jsonl(tmp_path):
    """Write document records as a JSON Lines file in the test's folder; returns its path."""

    def write(records, name="records.jsonl"):
        path = tmp_path / name
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        return path

    return write


@pytest.fixture
def staff_member(db, django_user_model):
    """Make a signed-in-able account with one of the staff roles (mosaic/curation/roles.py)."""
    from mosaic.curation.roles import grant, sync_roles

    sync_roles()

    def make(role: str, username: str | None = None):
        user = django_user_model.objects.create_user(username or role.lower(), f"{role.lower()}@example.org", "a-long-passphrase-42")
        grant(user, role)
        return django_user_model.objects.get(pk=user.pk)  # fresh, so the permission cache is empty

    return make


@pytest.fixture
def browser_page():
    """A Chromium context and page driven by Playwright (Debian's chromium, no downloads)."""
    # Playwright's sync API runs an event loop in this thread; the ORM calls made around it are
    # ordinary synchronous test code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        context = browser.new_context()
        yield context, context.new_page()
        browser.close()


class Journey:
    """A reader's browser in one interface language, for the journeys that run in both.

    The Korean reader's browser asks for Korean (Accept-Language), so the bare addresses a test
    opens lead to /ko/ pages as they would for a reader in Seoul; `tr` gives the words a test
    looks for in the page's language, from the same catalogues the pages use."""

    def __init__(self, browser, language: str):
        self.browser, self.language = browser, language
        self.pages_seen: list[str] = []
        self.contexts = []
        self.page = self.another_page()
        self.context = self.contexts[0]

    def another_page(self, **options):
        """A page in a browser context of its own (a fresh browser, or one without JavaScript)."""
        context = self.browser.new_context(locale="ko-KR" if self.language == "ko" else "en-US", **options)
        self.contexts.append(context)
        page = context.new_page()
        page.on("response", self._note_page)
        return page

    def _note_page(self, response) -> None:
        if (response.request.is_navigation_request() and response.status == 200
                and response.headers.get("content-type", "").startswith("text/html")):
            self.pages_seen.append(response.url)

    def _catalogue(self, domain: str):
        from django.utils.translation import trans_real

        return trans_real.translation(self.language) if domain == "django" else \
            trans_real.DjangoTranslation(self.language, domain=domain)

    def tr(self, message: str, *, domain: str = "django", **values) -> str:
        """`message` as this reader's interface shows it (domain "djangojs" for scripts' words)."""
        text = self._catalogue(domain).gettext(message)
        return text % values if values else text

    def ntr(self, singular: str, plural: str, number: int, *, domain: str = "django", **values) -> str:
        """The singular or plural message for `number`, as this reader's interface shows it."""
        return self._catalogue(domain).ngettext(singular, plural, number) % values

    def pattern(self, message: str, *, domain: str = "django", **known) -> str:
        """A regular expression for `message` as shown: the placeholders given in `known` hold
        those values, any other %(placeholder)s matches whatever fills it."""
        parts = re.split(r"(%\(\w+\)[sd])", self.tr(message, domain=domain))
        return "".join((re.escape(str(known[part[2:-2]])) if part[2:-2] in known else ".+?") if i % 2 else re.escape(part)
                       for i, part in enumerate(parts))

    def pick(self, *, en: str, ko: str) -> str:
        """Curated text (a biography, a description) as written for this reader's language."""
        return ko if self.language == "ko" else en

    def check_language(self, base_url: str) -> None:
        """Every page the journey read was served in its language: /ko/ addresses for Korean."""
        assert self.pages_seen, "the journey read no page"
        ours = [url for url in self.pages_seen if url.startswith(base_url)]
        wrong = [url for url in ours if url.startswith(f"{base_url}/ko/") != (self.language == "ko")]
        assert not wrong, f"pages outside the {self.language} interface: {wrong}"


@pytest.fixture(params=["en", "ko"])
def journey(request, browser_page, live_server):
    """The browser journeys run once in English and once in Korean (issue 17)."""
    browser_context, _ = browser_page
    walk = Journey(browser_context.browser, request.param)
    yield walk
    walk.check_language(live_server.url)


# --- PostgreSQL ----------------------------------------------------------------------------------
# `MOSAIC_TEST_POSTGRES=1 pytest ...` (or `pytest --postgres ...`) puts Django's test database on a
# throwaway PostgreSQL server started for the session; MOSAIC_TEST_POSTGRES=postgresql://... uses
# that running server instead (the test database is created beside the one it names). Tests that
# run `mosaic` in a subprocess under their own MOSAIC_HOME stay on SQLite. See docs/postgres.md.

# The tests' subprocesses each make their own MOSAIC_HOME: they must never share, let alone
# migrate or restore into, the database a developer's shell happens to point at.
os.environ.pop("MOSAIC_DATABASE_URL", None)
os.environ.pop("MOSAIC_REPLICA_DATABASE_URL", None)


def pytest_addoption(parser):
    parser.addoption("--postgres", action="store_true",
                     help="run the database tests on a throwaway PostgreSQL server (like MOSAIC_TEST_POSTGRES=1)")


def postgres_requested(config) -> bool:
    return config.getoption("--postgres", default=False) or os.environ.get("MOSAIC_TEST_POSTGRES", "").strip() not in ("", "0")


def pytest_report_header(config):
    if postgres_requested(config):
        return "database: PostgreSQL (MOSAIC_TEST_POSTGRES / --postgres)"
    return None


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL server for this test session, stopped and deleted at its end.
    Without PostgreSQL the tests that need it fail, saying how to install it; they never skip."""
    from mosaic.lib.throwaway_postgres import PostgresUnavailable, ThrowawayPostgres

    try:
        server = ThrowawayPostgres().start()
    except PostgresUnavailable as error:
        pytest.fail(f"these tests need PostgreSQL: {error}", pytrace=False)
    yield server
    server.stop()


@pytest.fixture
def passes_on_postgres(postgres_server):
    """Run test files again in a second pytest process on the throwaway server (Django picks its
    database once per process): `passes_on_postgres(database, paths, deselect=(), at_least=N)`
    fails with their output unless they ran on PostgreSQL and at least N of them passed."""
    project = Path(__file__).resolve().parent.parent

    def run(database: str, paths, deselect=(), at_least: int = 1) -> None:
        command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rfE", *map(str, paths)]
        for test in deselect:
            command += ["--deselect", str(test)]
        env = {**os.environ, "MOSAIC_TEST_POSTGRES": postgres_server.url(database)}
        result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=900)
        output = result.stdout + result.stderr
        assert "database: PostgreSQL" in output, output[-5000:]
        assert result.returncode == 0, f"the tests failed on PostgreSQL:\n{output[-10000:]}"
        passed = re.search(r"(\d+) passed", output)
        assert passed and int(passed.group(1)) >= at_least, output[-2000:]

    return run


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request):
    """pytest-django's hook, run just before the test databases are created."""
    if postgres_requested(request.config):
        given = os.environ.get("MOSAIC_TEST_POSTGRES", "").strip()
        if given.startswith(("postgres://", "postgresql://")):
            _use_database(given)  # a running server: the test database is created beside the one named
        else:
            _use_database(request.getfixturevalue("postgres_server").url("mosaic"))
    # What pytest-django's own hook does: a suffix per tox or xdist worker on the test database's name.
    request.getfixturevalue("django_db_modify_db_settings_parallel_suffix")


def _use_database(url: str) -> None:
    """Point Django's default database at `url`, before any test has used it."""
    from django.conf import settings
    from django.db import connections

    from mosaic.settings import database_from_url

    for connection in connections.all(initialized_only=True):
        connection.close()
        del connections[connection.alias]  # the next use makes a connection of the new kind
    settings.DATABASES["default"] = database_from_url(url)
    connections.configure_settings(settings.DATABASES)  # Django's defaults for the new entry


# The files that take a minute or more (reruns on PostgreSQL, backups through processes, the
# accessibility and cached-leak crawls; the slowest list of `make test` shows them): with
# `--dist loadfile` they are handed out first, so no worker is left running one alone at the end.
LONGEST_FILES_FIRST = ("search/tests/test_postgres_search.py", "subjects/tests/test_postgres.py",
                       "tests/test_accessibility.py", "preservation/tests/test_backup_postgres.py",
                       "preservation/tests/test_s3_store.py", "preservation/tests/test_backup.py",
                       "pages/tests/test_leaks_cached.py", "common/tests/test_quick_start.py")


def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: not str(item.path).endswith(LONGEST_FILES_FIRST))

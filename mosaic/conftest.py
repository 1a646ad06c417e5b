import json
import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Browser tests run where Chromium is (make test installs it); CI must never skip them.
needs_chromium = pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("CI"),
                                    reason="Chromium not installed (make test installs it)")


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

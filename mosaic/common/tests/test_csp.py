"""The Content-Security-Policy: every page forbids inline script, and no page needs it.

The header alone proves little if a page then breaks, so the pages are checked three ways: the
header on every page the leak test enumerates (and the staff interface), the rendered HTML and
the template sources for inline script and event-handler attributes, and a real browser that
uses the pages' scripts (citation copy, htmx search, the IIIF viewer, Swagger UI, the admin)
while recording every policy violation.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import reverse

from mosaic.common.tests.test_safe_links import link_addresses
from mosaic.conftest import needs_chromium
from mosaic.pages.tests.test_leaks import _body, _fill, _public_patterns, restricted_world  # noqa: F401 (a fixture)

PACKAGE = Path(__file__).resolve().parents[2]
# <script> elements the browser does not run, whatever the policy: data for a script file to read.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class _InlineCode(HTMLParser):
    """Collects what a strict policy would block in a page: inline script bodies, on*= handlers,
    javascript: addresses and style attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> handler")
            if name == "style":
                self.problems.append(f"<{tag} style=...> attribute")
            if name in ("href", "src", "action", "formaction") and value and re.sub(r"[\x00-\x20]", "", value).lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._script = attributes

    def handle_data(self, data):
        if self._script is not None and "src" not in self._script and data.strip():
            if (self._script.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
                self.problems.append(f"inline <script>: {data.strip()[:60]!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def inline_code(html: str) -> list[str]:
    parser = _InlineCode()
    parser.feed(html)
    parser.close()
    return parser.problems


def _script_sources(policy: str) -> list[str]:
    for directive in policy.split(";"):
        name, *sources = directive.split()
        if name == "script-src":
            return sources
    return []


def test_the_checker_finds_what_the_policy_blocks():
    """The scanner below would catch each kind of inline code (else the page tests prove nothing)."""
    assert inline_code('<script>alert(1)</script>') == ["inline <script>: 'alert(1)'"]
    assert inline_code('<button onclick="go()">') == ["<button onclick=...> handler"]
    assert inline_code('<a href=" JavaScript:alert(1)">x</a>') == ["<a href=' JavaScript:alert(1)'>"]
    assert inline_code('<p style="color:red">') == ["<p style=...> attribute"]
    assert inline_code('<script src="/static/x.js"></script><script type="application/json">{"a": 1}</script>') == []


def _check_page(response, url: str):
    assert response.status_code == 200, f"{url}: {response.status_code}"
    policy = response["Content-Security-Policy"]
    assert _script_sources(policy) == ["'self'"], f"{url}: {policy}"
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'",
                      "form-action 'self'", "img-src 'self' data:"):
        assert directive in policy, f"{url} lacks {directive}"
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert inline_code(_body(response)) == [], url


def _html_pages(client, routes):
    """Every concrete URL of the routes that answers with a page (not JSON, images or files)."""
    for route in routes:
        for url in _fill(route):
            response = client.get(url)
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                yield url, response


@pytest.mark.django_db
def test_every_public_page_forbids_inline_script_and_uses_none(client, restricted_world):
    pages = dict(_html_pages(client, _public_patterns()))
    pages["/api/docs"] = client.get("/api/docs")
    for url, response in pages.items():
        _check_page(response, url)
    # Swagger UI from django-ninja's own static files, not a CDN: it works offline and under the policy.
    addresses = link_addresses(_body(pages["/api/docs"]))
    assert addresses and all(address.startswith("/static/ninja/") for address in addresses), addresses
    assert all(client.get(address).status_code == 200 for address in addresses)
    # The enumeration reached the pages the reader sees, not only error pages.
    assert {"/", "/search", "/documents/open-doc/", "/collections/open-collection/", "/publications/open-publication/",
            "/people/", "/people/P001/", "/events/", "/events/E016/", "/accounts/login/"} <= set(pages)


@pytest.mark.django_db
def test_staff_pages_and_the_admin_forbid_inline_script(client, restricted_world, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("coordinator", "c@example.org", "a-long-passphrase-42"))
    staff = [route for route in _public_patterns() if route.startswith("staff/")]
    pages = dict(_html_pages(client, staff))
    assert len(pages) >= 3, pages.keys()
    # The admin: its index, and each registered model's list, add form and first change form.
    pages["/admin/"] = client.get("/admin/")
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        for url in (reverse(f"{name}_changelist"), reverse(f"{name}_add")):
            pages[url] = client.get(url)
        first = model.objects.first()
        if first is not None:
            url = reverse(f"{name}_change", args=[first.pk])
            pages[url] = client.get(url)
    for url, response in pages.items():
        if response.status_code == 403:  # the add form of records Mosaic writes itself
            continue
        _check_page(response, url)
    assert any(re.fullmatch(r"/admin/corpus/document/\d+/change/", url) for url in pages)


def test_admin_login_page_forbids_inline_script(client, db):
    _check_page(client.get("/admin/login/"), "/admin/login/")


def test_no_template_has_inline_script_or_handlers():
    """The sources too, so a branch the fixtures do not reach cannot bring inline code back."""
    templates = sorted(PACKAGE.glob("**/templates/**/*.html"))
    assert len(templates) > 30
    inline_script = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*\btype=\"application/(?:ld\+)?json\")[^>]*>\s*[^<\s]", re.I)
    handler = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
    found = [f"{path.relative_to(PACKAGE)}: {match.group(0)[:60]!r}" for path in templates
             for pattern in (inline_script, handler) for match in pattern.finditer(path.read_text(encoding="utf-8"))]
    assert found == []


# --- in a browser -----------------------------------------------------------------------------

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI + " " + (event.sourceFile || "") + ":" + event.lineNumber);
});
"""


@pytest.fixture
def strict_browser(browser_page):
    """A page that records CSP violations (as events and as console errors) and script errors."""
    context, page = browser_page
    problems = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    def violations():
        return problems + page.evaluate("window.__violations")

    return context, page, violations


@needs_chromium
@pytest.mark.django_db(transaction=True)
def test_pages_work_in_a_browser_under_the_policy(live_server, restricted_world, strict_browser, django_user_model):
    context, page, violations = strict_browser
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    # Search: htmx swaps the results region in place (no new page: the marker survives).
    page.goto(f"{live_server.url}/search?q=plenum")
    # Configured by the page's meta tag: no indicator <style>, no code from attributes.
    assert page.evaluate("[htmx.config.includeIndicatorStyles, htmx.config.allowEval]") == [False, False]
    page.evaluate("window.__samePage = true")
    htmx_requests = []
    page.on("request", lambda request: htmx_requests.append(request.url) if request.headers.get("hx-request") else None)
    page.click('[data-facet="origin_country"] a:has-text("USSR")')
    page.wait_for_url("**origin_country=USSR**")
    page.wait_for_selector('[data-facet="origin_country"] a.selected')
    assert page.evaluate("window.__samePage") is True and htmx_requests
    assert violations() == [], violations()

    # The document page: the citation copy button and the IIIF viewer (OpenSeadragon).
    page.goto(f"{live_server.url}/documents/open-doc/")
    page.wait_for_selector(".viewer-image[data-shown-page='1']")
    page.click("button.copy")
    page.wait_for_selector(".copy-status:has-text('Copied.')")
    assert "Open report on the plenum" in page.evaluate("navigator.clipboard.readText()")
    assert violations() == [], violations()

    # The API docs: Swagger UI from /static/ninja/, reading the schema.
    loaded = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto(f"{live_server.url}/api/docs")
    page.wait_for_selector(".swagger-ui .opblock-summary-path:has-text('/api/search')")
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in loaded), loaded
    assert violations() == [], violations()

    # The staff interface: sign in through the form, open a change form; admin's scripts run.
    django_user_model.objects.create_superuser("coordinator", "c@example.org", "a-long-passphrase-42")
    page.goto(f"{live_server.url}/admin/login/?next=/admin/corpus/document/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "a-long-passphrase-42")
    page.click("input[type=submit]")
    page.wait_for_selector("#result_list")
    page.click("#result_list a:has-text('open-doc')")
    page.wait_for_selector("#id_held_at")
    assert page.evaluate("typeof django.jQuery") == "function"
    assert violations() == [], violations()

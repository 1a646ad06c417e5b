"""Accessibility (issue 17): every page type, in English and in Korean, checked by axe-core in a
real browser, and a reader who uses only the keyboard (and sees where the focus is at every stop)
searches, narrows by a facet, opens a document past its page viewer, copies its citation and
reports a problem with it.

axe-core is vendored under tests/vendor/axe-core (never served) and injected through the
browser's own init-script channel, which the pages' Content-Security-Policy does not govern, so
the pages are checked exactly as readers get them. One browser and one live server serve every
page in one loop; a failure lists every serious or critical violation of every page at once.
"""
import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from mosaic.conftest import needs_chromium
from mosaic.pages.tests.test_leaks import restricted_world, translator  # noqa: F401 (fixtures)
from mosaic.reports.models import ProblemReport
from mosaic.translations.models import TranslationTask

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"  # axe-core 4.14.1, see its README
BLOCKING = ("serious", "critical")

# axe's result reduced to what a failure message needs: rule, impact, the elements and why. Rules
# that can only ever report minor or moderate problems are not run: they cannot fail the test,
# and skipping them keeps a page's check short.
RUN_AXE = """async (blocking) => {
  const rules = {};
  for (const rule of axe._audit.rules) {
    const checks = [...rule.any, ...rule.all, ...rule.none].map(c => (axe._audit.data.checks[c.id || c] || {}).impact);
    if (!blocking.includes(rule.impact) && !checks.some(impact => blocking.includes(impact))) {
      rules[rule.id] = {enabled: false};
    }
  }
  const result = await axe.run(document, {resultTypes: ["violations"], rules});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), impact: n.impact,
                              why: (n.any.concat(n.all, n.none)).map(c => c.message).join("; ")})),
  }));
}"""

# (path, selector to wait for: what the page's scripts build and axe must see too)
PUBLIC_PAGES = [
    ("/", None),
    ("/search?q=plenum", ".place-map:not([hidden]) svg"),
    ("/documents/open-doc/", ".viewer-image[data-shown-page='1']"),
    ("/people/", None),
    ("/people/P001/", None),
    ("/terms/open-town/", ".place-map:not([hidden]) svg"),
    ("/collections/open-collection/", None),
    ("/publications/open-publication/", None),
    ("/events/E016/", None),
    ("/timeline/", ".vis-timeline"),
    ("/data/", None),
    ("/accounts/login/", None),
    ("/documents/open-doc/report", None),
]


def axe_source() -> str:
    data = AXE.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    assert digest == AXE_SHA256, f"{AXE}: SHA-256 {digest} is not the vendored axe-core's (see its README)"
    return data.decode("utf-8")


def _sign_in(context, live_server, user) -> None:
    """Give the browser the session of `user`, as if they had signed in through the form."""
    client = Client()
    client.force_login(user)
    context.clear_cookies()
    name = settings.SESSION_COOKIE_NAME
    context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": live_server.url}])


def _axe(page) -> list[dict]:
    return page.evaluate(RUN_AXE, list(BLOCKING))


def _problems(page, url: str, wait_for: str | None, language: str) -> list[str]:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    if wait_for:
        page.wait_for_selector(wait_for)
    found = []
    if page.evaluate("document.documentElement.lang") != language:
        found.append(f"{url}: <html lang> is not {language}")
    for violation in _axe(page):
        for node in violation["nodes"]:
            impact = node["impact"] or violation["impact"]
            if impact in BLOCKING:
                found.append(f"{url}: {violation['id']} ({impact}) at {node['target']}: {node['why'] or violation['help']}")
    return found


def test_every_page_type_in_both_languages_has_no_serious_violation(live_server, restricted_world, translator,
                                                                       browser_page, django_user_model):
    context, page = browser_page
    page.add_init_script(axe_source())
    task = TranslationTask.objects.get(assignee=translator)
    coordinator = django_user_model.objects.create_superuser("coordinator", "c@example.org", "a-long-passphrase-42")
    open_doc = restricted_world[0]
    # Who sees which staff page: the translator works on their task, the coordinator reads the rest
    # and sees the document page with every tool (annotating, name links, staff-only layers).
    staff_pages = [
        (translator, [("/staff/translations/", None), (f"/staff/translations/{task.pk}/", None)]),
        (coordinator, [(f"/admin/corpus/document/{open_doc.pk}/history/", None), ("/staff/jobs/", None),
                       ("/documents/open-doc/", ".viewer-image[data-shown-page='1']")]),
    ]
    found = []
    for prefix, language in (("", "en"), ("/ko", "ko")):
        context.clear_cookies()
        for path, wait_for in PUBLIC_PAGES:
            found += _problems(page, f"{live_server.url}{prefix}{path}", wait_for, language)
        for user, pages in staff_pages:
            _sign_in(context, live_server, user)
            for path, wait_for in pages:
                found += _problems(page, f"{live_server.url}{prefix}{path}", wait_for, language)
    assert found == [], f"{len(found)} serious or critical accessibility problems:\n" + "\n".join(found)

    # The check itself sees what it must, under the same policy: controls without names.
    page.evaluate("""() => document.querySelector("main, #content").insertAdjacentHTML("beforeend",
        '<input type="text"><img src="/static/mosaic/none.png"><button></button>')""")
    assert {"label", "image-alt", "button-name"} <= {violation["id"] for violation in _axe(page)}


# --- with the keyboard alone ------------------------------------------------------------------

# Where the focus is, and whether it shows: an outline or a box shadow drawn around the element.
FOCUSED = """(selector) => {
  const element = document.activeElement, style = getComputedStyle(element);
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {matches: element.matches(selector), shown: outlined || style.boxShadow !== "none",
          html: element.outerHTML.slice(0, 120)};
}"""


def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until `selector` has the focus, within `limit` presses; every stop on the way
    must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED, selector)
        assert focused["shown"], f"{page.url}: no visible focus on {focused['html']}"
        if focused["matches"]:
            return
    raise AssertionError(f"{page.url}: {selector} not reached with {limit} presses of Tab")


def test_search_open_a_document_copy_its_citation_and_report_a_problem_with_the_keyboard_alone(live_server, restricted_world,
                                                                                                browser_page):
    context, page = browser_page
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    for prefix in ("", "/ko"):
        page.goto(f"{live_server.url}{prefix}/")

        # The first stop is the skip link, on screen once focused; it leads to the page's content.
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUSED, "a.skip[href='#main']") | {"html": ""} == {"matches": True, "shown": True, "html": ""}
        box = page.locator("a.skip").bounding_box()
        assert box is not None and box["x"] >= 0 and box["y"] >= 0, "the focused skip link is off screen"
        page.keyboard.press("Enter")
        assert page.url.endswith("/#main")

        _tab_to(page, "#home-q")
        page.keyboard.type("plenum")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{live_server.url}{prefix}/search?q=plenum")
        page.wait_for_selector("#result-count")

        # A facet, chosen with Enter, narrows the results in place (htmx); the keyboard carries on.
        _tab_to(page, '[data-facet="origin_country"] a')
        page.keyboard.press("Enter")
        page.wait_for_selector('[data-facet="origin_country"] a.selected')
        assert "origin_country=USSR" in page.url
        # The swap keeps the focus on the chosen facet: the keyboard carries on from there.
        page.wait_for_function("() => document.activeElement.matches('[data-facet=\"origin_country\"] a.selected')")

        _tab_to(page, "a.title")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{live_server.url}{prefix}/documents/open-doc/")
        page.wait_for_selector(".viewer-image[data-shown-page='1']")

        _tab_to(page, "button.copy", limit=150)
        page.keyboard.press("Enter")
        page.wait_for_selector(".copy-status:not(:empty)")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith('"Open report on the plenum,"'), copied
        assert copied == page.input_value("#citation-archive")

        # Reporting a problem: open the form, choose a kind with the arrow keys, write, send.
        _tab_to(page, "#report-problem summary")
        page.keyboard.press("Enter")
        _tab_to(page, ".report-form select")
        page.keyboard.press("ArrowDown")
        _tab_to(page, ".report-form textarea")
        page.keyboard.type(f"The second page is missing ({prefix or 'en'}).")
        _tab_to(page, ".report-form button[type=submit]")
        page.keyboard.press("Enter")
        page.wait_for_selector("article.report [role=status]")
    assert sorted(ProblemReport.objects.values_list("message", flat=True)) == [
        "The second page is missing (/ko).", "The second page is missing (en)."]

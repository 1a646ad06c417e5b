"""A Korean reader stays in Korean (issue 17): every page reached from /ko/ links to pages under
/ko/, loads the Korean script catalogue and posts its forms to Korean addresses. Only machine
endpoints, whose addresses are the same in every language, are linked without the prefix.

The crawl follows links from the Korean home page and the staff pages with Django's test
client, visiting a few addresses of each route (a route's pages share their template), and checks
every address each page holds, followed or not.
"""
from collections import Counter, deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve
from django.utils import translation

from mosaic.common.tests.test_safe_links import link_addresses
from mosaic.pages.tests.test_leaks import restricted_world, translator  # noqa: F401 (fixtures)
from mosaic.translations.models import TranslationTask

# One address whatever the reader's language (docs/i18n.md), and files rather than pages.
LANGUAGE_FREE = ("/api/", "/iiif/", "/oai", "/annotations/", "/static/", "/language/", "/media/")
# Downloads a link may offer but a crawl need not fetch (books are built on request).
NOT_FOLLOWED = (".pdf", ".epub", ".zip", ".ris", ".bib", ".json", ".atom", ".xml", ".xsd", ".csv", ".tsv", ".jsonl")
PAGES_PER_ROUTE = 2
MOST_PAGES = 120


def escaping_links(page_url: str, html: str) -> list[str]:
    """The addresses in a Korean page that lead to a page of another language."""
    escaping = []
    for address in link_addresses(html):
        written = urlsplit(address.strip())
        if written.scheme or written.netloc:
            # Another site, mailto:, or a citation's stable address written out in full (English
            # and canonical, as citations are): pages link to pages by path.
            continue
        target = urlsplit(urljoin(page_url, address.strip()))
        path = target.path or "/"
        if path == "/ko" or path.startswith("/ko/") or path.startswith(LANGUAGE_FREE):
            continue
        escaping.append(address)
    return escaping


def crawl(client, seeds: list[str], follow=lambda path: True) -> tuple[dict[str, list[str]], int]:
    """Visit `seeds` and what they link to under /ko/ (a few pages per route, at most MOST_PAGES):
    {page: its escaping links} and the number of pages read."""
    queue, seen, per_route = deque(seeds), set(seeds), Counter()
    escapes, read = {}, 0
    while queue and read < MOST_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        read += 1
        html = response.content.decode("utf-8")
        page_url = "http://testserver" + url
        if found := escaping_links(page_url, html):
            escapes[url] = found
        for address in link_addresses(html):
            target = urlsplit(urljoin(page_url, address.strip()))
            if target.netloc != "testserver" or not target.path.startswith("/ko/") or target.path.endswith(NOT_FOLLOWED):
                continue
            next_url = target.path + (f"?{target.query}" if target.query else "")
            if next_url in seen or not follow(target.path):
                continue
            try:
                with translation.override("ko"):  # the /ko/ prefix resolves only while Korean is active
                    route = resolve(target.path).route
            except Resolver404:
                continue
            seen.add(next_url)
            if per_route[route] < PAGES_PER_ROUTE:
                per_route[route] += 1
                queue.append(next_url)
    return escapes, read


def _report(escapes: dict[str, list[str]]) -> str:
    return "pages of /ko/ linking out of Korean:\n" + "\n".join(f"{page}: {' '.join(links)}" for page, links in escapes.items())


def test_the_checker_tells_korean_links_from_escaping_ones():
    page = "http://testserver/ko/documents/x/"
    html = ('<a href="/ko/search?q=a">k</a><a href="export.ris">r</a><a href="?layer=2">l</a><a href="#cite">c</a>'
            '<a href="/api/documents/x">a</a><a href="/language/?to=en&amp;next=/ko/">e</a><a href="https://example.org/">o</a>'
            '<img src="/iiif/image/abc/1/full/max/0/default.jpg"><script src="/static/x.js"></script>'
            '<a href="/search?q=a">s</a><form action="/documents/x/report"></form><script src="/jsi18n/"></script>'
            '<a href="http://testserver/documents/x/">http://testserver/documents/x/</a><a href="../../people/">u</a>'
            '<a href="../../../people/">p</a>')
    assert escaping_links(page, html) == ["/search?q=a", "/documents/x/report", "/jsi18n/", "../../../people/"]


@pytest.mark.django_db
def test_pages_reached_from_korean_pages_stay_korean(client, restricted_world, translator, django_user_model):
    seeds = ["/ko/", "/ko/search?q=plenum", "/ko/documents/open-doc/", "/ko/people/P001/", "/ko/terms/open-town/",
             "/ko/collections/open-collection/", "/ko/publications/open-publication/", "/ko/events/E016/",
             "/ko/timeline/", "/ko/data/", "/ko/accounts/login/", "/ko/documents/open-doc/report"]
    escapes, read = crawl(client, seeds)
    assert read > len(seeds), f"the crawl read only {read} pages"

    # The staff pages: the translator's backlog and workspace, the coordinator's history, jobs,
    # trash and preservation pages. Django's admin builds its own links with reverse(): its pages
    # are checked, not crawled.
    task = TranslationTask.objects.get(assignee=translator)
    client.force_login(translator)
    staff = lambda path: path.startswith("/ko/staff/")  # noqa: E731
    escapes.update(crawl(client, ["/ko/staff/translations/", f"/ko/staff/translations/{task.pk}/"], follow=staff)[0])
    client.force_login(django_user_model.objects.create_superuser("coordinator", "c@example.org", "a-long-passphrase-42"))
    history = f"/ko/admin/corpus/document/{restricted_world[0].pk}/history/"
    more, read = crawl(client, [history, "/ko/staff/jobs/", "/ko/staff/trash/", "/ko/staff/audit/", "/ko/staff/foliation/"],
                       follow=staff)
    escapes.update(more)
    assert read >= 5
    assert escapes == {}, _report(escapes)

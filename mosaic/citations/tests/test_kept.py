"""A document's citations are rendered once and kept (mosaic/citations/kept.py) under a digest of
every fact they are made of, so a kept text is always the one those facts render now; the two
Chicago renderings made from one registration, on a style each thread parses once, read exactly
as when each is rendered alone on a freshly parsed style."""
from __future__ import annotations

import dataclasses
import threading

import pytest
from django.core.cache import caches

from mosaic.citations import formats, kept
from mosaic.citations.tests.test_formats import ALL, IDS, NAM_IL
from mosaic.common.page_cache import FRAGMENTS


@pytest.fixture
def empty_fragments():
    caches[FRAGMENTS].clear()
    yield
    caches[FRAGMENTS].clear()


@pytest.mark.parametrize("c", ALL, ids=IDS)
def test_the_note_and_bib_rendered_together_read_as_each_rendered_alone(c):
    item = formats._render_item(formats.csl_item(c))
    alone = []
    for kind in ("note", "bib"):
        formats._thread_styles.chicago = None  # a freshly parsed style, as before styles were kept
        alone.append(formats._ensure_present(formats.render_csl(item, kind), c))
    formats._thread_styles.chicago = None
    assert formats._chicago_render(c) == tuple(alone)
    assert formats._chicago_render(c) == tuple(alone)  # and again on the kept style


def test_threads_rendering_at_once_each_get_their_own_citations():
    citables = [dataclasses.replace(c, public_id=f"{c.public_id}-{n}", title=f"{c.title} {n}") for n in range(3) for c in ALL]
    expected = [formats._chicago_render(c) for c in citables]
    results = {}

    def render(n):
        results[n] = [formats._chicago_render(c) for c in citables]

    threads = [threading.Thread(target=render, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result == expected for result in results.values())


@pytest.mark.django_db
@pytest.mark.parametrize("c", ALL, ids=IDS)
@pytest.mark.parametrize("base", ["https://example.org", "http://127.0.0.1:8765", "https://archive.example/mosaic"])
def test_kept_citations_are_the_rendered_ones_whatever_the_archive_address(c, base, empty_fragments):
    """One rendering, kept with a placeholder for the archive's address, serves every host: with
    the reader's address put back it reads exactly as the citation rendered for that address."""
    addressed = dataclasses.replace(c, url=f"{base}/documents/{c.public_id}/")
    first = kept.citations(addressed)
    assert first == {style: formats.format_citation(addressed, style) for style in formats.STYLES}
    portable, put_back = kept._portable(addressed)
    assert put_back == base and portable.url == f"{kept.PLACEHOLDER_BASE}/documents/{c.public_id}/"
    assert all(kept.PLACEHOLDER_BASE in text for text in caches[FRAGMENTS].get(kept._key(portable)).values())
    assert kept.citations(addressed) == first


@pytest.mark.django_db
@pytest.mark.parametrize("c", ALL, ids=IDS)
def test_a_citation_whose_url_is_no_document_page_is_kept_as_it_is(c, empty_fragments):
    other = dataclasses.replace(c, url="https://elsewhere.example/record?id=7")
    assert kept._portable(other) == (other, None)
    assert kept.citations(other) == {style: formats.format_citation(other, style) for style in formats.STYLES}


@pytest.mark.django_db
def test_a_kept_citation_is_served_from_the_cache(empty_fragments):
    addressed = dataclasses.replace(NAM_IL, url=f"http://reader.example/documents/{NAM_IL.public_id}/")
    portable, base = kept._portable(addressed)
    caches[FRAGMENTS].set(kept._key(portable), {style: f"kept {style} {kept.PLACEHOLDER_BASE}/x/" for style in formats.STYLES})
    assert kept.citations(addressed)["chicago-note"] == "kept chicago-note http://reader.example/x/"


@pytest.mark.parametrize("change", [
    {"title": "Another title"}, {"url": "https://other.example/documents/x/"}, {"locator": "RGANI, Fond 5."},
    {"translators": ()}, {"date": None}, {"classification": "Secret"},
])
def test_any_changed_fact_is_another_key(change):
    assert kept._key(dataclasses.replace(NAM_IL, **change)) != kept._key(NAM_IL)
    assert kept._key(dataclasses.replace(NAM_IL)) == kept._key(NAM_IL)


def test_a_new_version_of_the_citation_rules_is_another_key(monkeypatch):
    before = kept._key(NAM_IL)
    monkeypatch.setattr(formats, "CITATION_RULES_VERSION", formats.CITATION_RULES_VERSION + 1)
    formats.styles_version.cache_clear()
    try:
        assert kept._key(NAM_IL) != before
    finally:
        monkeypatch.undo()
        formats.styles_version.cache_clear()
    assert kept._key(NAM_IL) == before

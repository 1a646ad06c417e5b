"""The leak test's angle on links: no public page and no API answer offers a `javascript:` (or
`data:`, `vbscript:`) link, whoever put it in the database.

A curator typing one into the staff interface is refused with a form error. A value that got in
another way (an import from before the check, a direct database write, simulated here with
`queryset.update`) reaches the pages as text only: every public route and API route the leak
test enumerates is fetched with the hostile values in every field that is shown as a link.
"""
import json

import pytest

from mosaic.archives.models import Repository
from mosaic.collections.models import Collection
from mosaic.common.tests.test_safe_links import submit_admin_form, unsafe_links
from mosaic.context.models import Event
from mosaic.corpus.models import Document
from mosaic.entities.models import NameVariant, Person
from mosaic.lib.safe_urls import is_http_url
from mosaic.pages.tests.test_leaks import (  # noqa: F401 (restricted_world is a fixture)
    _api_paths,
    _body,
    _fill,
    _public_patterns,
    restricted_world,
)
from mosaic.publications.models import Publication

pytestmark = pytest.mark.django_db

HOSTILE = "javascript:alert(document.cookie)"
# Keys of the API's JSON whose values clients may turn into links, and those that carry HTML (the
# rest is text as stored, which a client must not read as markup any more than a title).
LINK_KEYS = {"url", "href", "held_at", "source_url", "homepage"}
HTML_KEYS = {"body"}


def test_a_curator_typing_a_javascript_link_gets_a_form_error(client, restricted_world, staff_member):
    client.force_login(staff_member("Curator"))
    document = Document.objects.get(public_id="open-doc")
    answer = submit_admin_form(client, f"/admin/corpus/document/{document.pk}/change/", "document_form", held_at=HOSTILE)
    assert answer.status_code == 200
    assert answer.context["adminform"].form.errors["held_at"] == [
        "A link must be an http:// or https:// address (other kinds of link are refused)."]
    document.refresh_from_db()
    assert document.held_at == ""


@pytest.fixture
def hostile_world(restricted_world):
    """The public records of the leak test with a hostile link in every field shown as a link,
    written past validation as an old import would have left them."""
    public, _ = restricted_world
    Document.objects.filter(pk=public.pk).update(held_at=HOSTILE, source_url=" " + HOSTILE, catalogue_only=True)
    Repository.objects.update(url=HOSTILE)
    person = Person.objects.get(person_id="P001")
    Person.objects.filter(pk=person.pk).update(biography=f'<p>See <a href="{HOSTILE}">his file</a>.</p>')
    for form, source in (("Pak A", HOSTILE), ("Pak B", f"attested:{HOSTILE}"), ("Pak C", "attested:java\tscript:alert(1)")):
        NameVariant.objects.create(person=person, form=form, language="en", source=source)
    Event.objects.filter(row_id="E016").update(sources=f"{HOSTILE}\nLankov (2005) data:text/html,x")
    Collection.objects.filter(slug="open-collection").update(description=f'<a href="{HOSTILE}">x</a> {HOSTILE}')
    Publication.objects.filter(slug="open-publication").update(body=f'<p><a href="{HOSTILE}">x</a> <a href="vbscript:x">y</a></p>')
    return public


def _link_values(data, key=None):
    """Every (key, string) in a JSON answer, at any depth."""
    if isinstance(data, dict):
        for name, value in data.items():
            yield from _link_values(value, name)
    elif isinstance(data, list):
        for value in data:
            yield from _link_values(value, key)
    elif isinstance(data, str):
        yield key, data


def _readers(client, django_user_model):
    yield "anonymous", client
    client.force_login(django_user_model.objects.create_user("researcher", password="a-long-passphrase-42"))
    yield "researcher", client


def test_no_public_page_or_api_answer_offers_a_javascript_link(client, hostile_world, django_user_model):
    routes = list(_public_patterns())
    checked_pages = checked_api = 0
    for who, reader in _readers(client, django_user_model):
        for url in [url for route in routes for url in _fill(route)]:
            response = reader.get(url + ("?q=plenum" if url.endswith("/search") else ""))
            body = _body(response)
            if response["Content-Type"].startswith("text/html"):
                assert unsafe_links(body) == [], f"{who} is offered a script link at {url}"
                checked_pages += response.status_code == 200
            assert 'href="javascript' not in body.lower(), f"{who} is offered a script link at {url}"
        for url in _api_paths(reader):
            response = reader.get(url + ("?q=Pak" if url.endswith("/names/resolve") else ""))
            if not response["Content-Type"].startswith("application/json"):
                continue
            for key, value in _link_values(json.loads(_body(response))):
                if key in LINK_KEYS:
                    assert is_http_url(value) or value.startswith("/"), f"{who} gets {key}={value!r} from {url}"
                if key in HTML_KEYS:
                    assert unsafe_links(value) == [], f"{who} gets a script link in {key} from {url}"
            checked_api += response.status_code == 200
    assert checked_pages > 20 and checked_api > 5
    # The hostile values were on the pages checked, as text: the test saw what it was meant to see.
    page = client.get("/documents/open-doc/").content.decode()
    assert f"The document can be read at {HOSTILE}" in page
    assert HOSTILE in client.get("/events/E016/").content.decode()
    assert client.get("/api/documents/open-doc").json()["held_at"] is None

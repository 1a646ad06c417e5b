"""Only http(s) addresses are stored or shown as links (the penetration test's `javascript:` finding).

Stored: the URL-bearing model fields refuse anything else, in model validation and in the staff
interface's forms. Shown: the templates make links only through `external_link` / `link_urls`,
so a value that is already in a database (an old import, a direct write) is shown as text; the
API leaves it out of its link fields; rich text keeps only http(s), mailto and relative links.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from mosaic.archives.models import Repository
from mosaic.context.models import Event
from mosaic.corpus.models import Document
from mosaic.entities.models import NameVariant, Person
from mosaic.lib.rich_text import sanitize_html

VALIDATION_MESSAGE = "must be an http:// or https:// address"
UNSAFE = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "javascript://example.org/%0aalert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "ftp://example.org/file",
    "//example.org/path",
]
SAFE = "https://digitalarchive.wilsoncenter.org/document/120163"
# (model, field) for every field the pages or the API offer as a link.
URL_FIELDS = [(Document, "held_at"), (Document, "source_url"), (Repository, "url")]


class _Links(HTMLParser):
    """Every address in a page that a click or a load would follow."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.addresses: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.addresses += [value for name, value in attrs if name in ("href", "src", "action", "formaction") and value]


def link_addresses(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser.addresses


def scheme_of(address: str) -> str:
    """The scheme a browser reads in an address ("" for a relative one): it drops surrounding
    control characters and spaces and any tab or newline inside."""
    cleaned = re.sub(r"[\t\n\r]", "", address.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f"
                                                  "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
    return match.group(1).lower() if match else ""


def unsafe_links(html: str) -> list[str]:
    """Addresses in a page that would do something other than load a page or start an email."""
    return [address for address in link_addresses(html) if scheme_of(address) not in ("", "http", "https", "mailto")]


def test_the_link_finder_sees_obfuscated_schemes():
    assert unsafe_links('<a href=" JaVa&#x09;script:alert(1)">x</a><img src="data:image/png;base64,AA">') == [
        " JaVa\tscript:alert(1)", "data:image/png;base64,AA"]
    assert unsafe_links('<a href="/documents/x/">x</a><a href="https://example.org/">y</a><a href="#top">z</a>') == []


# --- stored ----------------------------------------------------------------------------------

def _instance(model, field: str, value: str):
    if model is Document:
        return Document(public_id="ua-1956-note", title="Note", **{field: value})
    return Repository(code="TEST", name="Test archive", **{field: value})


@pytest.mark.django_db
@pytest.mark.parametrize("model,field", URL_FIELDS)
@pytest.mark.parametrize("value", UNSAFE)
def test_model_validation_refuses_other_links(model, field, value):
    with pytest.raises(ValidationError) as refused:
        _instance(model, field, value).full_clean()
    assert list(refused.value.message_dict) == [field]


@pytest.mark.django_db
@pytest.mark.parametrize("model,field", URL_FIELDS)
def test_model_validation_accepts_http_links_and_nothing(model, field):
    _instance(model, field, SAFE).full_clean()
    _instance(model, field, "").full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("model,field", [(Document, "held_at"), (Document, "source_url"), (Repository, "url")])
def test_the_message_says_what_is_allowed(model, field):
    # ftp:// passes Django's own URL check, so this is the archive's rule speaking.
    with pytest.raises(ValidationError) as refused:
        _instance(model, field, "ftp://example.org/file").full_clean()
    assert VALIDATION_MESSAGE in refused.value.message_dict[field][0]


class _FormFields(HTMLParser):
    """The values a browser would send for one form as it is shown (what a curator sees)."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.data: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = self._select_multiple = False
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or (not a.get("name") and tag != "option"):
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file", "image"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.append((a["name"], a.get("value", "on")))
            else:
                self.data.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self._select, self._select_first, self._select_chosen = a["name"], None, False
            self._select_multiple = "multiple" in a
        elif tag == "option" and self._select is not None:
            if self._select_first is None:
                self._select_first = a.get("value", "")
            if "selected" in a:
                self.data.append((self._select, a.get("value", "")))
                self._select_chosen = True
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select is not None:
            if not self._select_chosen and self._select_first is not None and not self._select_multiple:
                self.data.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.data.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None


def submit_admin_form(client, address: str, form_id: str, **changes):
    """GET a staff form, change some fields as a person would, POST it back; returns the answer."""
    page = client.get(address)
    assert page.status_code == 200, address
    fields = _FormFields(form_id)
    fields.feed(page.content.decode())
    data: dict[str, list[str]] = {}
    for name, value in fields.data:
        data.setdefault(name, []).append(value)
    assert set(changes) <= set(data), f"{form_id} has no field {set(changes) - set(data)}"
    data.update({name: [value] for name, value in changes.items()})
    data["_save"] = ["Save"]
    return client.post(address, data)


@pytest.fixture
def coordinator(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("coordinator", "c@example.org", "a-long-passphrase-42"))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["held_at", "source_url"])
@pytest.mark.parametrize("value", ["javascript:alert(1)", "java\tscript:alert(1)", "data:text/html,<b>x</b>", "vbscript:x"])
def test_the_staff_form_refuses_unsafe_document_links(coordinator, field, value):
    document = Document.objects.create(public_id="ua-1956-note", title="Note", held_at=SAFE)
    answer = submit_admin_form(coordinator, f"/admin/corpus/document/{document.pk}/change/", "document_form",
                               **{field: value})
    assert answer.status_code == 200  # the form again, not a redirect to the list
    errors = answer.context["adminform"].form.errors
    assert list(errors) == [field]
    assert VALIDATION_MESSAGE in errors[field][0] or errors[field] == ["Enter a valid URL."]
    document.refresh_from_db()
    assert (document.held_at, document.source_url) == (SAFE, "")


@pytest.mark.django_db
def test_the_staff_form_says_what_a_link_must_be_and_saves_good_ones(coordinator):
    document = Document.objects.create(public_id="ua-1956-note", title="Note")
    answer = submit_admin_form(coordinator, f"/admin/corpus/document/{document.pk}/change/", "document_form",
                               held_at="javascript:alert(1)")
    assert "A link must be an http:// or https:// address (other kinds of link are refused)." in answer.content.decode()
    answer = submit_admin_form(coordinator, f"/admin/corpus/document/{document.pk}/change/", "document_form",
                               held_at=SAFE, source_url=SAFE)
    assert answer.status_code == 302
    document.refresh_from_db()
    assert (document.held_at, document.source_url) == (SAFE, SAFE)


@pytest.mark.django_db
def test_the_staff_form_refuses_an_unsafe_repository_link(coordinator):
    repository = Repository.objects.create(code="TEST", name="Test archive")
    answer = submit_admin_form(coordinator, f"/admin/archives/repository/{repository.pk}/change/", "repository_form",
                               url="ftp://example.org/")
    assert VALIDATION_MESSAGE in answer.context["adminform"].form.errors["url"][0]
    repository.refresh_from_db()
    assert repository.url == ""


# --- shown -----------------------------------------------------------------------------------

def _render(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize("value", UNSAFE)
def test_external_link_shows_anything_but_http_as_text(value):
    html = _render("{{ value|external_link }}", value=value)
    assert link_addresses(html) == []


def test_external_link_links_http_addresses_with_their_label():
    html = _render('{{ value|external_link }} {{ "attested:https://example.org/a"|cut:"attested:"|external_link:"attested:https://example.org/a" }}',
                   value='https://example.org/?a=1&b="2"')
    assert html == ('<a href="https://example.org/?a=1&amp;b=&quot;2&quot;" rel="external">https://example.org/?a=1&amp;b=&quot;2&quot;</a> '
                    '<a href="https://example.org/a" rel="external">attested:https://example.org/a</a>')


def test_link_urls_links_only_the_http_addresses_in_free_text():
    sources = ("A. Lankov, Crisis in North Korea (2005) https://example.org/lankov_(2005). "
               "javascript:alert(1) JAVASCRIPT://x.org/%0aalert(1) data:text/html,x <script>alert(1)</script>")
    html = _render("{{ sources|link_urls }}", sources=sources)
    assert link_addresses(html) == ["https://example.org/lankov_(2005)"]
    assert html.endswith("data:text/html,x &lt;script&gt;alert(1)&lt;/script&gt;")
    assert "(2005)</a>." in html  # the sentence's full stop is not part of the address


@pytest.mark.parametrize("href", UNSAFE + ["java&#x09;script:alert(1)", "&#106;avascript:alert(1)", "javascript&colon;alert(1)",
                                           "java\x00script:alert(1)", "x-unknown:thing"])
def test_rich_text_keeps_no_other_link(href):
    assert unsafe_links(sanitize_html(f'<p>See <a href="{href}">this</a>.</p>')) == []


def test_rich_text_keeps_http_mailto_and_relative_links():
    html = sanitize_html('<p><a href="https://example.org/">a</a> <a href="mailto:x@example.org">b</a> '
                         '<a href="/documents/ua-1956-note/">c</a></p>')
    assert link_addresses(html) == ["https://example.org/", "mailto:x@example.org", "/documents/ua-1956-note/"]


@pytest.fixture
def unsafe_document(db):
    document = Document.objects.create(public_id="ua-1956-note", title="Note on the plenum", status="published",
                                       catalogue_only=True, origin_country="USSR", date="1956")
    # As an old import or a direct database write would leave it: validation never ran.
    Document.objects.filter(pk=document.pk).update(held_at="javascript:alert(1)", source_url="java\tscript:alert(2)")
    return document


def test_a_stored_javascript_link_is_shown_as_text_on_the_document_page(client, unsafe_document):
    page = client.get("/documents/ua-1956-note/").content.decode()
    assert 'href="javascript' not in page.lower() and unsafe_links(page) == []
    assert "The document can be read at javascript:alert(1)" in page  # the reader still sees what is recorded


def test_the_api_leaves_a_stored_javascript_link_out(client, unsafe_document):
    data = client.get("/api/documents/ua-1956-note").json()
    assert data["held_at"] is None and data["source_url"] is None
    Document.objects.filter(pk=unsafe_document.pk).update(held_at=SAFE, source_url=SAFE)
    data = client.get("/api/documents/ua-1956-note").json()
    assert data["held_at"] == SAFE and data["source_url"] == SAFE


@pytest.mark.django_db
def test_name_sources_and_event_sources_link_only_http(client):
    person = Person.objects.create(person_id="P900", display_name="Pak Chang-ok", tradition="other")
    for form, source in (("Pak A", "javascript:alert(1)"), ("Pak B", "attested:javascript:alert(1)"),
                         ("Pak C", "attested:https://example.org/pak")):
        NameVariant.objects.create(person=person, form=form, language="en", source=source)
    page = client.get("/people/P900/").content.decode()
    assert unsafe_links(page) == [] and "attested:javascript:alert(1)" in page
    assert '<a href="https://example.org/pak" rel="external">attested:https://example.org/pak</a>' in page

    event = Event(row_id="E900", start="1956-08", title="August plenum", category="purge", confidence="medium",
                  sources="javascript:alert(1)\nSzalontai (2005) https://example.org/szalontai")
    event.save()
    page = client.get("/events/E900/").content.decode()
    assert unsafe_links(page) == [] and "<li>javascript:alert(1)</li>" in page
    assert '<a href="https://example.org/szalontai" rel="external">' in page

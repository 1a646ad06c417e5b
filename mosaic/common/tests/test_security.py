"""Security basics: login throttling, cookie and CSRF settings, password rules, escaping and rich text."""
import datetime as dt
import json
import os
import re
import subprocess
import sys

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from mosaic.collections.models import Collection, CollectionMembership
from mosaic.corpus.models import Credit, Document, DocumentAgent, TextLayer
from mosaic.entities.models import Agent, Person
from mosaic.publications.models import Publication
from mosaic.reports.models import ProblemReport
from mosaic.search.index import get_backend, rebuild

pytestmark = pytest.mark.django_db

PASSWORD = "plenum-of-august-1956"
SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
RAW_MARKUP = ("<script>alert(1)", "<img src=x", '"><img')


def assert_no_raw_markup(body: str, where: str):
    for raw in RAW_MARKUP:
        assert raw not in body, f"unescaped {raw!r} at {where}"


# --- login throttling -----------------------------------------------------------------------------


@pytest.fixture
def coordinator(django_user_model):
    return django_user_model.objects.create_superuser("coordinator", "coordinator@example.org", PASSWORD)


def sign_in(client, password, address="192.0.2.10"):
    return client.post("/admin/login/?next=/admin/", {"username": "coordinator", "password": password, "next": "/admin/"},
                       REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_account_from_that_address(client, coordinator):
    for _ in range(4):
        assert sign_in(client, "not-the-password").status_code == 200  # the form again, with its error
    fifth = sign_in(client, "not-the-password")
    assert fifth.status_code in (403, 429)

    refused = sign_in(client, PASSWORD)
    assert refused.status_code in (403, 429)
    body = refused.content.decode()
    assert "Sign-in locked" in body
    assert "the account “coordinator” from this address after 5 failed attempts" in body
    assert "unlocks by itself after one hour" in body
    assert "ask the archive's coordinator" in body
    assert "_auth_user_id" not in client.session

    # The lock is for this account from this address, not for the account everywhere.
    elsewhere = sign_in(Client(), PASSWORD, address="198.51.100.20")
    assert elsewhere.status_code == 302 and elsewhere["Location"] == "/admin/"


def test_signing_in_before_the_limit_works_and_forgets_the_failures(client, coordinator):
    for _ in range(4):
        sign_in(client, "not-the-password")
    signed_in = sign_in(client, PASSWORD)
    assert signed_in.status_code == 302 and signed_in["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(coordinator.pk)
    assert client.get("/admin/").status_code == 200

    client.logout()
    for _ in range(4):  # the failures before the success no longer count
        assert sign_in(client, "not-the-password").status_code == 200
    assert sign_in(client, PASSWORD).status_code == 302


# --- password rules -------------------------------------------------------------------------------


@pytest.mark.parametrize("password, complaint", [
    ("password123", "too common"),
    ("Xq7#pz", "too short"),
    ("29384756102938", "entirely numeric"),
    ("kimilsung1912", "too similar"),
])
def test_weak_passwords_are_refused(django_user_model, password, complaint):
    user = django_user_model(username="kimilsung1912", email="kim@example.org")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert any(complaint in message for message in refused.value.messages), refused.value.messages


def test_a_long_unusual_passphrase_is_accepted(django_user_model):
    validate_password("ambassador puzanov's journal, june", django_user_model(username="kimilsung1912"))


# --- cookies and HTTPS ----------------------------------------------------------------------------

SETTINGS_SHOWN = ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
                  "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_HTTPONLY",
                  "X_FRAME_OPTIONS", "SECURE_CONTENT_TYPE_NOSNIFF"]


def settings_with(tmp_path, **environment) -> dict:
    """The settings module as a fresh process reads it with this environment."""
    env = {key: value for key, value in os.environ.items() if key != "MOSAIC_HTTPS"}
    env.update(MOSAIC_HOME=str(tmp_path), MOSAIC_SECRET_KEY="a-key-for-this-test-only", **environment)
    code = f"import json, mosaic.settings as s; print(json.dumps({{name: getattr(s, name) for name in {SETTINGS_SHOWN!r}}}))"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_with_mosaic_https_cookies_are_secure_and_https_is_enforced(tmp_path):
    shown = settings_with(tmp_path, MOSAIC_HTTPS="1")
    assert shown["SESSION_COOKIE_SECURE"] is True and shown["CSRF_COOKIE_SECURE"] is True
    assert shown["SECURE_SSL_REDIRECT"] is True and shown["SECURE_HSTS_SECONDS"] == 3600
    assert shown["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert shown["SESSION_COOKIE_HTTPONLY"] is True and shown["CSRF_COOKIE_HTTPONLY"] is True
    assert shown["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert shown["X_FRAME_OPTIONS"] == "DENY" and shown["SECURE_CONTENT_TYPE_NOSNIFF"] is True


def test_without_mosaic_https_a_plain_http_laptop_still_works(tmp_path):
    shown = settings_with(tmp_path)
    assert shown["SESSION_COOKIE_SECURE"] is False and shown["CSRF_COOKIE_SECURE"] is False
    assert shown["SECURE_SSL_REDIRECT"] is False and shown["SECURE_HSTS_SECONDS"] == 0
    assert shown["SESSION_COOKIE_HTTPONLY"] is True


# --- CSRF -----------------------------------------------------------------------------------------


@pytest.fixture
def document(db):
    return Document.objects.create(public_id="ro-1967-telegram", title="Telegram from Pyongyang to Bucharest",
                                   status="published", date="1967-05-20")


def test_the_report_form_is_refused_without_its_csrf_token(document):
    browser = Client(enforce_csrf_checks=True)
    url = f"/documents/{document.public_id}/report"
    report = {"kind": "wrong_date", "message": "The telegram is dated 21 May.", "website": ""}

    forged = browser.post(url, report)
    assert forged.status_code == 403
    assert ProblemReport.objects.count() == 0

    form_page = browser.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page).group(1)
    accepted = browser.post(url, {**report, "csrfmiddlewaretoken": token})
    assert accepted.status_code == 200
    assert ProblemReport.objects.count() == 1


def test_staff_sign_in_needs_its_csrf_token(coordinator):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/admin/login/", {"username": "coordinator", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in browser.session


# --- rich text ------------------------------------------------------------------------------------

HOSTILE_ESSAY = ('<p>The plenum, as <em>Rodong Sinmun</em> reported '
                 '(<a href="https://digitalarchive.wilsoncenter.org/" onclick="alert(2)">source</a>).</p>'
                 '<script>alert(1)</script><img src=x onerror=alert(1)>'
                 '<p onmouseover="alert(3)">Second <a href="javascript:alert(4)">trap</a>.</p>')


def assert_sanitised(body: str):
    assert "alert(" not in body and "onerror" not in body and "onclick" not in body and "onmouseover" not in body
    assert "javascript:" not in body and "<img" not in body
    assert "<em>Rodong Sinmun</em>" in body
    assert '<a href="https://digitalarchive.wilsoncenter.org/" rel="noopener noreferrer">source</a>' in body


def test_a_publication_body_is_sanitised_but_keeps_its_emphasis_and_links(client):
    Publication.objects.create(slug="plenum-essay", kind="essay", title="The August plenum", status="published", body=HOSTILE_ESSAY)
    response = client.get("/publications/plenum-essay/")
    assert response.status_code == 200
    assert_sanitised(response.content.decode())
    assert_sanitised(client.get("/api/publications/plenum-essay").json()["body"])


def test_a_biography_is_sanitised_but_keeps_its_emphasis_and_links(client):
    Person.objects.create(person_id="P900", display_name="Pak Chang-ok", tradition=Person.OTHER, biography=HOSTILE_ESSAY)
    response = client.get("/people/P900/")
    assert response.status_code == 200
    assert_sanitised(response.content.decode())


def test_plain_text_biographies_still_get_paragraphs(client):
    Person.objects.create(person_id="P901", display_name="Nam Il", tradition=Person.OTHER,
                          biography="Foreign minister, 1953–1959.\n\nSigned the armistice & led talks in Geneva (1954 < 1956).")
    body = client.get("/people/P901/").content.decode()
    assert "<p>Foreign minister, 1953–1959.</p>" in body
    assert "<p>Signed the armistice &amp; led talks in Geneva (1954 &lt; 1956).</p>" in body


# --- escaping everywhere --------------------------------------------------------------------------


@pytest.fixture
def hostile_world(db):
    get_backend().clear()
    document = Document.objects.create(
        public_id="hostile-doc", title=f"Sinpo {SCRIPT} {BREAKOUT}", summary=f"Summary {SCRIPT} {BREAKOUT}",
        status="published", date="1956-08-30", date_min=dt.date(1956, 8, 30), date_max=dt.date(1956, 8, 30),
        classification=f"Secret {BREAKOUT}", rights=f"Rights {SCRIPT}", date_note=f"Note {BREAKOUT}")
    agent = Agent.objects.create(name=f"Ivanov {SCRIPT} {BREAKOUT}")
    DocumentAgent.objects.create(document=document, agent=agent, role="author", as_written=f"Iwanow {BREAKOUT}")
    Credit.objects.create(document=document, agent=agent, role="translated", on_behalf_of=f"NKIDP {SCRIPT}")
    TextLayer.objects.create(document=document, kind="translation", language="en",
                             text=f"Sinpo shipyard {SCRIPT} and {BREAKOUT} in the text.")
    collection = Collection.objects.create(slug="hostile-collection", title=f"Collection {SCRIPT} {BREAKOUT}",
                                           description=f"About {SCRIPT} {BREAKOUT}", status="published")
    CollectionMembership.objects.create(collection=collection, document=document, note=f"Why {BREAKOUT}")
    rebuild()
    return document


@pytest.mark.parametrize("url", [
    "/documents/hostile-doc/",
    "/documents/hostile-doc/report",
    "/search?q=Sinpo",
    "/search?q=shipyard",
    f"/search?q={SCRIPT}",
    f"/search?q={BREAKOUT}",
    f"/search?from={BREAKOUT}",
    "/collections/",
    "/collections/hostile-collection/",
    "/",
])
def test_hostile_text_never_reaches_a_page_unescaped(client, hostile_world, url):
    response = client.get(url)
    assert response.status_code in (200, 400), url
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert_no_raw_markup(body, url)
    if url.startswith(("/documents", "/collections/hostile")) or "Sinpo" in url or "shipyard" in url:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, url  # shown as text, not dropped


def test_hostile_text_in_the_api_is_json_data_not_markup(client, hostile_world):
    for url in ("/api/documents/hostile-doc", "/api/search?q=Sinpo", "/api/collections/hostile-collection", "/api/collections"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/json"), url
        assert response["X-Content-Type-Options"] == "nosniff"  # no browser may sniff it into HTML
        json.loads(response.content)
    document = client.get("/api/documents/hostile-doc").json()
    assert document["title"] == hostile_world.title  # the data as stored, for machines to escape as they need

"""Fixtures for the translation backlog. The documents are TEST FIXTURES written for these tests,
not archival texts."""
import datetime as dt

import pytest
from django.contrib.auth.models import Permission

from mosaic.corpus.models import Document, Locator, TextLayer
from mosaic.entities.authority import load_shipped_authority, load_terms
from mosaic.search.index import get_backend
from mosaic.translations.tests.permissions import grant

RUSSIAN_ORIGINAL = "Ким Ир Сен принял посла. Беседа касалась обмена студентами и гастролей театра."


@pytest.fixture
def authority(db):
    load_shipped_authority()
    load_terms()


@pytest.fixture
def untranslated(db):
    """A published, public document whose only text is a staff-only Russian original."""
    get_backend().clear()
    document = Document.objects.create(
        public_id="fixture-ru-untranslated", title="Fixture: record of a conversation with the ambassador",
        status="published", access="public", origin_country="USSR", original_language="ru", date="1956-09-05",
        date_min=dt.date(1956, 9, 5), date_max=dt.date(1956, 9, 5))
    Locator.objects.create(document=document, as_printed="Fixture archive, ll. 10-12", folio_start=10, folio_end=12)
    TextLayer.objects.create(document=document, kind="original", language="ru", access="staff", text=RUSSIAN_ORIGINAL)
    return document


@pytest.fixture
def translator(django_user_model):
    user = django_user_model.objects.create_user("tanya", password="a-long-passphrase", first_name="Tatiana",
                                                 last_name="Fixturova", is_staff=True)
    return grant(user, "view_translationtask", "change_translationtask")


@pytest.fixture
def other_translator(django_user_model):
    user = django_user_model.objects.create_user("otto", password="a-long-passphrase", is_staff=True)
    return grant(user, "view_translationtask", "change_translationtask")


@pytest.fixture
def curator(django_user_model):
    user = django_user_model.objects.create_user("clara", password="a-long-passphrase", first_name="Clara",
                                                 last_name="Curator", is_staff=True)
    # Curators edit documents, and so see every record (the access policy's rule), drafts included.
    user.user_permissions.add(Permission.objects.get(content_type__app_label="corpus", codename="change_document"))
    return grant(user, "view_translationtask", "change_translationtask", "assign_translationtask", "approve_translationtask")


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user("reader", password="a-long-passphrase")

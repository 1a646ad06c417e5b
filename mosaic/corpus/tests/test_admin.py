"""The staff interface: a superuser can list, open and edit every kind of record."""
import pytest
from django.urls import reverse

from mosaic.archives.models import Repository
from mosaic.collections.models import Collection
from mosaic.corpus.models import Document, Locator
from mosaic.entities.models import Agent
from mosaic.publications.models import Publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(demo_db, client, django_user_model):
    user = django_user_model.objects.create_superuser("coordinator", "c@example.org", "a-long-passphrase")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "model, lookup",
    [
        (Document, {"public_id": "frus1969-76v19p1-d3"}),
        (Document, {"public_id": "wcda-113395"}),
        (Locator, {"document__public_id": "wcda-113395"}),
        (Repository, {"code": "RGANI"}),
        (Agent, {"name": "Henry A. Kissinger"}),
        (Collection, {"slug": "august-1956-plenum"}),
        (Publication, {"slug": "demo-reader-us-korea-policy-1969"}),
    ],
)
def test_changelist_and_change_form_open(staff_client, model, lookup):
    opts = model._meta
    obj = model.objects.get(**lookup)
    assert staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    page = staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    assert page.status_code == 200
    assert staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200


def test_document_form_shows_provenance_inlines(staff_client):
    doc = Document.objects.get(public_id="wcda-113395")
    body = staff_client.get(reverse("admin:corpus_document_change", args=[doc.pk])).content.decode()
    assert "Balazs Szalontai" in body  # the credited translator, in the credits inline
    assert "MOL, XIX-J-1-j Korea, 4. doboz" in body
    assert "Credits" in body and "Text layers" in body and "Locators" in body


def test_staff_can_edit_a_repository(staff_client):
    repository = Repository.objects.get(code="MOL")
    url = reverse("admin:archives_repository_change", args=[repository.pk])
    response = staff_client.post(url, {"code": "MOL", "name": "Hungarian National Archives (MNL OL)", "country": "Hungary", "aliases": '["MNL OL"]', "url": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    repository.refresh_from_db()
    assert repository.name == "Hungarian National Archives (MNL OL)" and repository.aliases == ["MNL OL"]


def test_anonymous_visitors_cannot_reach_the_staff_interface(client):
    response = client.get(reverse("admin:corpus_document_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

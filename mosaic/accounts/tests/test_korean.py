"""Accounts in Korean (issue 17): sign-in and registration pages under /ko/ speak Korean, refuse a
username in Korean, and a reader who registers there stays in Korean pages."""
import pytest

from mosaic.accounts.tests.test_accounts import PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_in_and_registration_in_korean(client, django_user_model):
    login = client.get("/ko/accounts/login/").content.decode()
    assert "<h1>로그인</h1>" in login and 'href="/ko/accounts/register/"' in login

    refused = client.post("/ko/accounts/register/", {"username": "admin", "email": "a@example.org",
                                                     "password1": PASSWORD, "password2": PASSWORD})
    assert refused.status_code == 400 and "“admin”은(는) 아카이브와 직원용으로 예약된 이름" in refused.content.decode()

    response = client.post("/ko/accounts/register/", {"username": "hana", "email": "hana@example.org",
                                                      "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/ko/"
    assert django_user_model.objects.filter(username="hana").exists()
    client.post("/ko/accounts/logout/")
    signed_in = client.post("/ko/accounts/login/", {"username": "hana", "password": PASSWORD})
    assert signed_in["Location"] == "/ko/"
    assert client.get("/ko/accounts/password/").status_code == 200
    changed = client.post("/ko/accounts/password/", {"old_password": PASSWORD, "new_password1": PASSWORD + "!",
                                                     "new_password2": PASSWORD + "!"})
    assert changed["Location"] == "/ko/accounts/password/done/"


def test_the_korean_admin_names_permissions_in_korean(admin_client):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="Curators")
    page = admin_client.get(f"/ko/admin/auth/group/{group.pk}/change/").content.decode()
    assert "문서 변경" in page  # "Can change document", stored in English by the migration
    assert "Can change document" not in page
    # A permission a Mosaic model declares, from the catalogue.
    assert "Can publish and withdraw documents" not in page
    english = admin_client.get(f"/admin/auth/group/{group.pk}/change/").content.decode()
    assert "Can change document" in english and "Can publish and withdraw documents, collections and publications" in english

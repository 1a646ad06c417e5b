import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-passphrase-42"


def register(client, username="hana", password=PASSWORD, **extra):
    return client.post("/accounts/register/", {"username": username, "email": f"{username}@example.org",
                                               "password1": password, "password2": password, **extra})


def test_a_reader_registers_as_a_researcher_signs_out_and_in(client, django_user_model):
    assert client.get("/accounts/register/").status_code == 200
    response = register(client)
    assert response.status_code == 302
    hana = django_user_model.objects.get(username="hana")
    assert list(hana.groups.values_list("name", flat=True)) == ["Researcher"]
    assert not hana.is_staff and not hana.get_all_permissions()
    assert "hana" in client.get("/").content.decode()

    client.post("/accounts/logout/")
    assert "Sign in" in client.get("/").content.decode()
    response = client.post("/accounts/login/", {"username": "hana", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/admin/").status_code == 302  # a researcher is not staff


def test_weak_passwords_and_robots_are_refused(client, django_user_model):
    response = register(client, password="password123")
    assert response.status_code == 400 and "too common" in response.content.decode()
    response = register(client, username="bot", website="http://spam.example")
    assert response.status_code == 302 and not django_user_model.objects.filter(username="bot").exists()


@override_settings(MOSAIC_REGISTRATIONS_PER_HOUR=2)
def test_registration_is_throttled_per_address(django_user_model):
    from django.core.cache import cache

    cache.clear()
    for n in range(2):
        assert register(Client(), username=f"reader{n}").status_code == 302
    response = register(Client(), username="reader3")
    assert response.status_code == 429 and "Too many accounts" in response.content.decode()
    assert not django_user_model.objects.filter(username="reader3").exists()


def test_failed_sign_ins_lock_the_public_login_too(client, django_user_model):
    django_user_model.objects.create_user("hana", password=PASSWORD)
    for _ in range(5):
        client.post("/accounts/login/", {"username": "hana", "password": "wrong-password"})
    response = client.post("/accounts/login/", {"username": "hana", "password": PASSWORD})
    assert response.status_code in (403, 429) and "_auth_user_id" not in client.session

"""Registration refuses reserved usernames and names that look like one already taken, and
stores usernames in NFKC."""
import pytest
from django.core.cache import cache

from mosaic.accounts import usernames

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-passphrase-42"


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    settings.MOSAIC_REGISTRATIONS_PER_HOUR = 100  # these tests register many names from one address
    cache.clear()
    yield
    cache.clear()


def register(client, username):
    return client.post("/accounts/register/", {"username": username, "email": "reader@example.org",
                                               "password1": PASSWORD, "password2": PASSWORD})


@pytest.mark.parametrize("name", ["admin", "Admin", "ADMIN", "administrator", "root", "staff", "mosaic", "coordinator",
                                  "curator", "Translator", "support", "security", "system", "api",
                                  "аdmin",  # Cyrillic а
                                  "admi\u0301n",  # combining acute accent
                                  "ａｄｍｉｎ",  # full-width letters
                                  "adrnin"])  # r + n reads as m
def test_reserved_names_and_their_look_alikes_are_refused(client, django_user_model, name):
    response = register(client, name)
    assert response.status_code == 400
    assert "is reserved for the archive and its staff" in response.content.decode()
    assert not django_user_model.objects.exists()


LOOKS_TAKEN = "looks too much like the name of an existing account"
TAKEN = "A user with that username already exists."


@pytest.mark.parametrize("name, message", [("carl\u0301", LOOKS_TAKEN),  # carl + combining accent (NFKC: carĺ)
                                           ("cаrl", LOOKS_TAKEN),  # Cyrillic а
                                           ("carI", LOOKS_TAKEN),  # capital I for small l
                                           ("ｃａｒｌ", TAKEN),  # NFKC makes it "carl" itself
                                           ("CARL", TAKEN)])  # Django's own case-insensitive check
def test_names_that_look_like_a_taken_one_are_refused(client, django_user_model, name, message):
    django_user_model.objects.create_user("carl", password=PASSWORD)
    response = register(client, name)
    assert response.status_code == 400 and message in response.content.decode()
    assert django_user_model.objects.count() == 1


def test_a_name_taken_as_spelled_gets_one_message(client, django_user_model):
    django_user_model.objects.create_user("carl", password=PASSWORD)
    body = register(client, "carl").content.decode()
    assert "A user with that username already exists." in body and "looks too much like" not in body


def test_other_names_register_and_are_stored_in_nfkc(client, django_user_model):
    django_user_model.objects.create_user("carl", password=PASSWORD)
    assert register(client, "ｃａｒｌａ").status_code == 302  # full-width: stored as plain "carla"
    assert django_user_model.objects.filter(username="carla").exists()
    client.post("/accounts/logout/")
    for name in ("Kim Il-sung".replace(" ", "_"), "Ким_Ир_Сен", "김일성", "adminton"):
        assert register(client, name).status_code == 302, name
        client.post("/accounts/logout/")
    assert set(django_user_model.objects.values_list("username", flat=True)) >= {"Kim_Il-sung", "Ким_Ир_Сен", "김일성", "adminton"}


def test_the_skeleton_groups_what_looks_alike_and_nothing_else():
    assert usernames.looks_like_a_taken_name("саrl", ["carl"])  # Cyrillic с and а
    assert usernames.looks_like_a_taken_name("m", ["rn"])
    assert not usernames.looks_like_a_taken_name("carla", ["carl"])
    assert not usernames.looks_like_a_taken_name("hana", ["hanna", "ana", "nana"])
    assert usernames.is_reserved("Administrator") and not usernames.is_reserved("administrators")
    assert usernames.RESERVED_USERNAMES >= {"admin", "administrator", "root", "staff", "mosaic", "coordinator", "curator",
                                            "translator", "support", "security", "system", "api"}

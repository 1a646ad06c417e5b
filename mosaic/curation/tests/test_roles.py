import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from mosaic.curation.roles import COORDINATOR_ONLY, ROLES, permissions_for, sync_roles

pytestmark = pytest.mark.django_db


def test_roles_are_groups_with_the_stated_permissions():
    sync_roles()
    sync_roles()  # idempotent
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)
    curator = permissions_for("Curator")
    translator = permissions_for("Translator")
    coordinator = permissions_for("Coordinator")
    assert "corpus.change_document" in curator and "collections.change_collection" in curator
    assert not COORDINATOR_ONLY & curator
    assert COORDINATOR_ONLY <= coordinator
    assert "corpus.change_document" not in translator and "translations.change_translationtask" in translator
    assert permissions_for("Researcher") == set()


def test_role_grant_from_the_command_line(django_user_model, capsys):
    django_user_model.objects.create_user("mira", password="a-long-passphrase-42")
    call_command("roles", "grant", "mira", "translator")
    mira = django_user_model.objects.get(username="mira")
    assert mira.is_staff and mira.has_perm("translations.change_translationtask")
    assert not mira.has_perm("corpus.change_document")
    call_command("roles", "revoke", "mira", "translator")
    mira = django_user_model.objects.get(username="mira")
    assert not mira.is_staff
    call_command("roles", "users")
    assert "mira\t-" in capsys.readouterr().out

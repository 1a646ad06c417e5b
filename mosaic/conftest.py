import json

import pytest


@pytest.fixture
def write_jsonl(tmp_path):
    """Write document records as a JSON Lines file in the test's folder; returns its path."""

    def write(records, name="records.jsonl"):
        path = tmp_path / name
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        return path

    return write


@pytest.fixture
def staff_member(db, django_user_model):
    """Make a signed-in-able account with one of the staff roles (mosaic/curation/roles.py)."""
    from mosaic.curation.roles import grant, sync_roles

    sync_roles()

    def make(role: str, username: str | None = None):
        user = django_user_model.objects.create_user(username or role.lower(), f"{role.lower()}@example.org", "a-long-passphrase-42")
        grant(user, role)
        return django_user_model.objects.get(pk=user.pk)  # fresh, so the permission cache is empty

    return make

"""The leak test's restore angle: a curator restoring earlier, open versions of what a coordinator
closed (withdrawn, staff-only, embargoed, draft records; staff-only and embargoed texts and scans;
a staff-only text deleted since) reopens none of it. Anonymous readers and signed-in researchers
still never see the restricted material on the document page, the search page, /api/search or
/api/documents/<id>."""
import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from mosaic.corpus.models import Document
from mosaic.curation import history
from mosaic.pages.tests.test_leaks import HIDDEN_WORD, MARK, _body, _readers, restricted_world  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

# What each record was like before a coordinator closed it: the version a curator restores.
OPEN_BEFORE = {
    "draft-doc": {"status": "published"},
    "withdrawn-doc": {"status": "published"},
    "staff-doc": {"access": "public"},
    "embargo-doc": {"embargo_until": dt.date(2000, 1, 1)},
    "open-doc": {},  # open already: its texts and scans were
}


def open_version(document, fields):
    """Store the document as it was when it and all its texts and scans were open, then put back
    what the coordinator closed; returns that open version."""
    closed_parts = {part: (part.access, part.embargo_until) for part in [*document.text_layers.all(), *document.files.all()]}
    closed_fields = {name: getattr(document, name) for name in fields}
    for part in closed_parts:
        type(part).objects.filter(pk=part.pk).update(access="public", embargo_until=None)
    Document.objects.filter(pk=document.pk).update(**fields)
    revision = history.snapshot([Document.objects.get(pk=document.pk)], comment="Before a coordinator closed it")
    for part, (access, embargo_until) in closed_parts.items():
        type(part).objects.filter(pk=part.pk).update(access=access, embargo_until=embargo_until)
    Document.objects.filter(pk=document.pk).update(**closed_fields)
    return revision.version_set.get(object_id=str(document.pk), content_type__model="document")


def channels(public_id: str) -> list[str]:
    return [f"/documents/{public_id}/", f"/search?q={HIDDEN_WORD}", "/search?q=plenum&per_page=100",
            f"/api/search?q={HIDDEN_WORD}", "/api/search?q=plenum&per_page=100", f"/api/documents/{public_id}"]


def test_a_curators_restore_reopens_nothing_a_coordinator_closed(client, restricted_world, staff_member,
                                                                  django_user_model, django_capture_on_commit_callbacks):
    versions = {public_id: open_version(Document.objects.get(public_id=public_id), fields)
                for public_id, fields in OPEN_BEFORE.items()}
    # A staff-only text deleted since the open version: the restore brings it back.
    Document.objects.get(public_id="open-doc").text_layers.get(kind="original", language="ru").delete()

    curator = Client()
    curator.force_login(staff_member("Curator"))
    for public_id, version in versions.items():
        document = Document.objects.get(public_id=public_id)
        with django_capture_on_commit_callbacks(execute=True):
            response = curator.post(reverse("admin:corpus_document_version", args=[document.pk, version.pk]))
        assert response.status_code == 302
        assert history.versions_of(document).first().revision.comment.startswith("Restored the version of")
    assert Document.objects.get(public_id="open-doc").text_layers.get(kind="original", language="ru").access == "staff"

    for who, reader in _readers(client, django_user_model):
        for public_id in OPEN_BEFORE:
            for url in channels(public_id):
                assert MARK not in _body(reader.get(url)), f"{who} sees restricted material at {url} after a curator's restore"
        assert reader.get("/api/search", {"q": "plenum", "per_page": 100}).json()["total"] == 1  # the open document only

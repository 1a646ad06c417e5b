"""Notes are part of a publication's history, and the demo's essay loads through the same checks
as the staff form."""
import json

import pytest
from django.urls import reverse

from mosaic.curation import history
from mosaic.curation.tests.admin_forms import form_data
from mosaic.publications.models import Footnote, Publication
from mosaic.publications.seed import InvalidNotes, load_essays, load_publications

pytestmark = pytest.mark.django_db


def _notes(publication):
    return sorted(Footnote.objects.filter(publication=publication).values_list("marker", "text", "document__public_id", "pinpoint"))


def test_restoring_a_version_brings_its_notes_back(essay, client, staff_member, django_capture_on_commit_callbacks):
    history.snapshot([essay], comment="Before the edit")
    before, body_before = _notes(essay), essay.body
    version = history.versions_of(essay).first()
    assert {v.content_type.model for v in history._record_versions(version)} >= {"publication", "footnote"}

    client.force_login(staff_member("Curator"))
    address = reverse("admin:publications_publication_change", args=[essay.pk])
    data = form_data(client.get(address))
    data["body"] = data["body"].replace("[^aside]", "")
    prefix = next(k.removesuffix("-marker") for k, v in data.items() if k.endswith("-marker") and v == "aside")
    data[f"{prefix}-DELETE"] = "on"
    ivanov = next(k.removesuffix("-marker") for k, v in data.items() if k.endswith("-marker") and v == "ivanov")
    data[f"{ivanov}-pinpoint"] = "l. 160"
    assert client.post(address, data).status_code == 302
    assert _notes(essay) != before

    latest = history.versions_of(essay).first()
    changes = {(part.label.split(":")[0], part.change) for part in history.diff_with_previous(latest)}
    assert ("Footnote", "removed") in changes and ("Footnote", "changed") in changes  # the history shows note edits

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("admin:publications_publication_version", args=[essay.pk, version.pk])).status_code == 302
    essay.refresh_from_db()
    assert _notes(essay) == before and essay.body == body_before
    assert "A remark that cites nothing." in client.get("/publications/plenum-essay/").content.decode()


def _entry(**changes):
    entry = {"slug": "seeded", "kind": "essay", "title": "Seeded essay", "body": "One.[^a] Two.[^b]",
             "notes": [{"marker": "a", "document": "ivanov-report", "pinpoint": "l. 153"}, {"marker": "b", "text": "Words."}]}
    return {**entry, **changes}


def test_the_loader_writes_notes_and_is_idempotent(essay):
    load_publications([_entry()])
    load_publications([_entry()])
    seeded = Publication.objects.get(slug="seeded")
    assert _notes(seeded) == [("a", "", "ivanov-report", "l. 153"), ("b", "Words.", None, "")]


@pytest.mark.parametrize("changes, message", [
    ({"body": "One.[^a]"}, "The note labelled “b” is not referred to in the text"),
    ({"body": "One.[^a] Two.[^b] Three.[^c]"}, "The text refers to note [^c], but there is no note labelled “c”."),
    ({"notes": [{"marker": "a", "document": "no-such-doc"}, {"marker": "b", "text": "Words."}]},
     "cites documents that are not in the archive: no-such-doc"),
    ({"notes": [{"marker": "a"}, {"marker": "b", "text": "Words."}]}, "note [^a]: A note needs its text, a cited document, or both."),
])
def test_the_loader_refuses_what_the_staff_form_refuses(essay, changes, message):
    with pytest.raises(InvalidNotes) as refused:
        load_publications([_entry(**changes)])
    assert message in str(refused.value) and 'publication "seeded"' in str(refused.value)
    assert not Publication.objects.filter(slug="seeded").exists()


def test_the_demo_essay_cites_demo_documents_by_id(demo_db):
    """Every id the demo essay cites is a document of the demo (checked against its files, so the
    essay cannot drift from the corpus unnoticed), and its notes pass the checks."""
    from mosaic.ingest.demo import DEMO_DIR

    essays = json.loads((DEMO_DIR / "essays.json").read_text(encoding="utf-8"))["essays"]
    assert [e["kind"] for e in essays] == ["essay"]
    essay = Publication.objects.get(slug=essays[0]["slug"])
    cited = {note.document.public_id for note in essay.footnotes.select_related("document") if note.document_id}
    assert len(cited) >= 8 and len(cited) == len({n["document"] for n in essays[0]["notes"] if n.get("document")})
    assert load_essays(DEMO_DIR / "essays.json") == 1  # loading again changes nothing
    assert essay.footnotes.count() == len(essays[0]["notes"])

"""Curators write notes in the staff interface: a document cited by its public id, and every
mismatch between the body's markers and the notes a form error, never a silent drop."""
import pytest
from django.urls import reverse

from mosaic.curation.tests.admin_forms import form_data
from mosaic.publications.models import Footnote

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator_client(client, staff_member):
    client.force_login(staff_member("Curator"))
    return client


def _address(essay):
    return reverse("admin:publications_publication_change", args=[essay.pk])


def _form(client, essay) -> dict:
    return form_data(client.get(_address(essay)))


def _note_prefix(data: dict, marker: str) -> str:
    return next(key.removesuffix("-marker") for key, value in data.items()
                if key.startswith("footnotes-") and key.endswith("-marker") and value == marker)


def _add_note(data: dict, **fields) -> None:
    index = int(data["footnotes-TOTAL_FORMS"])
    data["footnotes-TOTAL_FORMS"] = str(index + 1)
    for name, value in fields.items():
        data[f"footnotes-{index}-{name}"] = value
    data[f"footnotes-{index}-publication"] = data["footnotes-0-publication"]


def _errors(response) -> list[str]:
    assert response.status_code == 200, "the form was saved"
    found = []
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        found += list(formset.non_form_errors())
        for form in formset.forms:
            found += [message for messages in form.errors.values() for message in messages]
    return found


def test_the_note_form_shows_the_cited_document_by_its_public_id_and_says_how_to_write_markers(curator_client, essay):
    page = curator_client.get(_address(essay))
    data = form_data(page)
    assert data[f"{_note_prefix(data, 'ivanov')}-cited_id"] == "ivanov-report"
    html = page.content.decode()
    assert "[^label]" in html and "Cites document (id)" in html


def test_a_curator_adds_a_note_citing_a_document_by_its_id(curator_client, essay):
    data = _form(curator_client, essay)
    data["body"] += "<p>And a new point.[^new]</p>"
    _add_note(data, marker="[^new]", text="New note.", cited_id="plenum-resolution", pinpoint="p. 1")
    response = curator_client.post(_address(essay), data)
    assert response.status_code == 302, _errors(response)
    note = Footnote.objects.get(publication=essay, marker="new")  # typed as [^new], stored as its label
    assert (note.document.public_id, note.pinpoint, note.text) == ("plenum-resolution", "p. 1", "New note.")


def test_an_unknown_document_id_is_a_form_error(curator_client, essay):
    data = _form(curator_client, essay)
    data[f"{_note_prefix(data, 'ivanov')}-cited_id"] = "no-such-doc"
    errors = _errors(curator_client.post(_address(essay), data))
    assert any(e.startswith("No document has the id “no-such-doc”.") for e in errors), errors
    assert Footnote.objects.get(publication=essay, marker="ivanov").document.public_id == "ivanov-report"


def test_a_marker_without_a_note_is_a_form_error(curator_client, essay):
    data = _form(curator_client, essay)
    data["body"] += "<p>Unsupported claim.[^missing]</p>"
    errors = _errors(curator_client.post(_address(essay), data))
    assert "The text refers to note [^missing], but there is no note labelled “missing”." in errors
    essay.refresh_from_db()
    assert "[^missing]" not in essay.body


def test_a_note_without_a_marker_is_a_form_error(curator_client, essay):
    data = _form(curator_client, essay)
    data["body"] = data["body"].replace("[^aside]", "")
    errors = _errors(curator_client.post(_address(essay), data))
    assert any(e.startswith("The note labelled “aside” is not referred to in the text") for e in errors), errors


def test_deleting_a_note_and_its_marker_together_is_fine(curator_client, essay):
    data = _form(curator_client, essay)
    data["body"] = data["body"].replace("[^aside]", "")
    data[f"{_note_prefix(data, 'aside')}-DELETE"] = "on"
    assert curator_client.post(_address(essay), data).status_code == 302
    assert not Footnote.objects.filter(publication=essay, marker="aside").exists()


@pytest.mark.parametrize("fields, message", [
    ({"marker": "x", "text": "", "cited_id": "", "pinpoint": ""}, "A note needs its text, a cited document, or both."),
    ({"marker": "x", "text": "Words.", "cited_id": "", "pinpoint": "p. 3"}, "A pinpoint says where in the cited document; this note cites none."),
    ({"marker": "two words", "text": "Words.", "cited_id": "", "pinpoint": ""}, "Use letters, digits, - or _ (at most 30, no spaces), e.g. 1 or kim-speech."),
    ({"marker": "ivanov", "text": "Again.", "cited_id": "", "pinpoint": ""}, "There are 2 notes labelled “ivanov”; each label may be used by one note only."),
])
def test_a_bad_note_is_a_form_error(curator_client, essay, fields, message):
    data = _form(curator_client, essay)
    data["body"] += f"<p>More.[^{fields['marker']}]</p>" if " " not in fields["marker"] else ""
    _add_note(data, **fields)
    errors = _errors(curator_client.post(_address(essay), data))
    assert any(message in e for e in errors), errors
    assert Footnote.objects.filter(publication=essay).count() == 4


def test_a_malformed_marker_in_the_body_is_a_form_error(curator_client, essay):
    data = _form(curator_client, essay)
    data["body"] += "<p>Typo.[^ 7]</p>"
    errors = _errors(curator_client.post(_address(essay), data))
    assert any(e.startswith("“[^ 7]” in the text is not a note marker") for e in errors), errors

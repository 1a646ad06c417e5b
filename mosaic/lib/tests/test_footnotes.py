"""Note markers: numbering by first appearance, the checks a curator is shown, and the references
put into the text."""
import pytest

from mosaic.lib.footnotes import (check_notes, is_label, link_markers, marker_labels, normalise_label, note_id,
                                  number_notes, reference_id)
from mosaic.lib.rich_text import sanitize_html

TEXT = "<p>Kim spoke first.[^kim] The letter followed.[^1] Kim again.[^kim]</p><p>Last.[^b-2]</p>"


def test_notes_are_numbered_by_the_first_appearance_of_their_markers():
    assert marker_labels(TEXT) == ["kim", "1", "b-2"]
    assert number_notes(TEXT) == {"kim": 1, "1": 2, "b-2": 3}


def test_markers_inside_tags_are_not_markers():
    html = '<p><a href="/x[^9]" title="[^8]">link</a> text[^1]</p>'
    assert marker_labels(html) == ["1"]


def test_a_text_and_its_notes_that_match_have_no_problems():
    assert check_notes(TEXT, ["1", "kim", "b-2"]) == []
    assert check_notes("<p>No notes at all.</p>", []) == []


def test_a_marker_without_a_note_is_named():
    assert check_notes(TEXT, ["kim", "b-2"]) == [
        "The text refers to note [^1], but there is no note labelled “1”."]


def test_a_note_without_a_marker_is_named():
    assert check_notes(TEXT, ["kim", "1", "b-2", "orphan"]) == [
        "The note labelled “orphan” is not referred to in the text: add [^orphan] where it belongs, or delete the note."]


def test_two_notes_with_one_label_are_refused():
    problems = check_notes(TEXT, ["kim", "kim", "1", "b-2"])
    assert problems == ["There are 2 notes labelled “kim”; each label may be used by one note only."]


@pytest.mark.parametrize("typed", ["[^ 1]", "[^]", "[^note 3]", "[^ä]"])
def test_a_malformed_marker_is_named_rather_than_silently_shown(typed):
    problems = check_notes(f"<p>Text{typed}.</p>", [])
    assert len(problems) == 1 and problems[0].startswith(f"“{typed}” in the text is not a note marker")


def test_an_unusable_label_is_refused():
    (problem,) = [p for p in check_notes("<p>Text.</p>", ["two words"]) if "not a usable" in p]
    assert "“two words”" in problem


def test_a_marker_inside_a_link_is_refused():
    problems = check_notes('<p><a href="https://example.org">see[^1]</a></p>', ["1"])
    assert problems == ["The marker [^1] is inside a link; put it after the link's text."]


def test_labels_as_curators_type_them():
    assert [normalise_label(t) for t in ("3", " [^3] ", "^3", "[3]")] == ["3", "3", "3", "3"]
    assert is_label("kim-speech") and is_label("A_1") and not is_label("-1") and not is_label("a b") and not is_label("x" * 31)


def test_references_link_to_their_notes_and_repeat_references_get_their_own_ids():
    linked = link_markers(TEXT, number_notes(TEXT))
    assert linked.count(f'href="#{note_id(1)}"') == 2
    assert f'id="{reference_id(1)}"' in linked and f'id="{reference_id(1, 2)}"' in linked
    assert reference_id(1, 2) == "note-ref-1-2" and note_id(3) == "note-3"
    assert '<sup class="note-ref" id="note-ref-3"><a href="#note-3" aria-label="Note 3">3</a></sup>' in linked
    assert "[^" not in linked


def test_adjacent_references_are_separated():
    linked = link_markers("<p>End.[^a][^b]</p>", {"a": 1, "b": 2})
    assert '</sup><sup class="note-sep">,</sup><sup class="note-ref" id="note-ref-2">' in linked


def test_a_marker_without_a_number_stays_visible():
    assert link_markers("<p>Text[^x] and[^1].</p>", {"1": 1}).startswith("<p>Text[^x] and<sup")


def test_a_reference_inside_a_link_does_not_nest_a_link():
    linked = link_markers('<p><a href="https://example.org">see[^1]</a></p>', {"1": 1})
    assert linked == '<p><a href="https://example.org">see<sup class="note-ref" id="note-ref-1">1</sup></a></p>'


def test_markers_survive_sanitising_both_plain_text_and_html():
    assert marker_labels(sanitize_html("One.[^1]\n\nTwo.[^2]")) == ["1", "2"]
    assert marker_labels(sanitize_html("<p>One.<script>x[^3]</script>[^1]</p>")) == ["1"]

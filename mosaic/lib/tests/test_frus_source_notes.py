"""Source notes of FRUS documents split into location, classification and remarks.

The first four are the real notes of the FRUS excerpt shared with the project (and imported by
the demo); the others are written in the forms FRUS volumes of other decades use (Department
of State decimal files, RG 59 subject-numeric files, presidential libraries, a printed source,
an unmarked copy), so each way the location can end is tried.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from mosaic.lib.frus_source_notes import parse_source_note

SHARED_FRUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "frus" / "frus1969-76v19p1_excerpt_d2-d5.jsonl"


def shared_notes() -> dict[str, str]:
    lines = SHARED_FRUS.read_text(encoding="utf-8").splitlines()
    return {record["doc_id"]: record["source_note"] for record in map(json.loads, lines)}


REAL = {
    "d2": ("National Archives, Nixon Presidential Materials, NSC Files, Box 365, Subject Files, "
           "National Security Study Memoranda, Nos. 1–42", "Secret",
           "A copy was sent to the Chairman of the Joint Chiefs of Staff."),
    "d3": ("National Archives, Nixon Presidential Materials, NSC Files, Box 540, Country Files, Far East, "
           "Korea, Vol. I, to 9–69", "Confidential",
           "Drafted by Leonard and approved in S on March 21. The meeting was held at the Department of "
           "State. A copy was sent to Richard Sneider at the White House."),
    "d4": ("National Archives, Nixon Presidential Materials, NSC Files, Box 365, Subject Files, "
           "National Security Study Memoranda, Nos. 1–42", "Secret",
           "Copies were sent to the Chairman of the Joint Chiefs of Staff and the Director of USIA."),
    "d5": ("National Archives, Nixon Presidential Materials, White House Special Files, President’s Office "
           "Files, Box 77, Memoranda for the President, Beginning March 30, 1969", "Secret; Sensitive", None),
}


@pytest.mark.parametrize("doc_id", sorted(REAL))
def test_real_notes_of_the_shared_frus_excerpt(doc_id):
    note = parse_source_note(shared_notes()[doc_id])
    location, classification, remarks = REAL[doc_id]
    assert note.location == location
    assert note.classification == classification
    if remarks is not None:
        assert note.remarks == remarks
    assert "drafted" not in note.location.casefold() and "copy" not in note.location.casefold()


def test_the_d5_remarks_keep_their_abbreviations_and_parentheses():
    note = parse_source_note(shared_notes()["d5"])
    assert note.remarks.startswith("Presumably drafted by Sneider. According to the President’s Daily Diary")
    assert "12:41 p.m. and Kissinger" in note.remarks and "(Ibid., White House Central Files)" in note.remarks


FORMS = [
    ("Source: Department of State, Central Files, 795.00/1–2453. Secret. Drafted by Young; cleared by "
     "Johnson and approved by Allison. Repeated to Tokyo.",
     "Department of State, Central Files, 795.00/1–2453", "Secret",
     "Drafted by Young; cleared by Johnson and approved by Allison. Repeated to Tokyo."),
    ("Source: National Archives, RG 59, Central Files 1967–69, POL 27 KOR N–US. Secret; Immediate; "
     "Exdis. Received at 4:12 a.m. Repeated to CINCPAC.",
     "National Archives, RG 59, Central Files 1967–69, POL 27 KOR N–US", "Secret; Immediate; Exdis",
     "Received at 4:12 a.m. Repeated to CINCPAC."),
    # A one-letter volume number before the classification: "V." is not an initial here.
    ("Source: Johnson Library, National Security File, Country File, Korea, Vol. V. Secret; Nodis.",
     "Johnson Library, National Security File, Country File, Korea, Vol. V", "Secret; Nodis", ""),
    ("Source: Department of State, S/S–NSC Files: Lot 63 D 351, NSC 5514 Series. Top Secret. Prepared by "
     "the NSC Planning Board.",
     "Department of State, S/S–NSC Files: Lot 63 D 351, NSC 5514 Series", "Top Secret",
     "Prepared by the NSC Planning Board."),
    # Abbreviations inside the location: a month, initials, a time of day.
    ("Source: John F. Kennedy Library, National Security Files, Meetings with the President, Feb. 22, "
     "1962, 2 p.m. Top Secret; Eyes Only.",
     "John F. Kennedy Library, National Security Files, Meetings with the President, Feb. 22, 1962, 2 p.m.",
     "Top Secret; Eyes Only", ""),
    ("Source: Washington National Records Center, RG 330, OASD/ISA Files: FRC 72 A 1498, Korea 091. "
     "No classification marking.",
     "Washington National Records Center, RG 330, OASD/ISA Files: FRC 72 A 1498, Korea 091", "",
     "No classification marking."),
    # A printed source and no classification: the first sentence break ends the location.
    ("Source: Department of State Bulletin, May 5, 1969, pp. 380–381. The President spoke in the Rose Garden.",
     "Department of State Bulletin, May 5, 1969, pp. 380–381", "", "The President spoke in the Rose Garden."),
    ("Source: Eisenhower Library, Dulles Papers, White House Memoranda Series.",
     "Eisenhower Library, Dulles Papers, White House Memoranda Series", "", ""),
]


@pytest.mark.parametrize("text, location, classification, remarks", FORMS, ids=[f[1][:40] for f in FORMS])
def test_forms_of_other_volumes(text, location, classification, remarks):
    note = parse_source_note(text)
    assert (note.location, note.classification, note.remarks) == (location, classification, remarks)


@pytest.mark.parametrize("text", [
    None, "", "RGANI, Fond 5, Opis 28, Delo 410, Listy 301–303. Obtained and translated for NKIDP by James F. Person.",
])
def test_other_source_lines_are_not_source_notes(text):
    assert parse_source_note(text) is None


def test_the_note_is_read_across_line_breaks_as_tei_keeps_them():
    note = parse_source_note("Source: National Archives, RG 59,\n   Central Files 1970–73, POL 7 KOR S.\n Confidential. Drafted by Ericson.")
    assert note.location == "National Archives, RG 59, Central Files 1970–73, POL 7 KOR S"
    assert note.classification == "Confidential" and note.remarks == "Drafted by Ericson."

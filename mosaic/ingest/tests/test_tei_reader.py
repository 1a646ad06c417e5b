"""The FRUS TEI reader: the demo excerpt (documents 2–5 of FRUS 1969–76, XIX, part 1) and hostile files.

Plain pytest, no database: run with `python -m pytest -p no:django mosaic/ingest/tests/test_tei_reader.py`.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from mosaic.ingest.readers import Problem, SourceRecord, UnreadableFile
from mosaic.ingest.readers.tei import load_frus_persons, natural_name, read_tei

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
SAMPLE = DEMO / "frus1969-76v19p1_excerpt_d2-d5.xml"
PERSONS = DEMO / "frus1969-76v19p1_persons.tsv"

TEI_OPEN = (
    '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0" '
    'xml:id="frus1969-76v99">'
)


@pytest.fixture(scope="module")
def persons() -> dict[str, str]:
    return load_frus_persons(PERSONS)


@pytest.fixture(scope="module")
def outputs(persons) -> list:
    return list(read_tei(SAMPLE, persons))


@pytest.fixture(scope="module")
def records(outputs) -> dict[str, dict]:
    return {output.data["id"]: output.data for output in outputs}


def agents(record: dict, role: str) -> list[str]:
    return [agent["name"] for agent in record["agents"] if agent["role"] == role]


def text_of(record: dict) -> str:
    [layer] = record["texts"]
    return layer["text"]


def write(tmp_path: Path, content: str | bytes, name: str = "volume.xml") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def tei_with_document(attributes: str, body: str = "<p>Text.</p>") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"{TEI_OPEN}\n<text><body>\n"
        f'<div type="document" xml:id="d7" n="7" {attributes}>\n'
        f"<head>7. Telegram From the Embassy in Korea to the Department of State</head>\n{body}\n"
        "</div>\n</body></text></TEI>\n"
    )


# --- persons ---------------------------------------------------------------------------------


def test_persons_table_gives_names_in_natural_order(persons):
    assert persons["p_NRM1"] == "Richard M. Nixon"
    assert persons["p_KHA1"] == "Henry A. Kissinger"
    assert persons["p_KIS1"] == "Kim Il Sung"
    assert persons["p_KDJ2"] == "Kim Dong Jo"
    assert persons["p_CE1"] == "Chou En-lai"


@pytest.mark.parametrize(
    "indexed, natural",
    [
        ("Nixon, Richard M.", "Richard M. Nixon"),
        ("Kim Il Sung (Kim Il-sung)", "Kim Il Sung"),
        ("McCain, John S., Jr.", "John S. McCain, Jr."),
        ("Irwin, John N., II", "John N. Irwin II"),
        ("Sato Eisaku", "Sato Eisaku"),
    ],
)
def test_natural_name(indexed, natural):
    assert natural_name(indexed) == natural


# --- the sample ------------------------------------------------------------------------------


def test_sample_yields_four_records_with_their_div_lines(outputs):
    assert all(isinstance(output, SourceRecord) for output in outputs)
    assert [output.data["id"] for output in outputs] == [
        "frus1969-76v19p1-d2", "frus1969-76v19p1-d3", "frus1969-76v19p1-d4", "frus1969-76v19p1-d5",
    ]
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    for output in outputs:
        document = output.data["id"].rsplit("-", 1)[1]
        assert f'<div type="document" xml:id="{document}"' in lines[output.line - 1]


def test_titles_and_types(records):
    assert {key: (r["title"], r["type"]) for key, r in records.items()} == {
        "frus1969-76v19p1-d2": ("National Security Study Memorandum 27", "memorandum"),
        "frus1969-76v19p1-d3": ("Memorandum of Conversation", "memorandum_of_conversation"),
        "frus1969-76v19p1-d4": ("National Security Study Memorandum 34", "memorandum"),
        "frus1969-76v19p1-d5": ("Memorandum of Conversation", "memorandum_of_conversation"),
    }


def test_dates(records):
    dates = {key: (r["date"], r["date_min"], r["date_max"]) for key, r in records.items()}
    assert dates == {
        "frus1969-76v19p1-d2": ("1969-02-22", "1969-02-22", "1969-02-22"),
        "frus1969-76v19p1-d3": ("1969-03-19", "1969-03-19", "1969-03-19"),
        "frus1969-76v19p1-d4": ("1969-03-21", "1969-03-21", "1969-03-21"),
        "frus1969-76v19p1-d5": ("1969-04-01", "1969-04-01", "1969-04-01"),
    }
    assert records["frus1969-76v19p1-d5"]["date_note"] == (
        "Interval from frus:doc-dateTime-min/max; time 12:24–12:41 (UTC−05:00)"
    )
    assert "date_note" not in records["frus1969-76v19p1-d2"]  # the whole day


def test_classifications_from_source_notes(records):
    assert {key: r["classification"] for key, r in records.items()} == {
        "frus1969-76v19p1-d2": "Secret",
        "frus1969-76v19p1-d3": "Confidential",
        "frus1969-76v19p1-d4": "Secret",
        "frus1969-76v19p1-d5": "Secret; Sensitive",
    }


def test_fixed_fields(records):
    d2 = records["frus1969-76v19p1-d2"]
    assert d2["source"].startswith(
        "Source: National Archives, Nixon Presidential Materials, NSC Files, Box 365, "
    )
    assert d2["source_url"] == "https://history.state.gov/historicaldocuments/frus1969-76v19p1/d2"
    assert (d2["origin_country"], d2["original_language"], d2["status"], d2["access"]) == (
        "USA", "en", "published", "public",
    )
    assert "17 U.S.C. §105" in d2["rights"]
    assert "collections" not in d2
    assert d2["texts"][0]["made_by"] == "Office of the Historian, U.S. Department of State"


def test_signatory_and_recipients_of_nssm_27(records):
    d2 = records["frus1969-76v19p1-d2"]
    assert agents(d2, "signatory") == ["Henry A. Kissinger"]
    assert agents(d2, "recipient")[:2] == ["The Secretary of State", "The Secretary of Defense"]
    assert len(agents(d2, "recipient")) == 6
    assert all(a["kind"] == "organisation" for a in d2["agents"] if a["role"] == "recipient")
    # Nixon appears in the source note ("Nixon Presidential Materials") and in footnote 3; only
    # the footnote makes him an agent, and only once.
    assert agents(d2, "mentioned") == ["Lyndon B. Johnson", "Richard M. Nixon"]


def test_participants_of_memcons(records):
    d3, d5 = records["frus1969-76v19p1-d3"], records["frus1969-76v19p1-d5"]
    assert agents(d3, "participant") == ["Kim Dong Jo", "James F. Leonard"]
    assert "Kim Dong Jo" in agents(d5, "participant")
    lee = next(a for a in d5["agents"] if a["name"] == "Lee Hu Rak")
    assert lee == {"name": "Lee Hu Rak", "role": "participant", "kind": "person", "as_written": "Lee Hurak"}
    assert "Kim Il Sung" in agents(d5, "mentioned")


def test_agents_without_persons_table_use_the_printed_name():
    d5 = [o.data for o in read_tei(SAMPLE)][3]
    assert "Pak" in agents(d5, "mentioned")


def test_text_reads_in_paragraphs_with_notes_at_the_end(records):
    text = text_of(records["frus1969-76v19p1-d2"])
    assert text.startswith("2. National Security Study Memorandum 27\n\nWashington, February 22, 1969.")
    assert "\n\nThe Secretary of State\n\n" in text
    assert (
        "directed an Interagency Planning-Programming-Budgeting study for Korea.[2] The President "
        "has directed" in text
    )
    assert "circulated for NSC IG/EA comment" in text  # the page break leaves no trace
    assert "Source:" not in text and "Box 365" not in text
    body, notes = text.split("\n\nNotes\n")
    assert body.endswith("\n\nHenry A. Kissinger")
    assert notes.splitlines()[0].startswith("[2] In February 1968, President Lyndon Johnson instructed")
    assert notes.splitlines()[1].startswith("[3] Dated January 20.")


def test_list_labels_stay_with_their_items(records):
    text = text_of(records["frus1969-76v19p1-d5"])
    assert "He suggested four major steps:\n\n1. The U.S. should maintain two divisions" in text
    assert "\n\n4. The Republic of Korea, if it has enough U.S. support" in text


def test_no_words_are_lost(outputs):
    """Every word of each division (except the source note) is in the text, in order."""
    import xml.etree.ElementTree as ET

    tree = ET.parse(SAMPLE)
    divisions = {
        div.get("{http://www.w3.org/XML/1998/namespace}id"): div
        for div in tree.iter("{http://www.tei-c.org/ns/1.0}div")
        if div.get("type") == "document"
    }
    for output in outputs:
        division = divisions[output.data["id"].rsplit("-", 1)[1]]
        for note in list(division.iter("{http://www.tei-c.org/ns/1.0}note")):
            if note.get("type") == "source":
                note.clear()
        expected = "".join("".join(division.itertext()).split())
        body, _, notes = text_of(output.data).partition("\n\nNotes\n")
        footnotes = dict(line.split(" ", 1) for line in notes.splitlines())
        inlined = re.sub(r"\[\d+\]", lambda marker: footnotes[marker.group(0)], body)
        assert "".join(inlined.split()) == expected


# --- dates in made-up documents --------------------------------------------------------------


def test_interval_over_several_days(tmp_path):
    path = write(tmp_path, tei_with_document(
        'frus:doc-dateTime-min="1972-07-03T00:00:00+09:00" frus:doc-dateTime-max="1972-07-05T23:59:59+09:00"'
    ))
    [output] = read_tei(path)
    data = output.data
    assert (data["date"], data["date_min"], data["date_max"]) == ("1972-07", "1972-07-03", "1972-07-05")
    assert "date_note" not in data
    assert data["type"] == "telegram"


def test_undated_document_is_allowed(tmp_path):
    [output] = read_tei(write(tmp_path, tei_with_document("")))
    assert isinstance(output, SourceRecord)
    assert "date" not in output.data


def test_impossible_date_is_a_problem_on_the_div_line(tmp_path):
    path = write(tmp_path, tei_with_document(
        'frus:doc-dateTime-min="1969-02-30T00:00:00-05:00" frus:doc-dateTime-max="1969-02-30T23:59:59-05:00"'
    ))
    [output] = read_tei(path)
    assert output == Problem(
        4, 'document d7: frus:doc-dateTime-min "1969-02-30T00:00:00-05:00" is not a real date'
    )


# --- hostile and broken files ----------------------------------------------------------------


def test_billion_laughs_is_refused(tmp_path):
    entities = "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE TEI [\n<!ENTITY lol0 "lol">\n'
        f"{entities}\n]>\n{TEI_OPEN}<text><body><p>&lol9;</p></body></text></TEI>"
    )
    with pytest.raises(UnreadableFile, match="entit.*refused"):
        list(read_tei(write(tmp_path, bomb)))


def test_external_entity_is_refused(tmp_path):
    xxe = (
        '<?xml version="1.0"?>\n<!DOCTYPE TEI [\n<!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n'
        f'{TEI_OPEN}<text><body><div type="document" xml:id="d1"><head>&secret;</head></div>'
        "</body></text></TEI>"
    )
    with pytest.raises(UnreadableFile, match="entit.*refused") as refused:
        list(read_tei(write(tmp_path, xxe)))
    assert refused.value.line == 3


def test_malformed_xml_names_the_line(tmp_path):
    broken = tei_with_document("", body="<p>Text.\n</div>")
    with pytest.raises(UnreadableFile, match="^XML is not well-formed: mismatched tag") as error:
        list(read_tei(write(tmp_path, broken)))
    assert error.value.line == 7


def test_latin1_bytes_declared_as_utf8_are_refused(tmp_path):
    latin1 = tei_with_document("", body="<p>Pyongyang caf\u00e9.</p>").encode("latin-1")
    with pytest.raises(UnreadableFile, match="not valid UTF-8.*0xe9") as error:
        list(read_tei(write(tmp_path, latin1)))
    assert error.value.line == 6


def test_declared_latin1_is_read_in_its_encoding(tmp_path):
    xml = tei_with_document("", body="<p>Caf\u00e9.</p>").replace("UTF-8", "ISO-8859-1")
    [output] = read_tei(write(tmp_path, xml.encode("latin-1")))
    assert "Caf\u00e9." in text_of(output.data)


def test_file_without_document_divisions_is_unreadable(tmp_path):
    empty = f"{TEI_OPEN}<text><body><div type=\"chapter\"/></body></text></TEI>"
    with pytest.raises(UnreadableFile, match='no TEI document divisions'):
        list(read_tei(write(tmp_path, empty)))


def test_root_that_is_not_tei_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile, match='no TEI document divisions'):
        list(read_tei(write(tmp_path, '<html><div type="document"/></html>')))

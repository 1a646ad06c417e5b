"""Tests for mosaic.lib.source_lines.

Most tests are parametrised twice: over a source line and over the field
being checked, so a failure names both the line and the field that is wrong.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from mosaic.lib import source_lines
from mosaic.lib.source_lines import (
    UNIT_TYPES,
    ArchivalUnitRef,
    CreditRef,
    FolioRange,
    ParsedSource,
    RepositoryRef,
    RepositoryTable,
    parse_source_line,
)

FIELDS = ["repository", "units", "folios", "credits", "unparsed"]

REPOSITORY_NAMES = {
    "AMAE": "Archive of the Romanian Ministry of Foreign Affairs",
    "AMSZ": "Polish Foreign Ministry Archive",
    "AVPRF": "Archive of Foreign Policy of the Russian Federation",
    "BStU": "Stasi Records Archive",
    "GARF": "State Archive of the Russian Federation",
    "KA": "Hungarian National Archives, Foreign Ministry records (KA)",
    "MOL": "Hungarian National Archives",
    "NA CR": "National Archives of the Czech Republic",
    "NARA": "US National Archives and Records Administration",
    "PolA AA": "Political Archive of the Federal Foreign Office, Berlin",
    "PRC FMA": "Chinese Foreign Ministry Archive",
    "RGANI": "Russian State Archive of Contemporary History",
    "RGASPI": "Russian State Archive of Socio-Political History",
    "SAPMO-BArch": "Foundation Archive of Parties and Mass Organizations of the GDR in the Federal Archives",
    "TsDA": "Central State Archive of Bulgaria",
}


def repo(code):
    return {"code": code, "name": REPOSITORY_NAMES[code]}


def units(*pairs):
    return [{"type": t, "value": v} for t, v in pairs]


def folios(start, end):
    return {"start": start, "end": end}


def credit(role, name, on_behalf_of=None):
    return {"role": role, "name": name, "for": on_behalf_of}


def expect(repository=None, units=(), folios=None, credits=(), unparsed=""):
    return {
        "repository": repository,
        "units": list(units),
        "folios": folios,
        "credits": list(credits),
        "unparsed": unparsed,
    }


# --------------------------------------------------------------------------
# The required behaviours, numbered as in the specification
# --------------------------------------------------------------------------

REQUIRED = {
    "1-rgani-full": (
        "RGANI, Fond 5, Opis 28, Delo 410, Listy 301–303. "
        "Obtained and translated for NKIDP by James F. Person.",
        expect(
            repo("RGANI"),
            units(("fond", "5"), ("opis", "28"), ("delo", "410")),
            folios(301, 303),
            [
                credit("obtained", "James F. Person", "NKIDP"),
                credit("translated", "James F. Person", "NKIDP"),
            ],
        ),
    ),
    "2-avprf-papka": (
        "AVPRF F. 0102, Op. 13, P. 72, Delo 5, Listy 165-192.",
        expect(
            repo("AVPRF"),
            units(("fond", "0102"), ("opis", "13"), ("papka", "72"), ("delo", "5")),
            folios(165, 192),
        ),
    ),
    "3-rgaspi-short-labels": (
        "RGASPI, f. 558, op. 11, d. 97, ll. 67-70.",
        expect(
            repo("RGASPI"),
            units(("fond", "558"), ("opis", "11"), ("delo", "97")),
            folios(67, 70),
        ),
    ),
    "4-mol": (
        "MOL, XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955.",
        expect(
            repo("MOL"),
            units(
                ("fond", "XIX-J-1-j"),
                ("country", "Korea"),
                ("doboz", "4"),
                ("tetel", "5/a"),
                ("registry_number", "004076/1955"),
            ),
        ),
    ),
    "5-bstu": (
        "BStU, ZA, HA X, 245, p. 50-51.",
        expect(
            repo("BStU"),
            units(("division", "ZA"), ("record_group", "HA X"), ("file", "245")),
            folios(50, 51),
        ),
    ),
    "6-amsz-alias": (
        "Polish Foreign Ministry Archive. Obtained for NKIDP by Jakub Poprocki "
        "and translated for NKIDP by Maya Latynski.",
        expect(
            repo("AMSZ"),
            credits=[
                credit("obtained", "Jakub Poprocki", "NKIDP"),
                credit("translated", "Maya Latynski", "NKIDP"),
            ],
        ),
    ),
    "7-amae": (
        "Archive of the Romanian Ministry of Foreign Affairs (AMAE), Year: 1954; "
        "Issues 20 221 10 4 33 92 120 613 614; "
        "Country: the Democratic People’s Republic of Korea.",
        expect(
            repo("AMAE"),
            units(
                ("year", "1954"),
                ("issue", "20 221 10 4 33 92 120 613 614"),
                ("country", "the Democratic People’s Republic of Korea"),
            ),
        ),
    ),
    "8-p-after-delo-is-pages": (
        "AVPRF fond 0102, opis 16, delo 7, p.16-42",
        expect(
            repo("AVPRF"),
            units(("fond", "0102"), ("opis", "16"), ("delo", "7")),
            folios(16, 42),
        ),
    ),
    "9-garf-no-final-period": (
        "GARF, Fond 5446, Opis 98, Delo 721, Listy 44-45",
        expect(
            repo("GARF"),
            units(("fond", "5446"), ("opis", "98"), ("delo", "721")),
            folios(44, 45),
        ),
    ),
    "10-translated-without-for": (
        "RGANI, f. 5, op. 49, d. 131, ll. 193-194. Translated by Gary Goldberg",
        expect(
            repo("RGANI"),
            units(("fond", "5"), ("opis", "49"), ("delo", "131")),
            folios(193, 194),
            [credit("translated", "Gary Goldberg")],
        ),
    ),
    "11-contributed-and-translated": (
        "RGASPI, f. 558, op. 11, d. 97, ll. 67-70. "
        "Contributed by Sergey Radchenko and translated by Gary Goldberg.",
        expect(
            repo("RGASPI"),
            units(("fond", "558"), ("opis", "11"), ("delo", "97")),
            folios(67, 70),
            [
                credit("contributed", "Sergey Radchenko"),
                credit("translated", "Gary Goldberg"),
            ],
        ),
    ),
    "12-several-names-and-verbs": (
        "Obtained by Béla Révész; translated and edited by Jane Doe and John Roe.",
        expect(
            credits=[
                credit("obtained", "Béla Révész"),
                credit("translated", "Jane Doe"),
                credit("translated", "John Roe"),
                credit("edited", "Jane Doe"),
                credit("edited", "John Roe"),
            ],
        ),
    ),
    "13-credit-only": (
        "Translated for NKIDP by Balazs Szalontai",
        expect(credits=[credit("translated", "Balazs Szalontai", "NKIDP")]),
    ),
    "16-nara-unknown-segments": (
        "National Archives, Nixon Presidential Materials, NSC Files, Box 365, "
        "Subject Files, National Security Study Memoranda, Nos. 1–42. Secret.",
        expect(
            repo("NARA"),
            units(("box", "365")),
            unparsed=(
                "Nixon Presidential Materials, NSC Files, Subject Files, "
                "National Security Study Memoranda, Nos. 1–42. Secret."
            ),
        ),
    ),
    "16-source-prefix": (
        "Source: RGANI, f. 5, op. 49, d. 131, ll. 193-194.",
        expect(
            repo("RGANI"),
            units(("fond", "5"), ("opis", "49"), ("delo", "131")),
            folios(193, 194),
        ),
    ),
    "16-empty": ("", expect()),
    "16-whitespace-only": ("   \n\t ", expect()),
}


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("case", REQUIRED)
def test_required_behaviour(case, field):
    text, expected = REQUIRED[case]
    assert parse_source_line(text).to_json()[field] == expected[field]


def test_to_json_has_exactly_the_documented_keys():
    parsed = parse_source_line(REQUIRED["1-rgani-full"][0]).to_json()
    assert list(parsed) == FIELDS


def test_unknown_segments_never_become_archival_units():
    parsed = parse_source_line(REQUIRED["16-nara-unknown-segments"][0])
    assert {u.type for u in parsed.units} == {"box"}


def test_none_input_is_empty():
    assert parse_source_line(None) == ParsedSource()


# --------------------------------------------------------------------------
# The dataclasses behind to_json()
# --------------------------------------------------------------------------

RGANI_LINE = REQUIRED["1-rgani-full"][0]

DATACLASS_FIELDS = {
    "repository": RepositoryRef(
        "RGANI", "Russian State Archive of Contemporary History", "USSR"
    ),
    "units": [
        ArchivalUnitRef("fond", "5", "Fond"),
        ArchivalUnitRef("opis", "28", "Opis"),
        ArchivalUnitRef("delo", "410", "Delo"),
    ],
    "folios": FolioRange(301, 303),
    "folio_term": "Listy",
    "credits": [
        CreditRef("obtained", "James F. Person", "NKIDP"),
        CreditRef("translated", "James F. Person", "NKIDP"),
    ],
    "unparsed": "",
    "as_printed": RGANI_LINE,
}


@pytest.mark.parametrize("field", DATACLASS_FIELDS)
def test_parsed_source_fields(field):
    assert getattr(parse_source_line(RGANI_LINE), field) == DATACLASS_FIELDS[field]


@pytest.mark.parametrize(
    "line, expected_units",
    [
        (
            "MOL, XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955.",
            [
                ArchivalUnitRef("fond", "XIX-J-1-j", None),
                ArchivalUnitRef("country", "Korea", None),
                ArchivalUnitRef("doboz", "4", "doboz"),
                ArchivalUnitRef("tetel", "5/a", None),
                ArchivalUnitRef("registry_number", "004076/1955", None),
            ],
        ),
        (
            "AVPRF F. 0102, Op. 13, P. 72, Delo 5, Listy 165-192.",
            [
                ArchivalUnitRef("fond", "0102", "F."),
                ArchivalUnitRef("opis", "13", "Op."),
                ArchivalUnitRef("papka", "72", "P."),
                ArchivalUnitRef("delo", "5", "Delo"),
            ],
        ),
    ],
)
def test_unit_labels_are_kept_as_printed(line, expected_units):
    assert parse_source_line(line).units == expected_units


def test_as_printed_keeps_the_raw_text():
    raw = "  Source:  RGANI, f. 5 "
    assert parse_source_line(raw).as_printed == raw


def test_unit_types_keys():
    assert list(UNIT_TYPES) == [
        "fond", "opis", "delo", "papka", "doboz", "tetel", "registry_number",
        "year", "issue", "country", "box", "folder", "file", "division",
        "record_group", "series", "volume", "reel", "archival_unit", "dosar",
        "karton", "teczka", "number",
    ]


def test_unit_types_labels():
    assert UNIT_TYPES["opis"] == "Opis (inventory)"


# --------------------------------------------------------------------------
# Label spellings (behaviour 14)
# --------------------------------------------------------------------------

UNIT_LABELS = [
    # (line, unit type, value, label as printed)
    ("RGANI, Fond 5", "fond", "5", "Fond"),
    ("RGANI, F. 5", "fond", "5", "F."),
    ("RGANI, f. 5", "fond", "5", "f."),
    ("RGANI, fond 5", "fond", "5", "fond"),
    ("RGANI, Opis 28", "opis", "28", "Opis"),
    ("RGANI, Op. 28", "opis", "28", "Op."),
    ("RGANI, op. 28", "opis", "28", "op."),
    ("RGANI, Delo 410", "delo", "410", "Delo"),
    ("RGANI, D. 410", "delo", "410", "D."),
    ("RGANI, d. 410", "delo", "410", "d."),
    ("AVPRF, Papka 72", "papka", "72", "Papka"),
    ("AVPRF, pap. 72", "papka", "72", "pap."),
    ("TsDA, a.e. 45", "archival_unit", "45", "a.e."),
    ("MOL, doboz 4", "doboz", "4", "doboz"),
    ("MOL, 4. tétel", "tetel", "4", "tétel"),
    ("NARA, Box 365", "box", "365", "Box"),
    ("NARA, Folder 7", "folder", "7", "Folder"),
    ("NARA, Vol. 2", "volume", "2", "Vol."),
    ("NARA, Reel 4", "reel", "4", "Reel"),
    ("NARA, RG 59", "record_group", "59", "RG"),
    ("ANIC, dosar 12/1954", "dosar", "12/1954", "dosar"),
    ("NA CR, karton 3", "karton", "3", "karton"),
    ("AAN, teczka 7", "teczka", "7", "teczka"),
    ("AMSZ, t. 1108", "teczka", "1108", "t."),
    ("ANIC, No. 5", "number", "5", "No."),
    ("AMAE, Year: 1954", "year", "1954", "Year"),
    ("AMAE, Year 1954", "year", "1954", "Year"),
    ("AMAE, Issue 20", "issue", "20", "Issue"),
    ("AMAE, Problema 220/1954", "issue", "220/1954", "Problema"),
    ("AMAE, Country: Korea", "country", "Korea", "Country"),
    ("GARF, f. R-5446", "fond", "R-5446", "f."),
    ("АВП РФ, ф. 0102", "fond", "0102", "ф."),
]


@pytest.mark.parametrize("line, unit_type, value, label", UNIT_LABELS)
def test_unit_label_spellings(line, unit_type, value, label):
    assert parse_source_line(line).units == [ArchivalUnitRef(unit_type, value, label)]


def test_bulgarian_archival_unit():
    parsed = parse_source_line("TsDA, f. 1-B, op. 51, a.e. 45")
    assert parsed.to_json()["units"] == units(
        ("fond", "1-B"), ("opis", "51"), ("archival_unit", "45")
    )


FOLIO_SPELLINGS = [
    # (locator after "RGANI, f. 5, op. 1, d. 2, ", start, end, term)
    ("Listy 12-14", 12, 14, "Listy"),
    ("List 12", 12, 12, "List"),
    ("L. 12-14", 12, 14, "L."),
    ("ll. 12-14", 12, 14, "ll."),
    ("Ll. 12-14", 12, 14, "Ll."),
    ("l. 12", 12, 12, "l."),
    ("Bl. 12-14", 12, 14, "Bl."),
    ("p. 12-14", 12, 14, "p."),
    ("p. 12", 12, 12, "p."),
    ("pp. 12-14", 12, 14, "pp."),
    ("pages 12-14", 12, 14, "pages"),
    ("ll. 12–14", 12, 14, "ll."),
    ("ll. 12—14", 12, 14, "ll."),
    ("ll. 12 – 14", 12, 14, "ll."),
    ("ll. 12 -14", 12, 14, "ll."),
    ("ll. 12-14ob.", 12, 14, "ll."),
    ("ll. 12ob.-14", 12, 14, "ll."),
    ("ll. 12 ob. - 14 ob.", 12, 14, "ll."),
    ("l. 12ob.", 12, 12, "l."),
    ("ll. 301-03", 301, 303, "ll."),
    ("p.16-42", 16, 42, "p."),
]


@pytest.mark.parametrize("locator, start, end, term", FOLIO_SPELLINGS)
@pytest.mark.parametrize("field", ["folios", "folio_term", "units", "unparsed"])
def test_folio_spellings(locator, start, end, term, field):
    parsed = parse_source_line(f"RGANI, f. 5, op. 1, d. 2, {locator}.")
    expected = {
        "folios": FolioRange(start, end),
        "folio_term": term,
        "units": [
            ArchivalUnitRef("fond", "5", "f."),
            ArchivalUnitRef("opis", "1", "op."),
            ArchivalUnitRef("delo", "2", "d."),
        ],
        "unparsed": "",
    }
    assert getattr(parsed, field) == expected[field]


@pytest.mark.parametrize(
    "line, expected_units, expected_folios",
    [
        # A lone "P." before the delo is a folder …
        ("AVPRF, F. 1, Op. 2, P. 3, D. 4", [("fond", "1"), ("opis", "2"), ("papka", "3"), ("delo", "4")], None),
        # … and so before another page range, since a line has only one.
        ("AVPRF, F. 1, Op. 2, P. 3, Listy 5-6", [("fond", "1"), ("opis", "2"), ("papka", "3")], folios(5, 6)),
        # After the delo, or with nothing after it, it is a page.
        ("AVPRF, F. 1, Op. 2, D. 4, P. 3", [("fond", "1"), ("opis", "2"), ("delo", "4")], folios(3, 3)),
        ("BStU, ZA, 245, p. 50", [("division", "ZA"), ("file", "245")], folios(50, 50)),
        # A range is always pages.
        ("AVPRF, F. 1, p. 3-5, D. 4", [("fond", "1"), ("delo", "4")], folios(3, 5)),
    ],
)
@pytest.mark.parametrize("field", ["units", "folios"])
def test_p_is_papka_or_pages(line, expected_units, expected_folios, field):
    expected = {"units": units(*expected_units), "folios": expected_folios}
    assert parse_source_line(line).to_json()[field] == expected[field]


# --------------------------------------------------------------------------
# Unknown text stays unparsed (behaviour 16)
# --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "line, expected",
    [
        # "t." is only a teczka in Polish citations.
        ("RGANI, t. 5", expect(repo("RGANI"), unparsed="t. 5")),
        # Bare numbers are only read where the citation style says what they are.
        ("RGANI, 245", expect(repo("RGANI"), unparsed="245")),
        ("NARA, 5/a", expect(repo("NARA"), unparsed="5/a")),
        # The Stasi vocabulary is not read in other archives.
        ("RGANI, ZA, HA X", expect(repo("RGANI"), unparsed="ZA, HA X")),
        # A unit followed by words we do not know.
        ("NARA, Box 365 Subject Files", expect(repo("NARA"), units(("box", "365")), unparsed="Subject Files")),
        # A second page range is kept, not merged.
        ("RGANI, ll. 5-6; ll. 9", expect(repo("RGANI"), folios=folios(5, 6), unparsed="ll. 9")),
        # Text after a credit that is not a credit.
        (
            "RGANI, f. 5. Translated by Gary Goldberg. Top secret.",
            expect(repo("RGANI"), units(("fond", "5")), credits=[credit("translated", "Gary Goldberg")], unparsed="Top secret."),
        ),
        # A credit verb without "by" is not a credit.
        ("Translated documents, Box 3", expect(units=units(("box", "3")), unparsed="Translated documents")),
    ],
)
@pytest.mark.parametrize("field", FIELDS)
def test_unknown_text_stays_unparsed(line, expected, field):
    assert parse_source_line(line).to_json()[field] == expected[field]


# --------------------------------------------------------------------------
# Credits
# --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "line, expected",
    [
        ("Translated by Gary Goldberg for NKIDP", [credit("translated", "Gary Goldberg", "NKIDP")]),
        (
            "Obtained and translated for NKIDP by Eliza Gheorghe",
            [credit("obtained", "Eliza Gheorghe", "NKIDP"), credit("translated", "Eliza Gheorghe", "NKIDP")],
        ),
        (
            "Transcribed by Ann Lee, Bo Kim and Cy Park.",
            [credit("transcribed", "Ann Lee"), credit("transcribed", "Bo Kim"), credit("transcribed", "Cy Park")],
        ),
        ("Funded by the Leon Levy Foundation.", [credit("funded", "the Leon Levy Foundation")]),
        (
            "RGANI, f. 5, obtained by Sergey Radchenko",
            [credit("obtained", "Sergey Radchenko")],
        ),
    ],
)
def test_credit_phrases(line, expected):
    assert parse_source_line(line).to_json()["credits"] == expected


# --------------------------------------------------------------------------
# Repository matching (behaviour 15)
# --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "line, code",
    [
        ("RGANI, f. 5", "RGANI"),
        ("rgani, f. 5", "RGANI"),
        ("Russian State Archive of Contemporary History, f. 5", "RGANI"),
        ("TsKhSD, f. 5", "RGANI"),
        ("АВП РФ, ф. 0102", "AVPRF"),
        ("AVPRF F. 0102", "AVPRF"),
        ("Archive of the Romanian Ministry of Foreign Affairs (AMAE), Year: 1954", "AMAE"),
        ("Arhiva MAE (AMAE), Year: 1954", "AMAE"),
        ("Hungarian National Archives, Box 3", "MOL"),
        ("Hungarian National Archives, Foreign Ministry records (KA), Box 3", "KA"),
        ("Hungarian National Archives (KA), Box 3", "KA"),
        ("PolA AA, Bl. 5", "PolA AA"),
        ("SAPMO-BArch, Bl. 5", "SAPMO-BArch"),
        ("NA CR, karton 2", "NA CR"),
        ("PRC FMA 106-00031-01", "PRC FMA"),
        ("National Archives, Box 3", "NARA"),
    ],
)
def test_repository_matching(line, code):
    assert parse_source_line(line).repository.code == code


@pytest.mark.parametrize(
    "line",
    [
        "Korea, Box 5",  # "KA" is not a word inside "Korea"
        "Kazakh State Archive, Box 5",
        "National Archives of Korea, Box 5",  # not NARA
        "Fond 5, RGANI",  # only at the start or in parentheses
    ],
)
def test_repository_not_matched(line):
    assert parse_source_line(line).repository is None


def test_repository_codes_with_spaces_keep_the_rest():
    parsed = parse_source_line("PRC FMA 106-00031-01")
    assert parsed.to_json()["units"] == units(("file", "106-00031-01"))


def test_default_table_is_cached():
    assert RepositoryTable.default() is RepositoryTable.default()


def test_default_table_reads_the_package_tsv():
    assert RepositoryTable.default().get("RGANI").country == "USSR"


def test_custom_table(tmp_path):
    tsv = tmp_path / "repositories.tsv"
    tsv.write_text(
        "code\tname\tcountry\taliases\n"
        "XA\tExample Archive\tNowhere\tExample; Beispielarchiv\n",
        encoding="utf-8",
    )
    parsed = parse_source_line("Beispielarchiv, Box 3", RepositoryTable.from_tsv(tsv))
    assert parsed.repository == RepositoryRef("XA", "Example Archive", "Nowhere")


# --------------------------------------------------------------------------
# Every demo record with a citation or credit (behaviour 17)
# --------------------------------------------------------------------------

DEMO_TSV = Path(source_lines.__file__).parent.parent / "data" / "demo" / "wilson_records_dev.tsv"

DEMO_EXPECTED = {
    "113395": expect(
        repo("MOL"),
        units(
            ("fond", "XIX-J-1-j"),
            ("country", "Korea"),
            ("doboz", "4"),
            ("tetel", "5/a"),
            ("registry_number", "004076/1955"),
        ),
        credits=[credit("translated", "Balazs Szalontai", "NKIDP")],
    ),
    "116503": expect(
        repo("AMAE"),
        units(
            ("year", "1954"),
            ("issue", "20 221 10 4 33 92 120 613 614"),
            ("country", "the Democratic People’s Republic of Korea"),
        ),
        credits=[
            credit("obtained", "Eliza Gheorghe", "NKIDP"),
            credit("translated", "Eliza Gheorghe", "NKIDP"),
        ],
    ),
    "114990": expect(
        repo("BStU"),
        units(("division", "ZA"), ("record_group", "HA X"), ("file", "245")),
        folios(50, 51),
        [
            credit("obtained", "Bernd Schaefer", "NKIDP"),
            credit("translated", "Bernd Schaefer", "NKIDP"),
        ],
    ),
    "114960": expect(
        repo("AMSZ"),
        credits=[
            credit("obtained", "Jakub Poprocki", "NKIDP"),
            credit("translated", "Maya Latynski", "NKIDP"),
        ],
    ),
}


def _demo_lines() -> dict[str, str]:
    with open(DEMO_TSV, encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {
            row["record_id"]: f"{row['archive_citation']} {row['credit']}".strip()
            for row in rows
            if (row["archive_citation"] or "").strip() or (row["credit"] or "").strip()
        }


def test_every_demo_line_has_expectations():
    assert sorted(_demo_lines()) == sorted(DEMO_EXPECTED)


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("record_id", DEMO_EXPECTED)
def test_demo_records(record_id, field):
    line = _demo_lines()[record_id]
    assert parse_source_line(line).to_json()[field] == DEMO_EXPECTED[record_id][field]


def test_unit_lists_as_curators_type_them():
    from mosaic.lib.source_lines import UnitListError, format_unit_list, parse_unit_list

    units = parse_unit_list("fond XIX-J-1-j Korea; doboz 4; tétel 5/a; Registry number 004076/1955; record_group 59")
    assert units == [("fond", "XIX-J-1-j Korea"), ("doboz", "4"), ("tetel", "5/a"), ("registry_number", "004076/1955"),
                     ("record_group", "59")]
    assert parse_unit_list(format_unit_list(units)) == units
    assert parse_unit_list(" ; ") == []
    with pytest.raises(UnitListError, match="not a unit type"):
        parse_unit_list("shelf 3")
    with pytest.raises(UnitListError, match="needs a unit type and a value"):
        parse_unit_list("delo")

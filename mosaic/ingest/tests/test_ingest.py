import datetime as dt
import shutil

import pytest
from django.core.management import CommandError, call_command

from mosaic.collections.models import Collection
from mosaic.corpus.models import Credit, Document, TextLayer
from mosaic.entities.models import Agent
from mosaic.ingest.pipeline import ingest_file
from mosaic.ingest.tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db


def test_jsonl_import_stores_full_provenance(repositories):
    report = ingest_file(FIXTURES / "letters.jsonl")
    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)

    doc = Document.objects.get(public_id="test-rgani-1956-07-24")
    assert doc.doc_type == "memorandum_of_conversation"
    assert doc.origin_country == "USSR"  # "Soviet Union" normalised
    assert doc.original_language == "ru"  # "Russian" normalised
    assert (doc.date, doc.date_min, doc.date_max) == ("1956-07-24", dt.date(1956, 7, 24), dt.date(1956, 7, 24))
    assert doc.status == "published" and doc.classification == "Secret"

    locator = doc.locators.get()
    assert locator.repository.code == "RGANI"
    assert [(u.unit_type, u.value) for u in locator.units.all()] == [("fond", "5"), ("opis", "28"), ("delo", "410")]
    assert (locator.folio_start, locator.folio_end) == (301, 303)
    assert locator.as_printed.startswith("RGANI, Fond 5")

    credits = [(c.role, c.agent.name, c.on_behalf_of, c.agent.kind) for c in doc.credits.all()]
    assert credits == [
        ("obtained", "James F. Person", "NKIDP", "person"),
        ("translated", "James F. Person", "NKIDP", "person"),
        ("funded", "Leon Levy Foundation", "", "organisation"),
    ]
    assert Agent.objects.filter(name="James F. Person").count() == 1

    layers = {(t.kind, t.language): t for t in doc.text_layers.all()}
    assert layers[("original", "ru")].access == "staff"
    assert layers[("translation", "en")].made_by == "James F. Person"
    agents = [(link.role, link.agent.name, link.as_written) for link in doc.agent_links.all()]
    assert agents == [("participant", "Nam Il", "Nam Il"), ("author", "Ivanov, V. I.", "V. Ivanov")]


def test_interval_narrower_than_partial_date_is_kept(repositories):
    ingest_file(FIXTURES / "letters.jsonl")
    doc = Document.objects.get(public_id="test-mol-1955")
    assert doc.date == "1955" and doc.date_display == "1955"
    assert (doc.date_min, doc.date_max) == (dt.date(1955, 2, 1), dt.date(1955, 3, 31))
    assert doc.date_note.startswith("Dated from the registry number")
    units = [(u.unit_type, u.value) for u in doc.locators.get().units.all()]
    assert units == [("fond", "XIX-J-1-j"), ("country", "Korea"), ("doboz", "4"), ("tetel", "5/a"), ("registry_number", "004076/1955")]


def test_reimport_changes_nothing(repositories):
    ingest_file(FIXTURES / "letters.jsonl")
    before = {d.public_id: d.modified for d in Document.objects.all()}
    counts = (Document.objects.count(), Credit.objects.count(), TextLayer.objects.count(), Agent.objects.count())

    report = ingest_file(FIXTURES / "letters.jsonl")

    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert {d.public_id: d.modified for d in Document.objects.all()} == before
    assert (Document.objects.count(), Credit.objects.count(), TextLayer.objects.count(), Agent.objects.count()) == counts


def test_reimport_of_a_changed_record_updates_it_without_duplicates(repositories, write_jsonl):
    first = {"id": "doc-a", "title": "Old title", "source": "RGASPI, f. 558, op. 11, d. 97, ll. 67-70. Translated by Gary Goldberg"}
    ingest_file(write_jsonl([first]))
    report = ingest_file(write_jsonl([{**first, "title": "New title"}]))
    assert (report.created, report.updated) == (0, 1)
    doc = Document.objects.get(public_id="doc-a")
    assert doc.title == "New title"
    assert doc.locators.count() == 1 and doc.credits.count() == 1


def test_csv_import(repositories):
    report = ingest_file(FIXTURES / "letters.csv")
    assert report.errors == [] and report.created == 2
    doc = Document.objects.get(public_id="test-csv-avprf")
    locator = doc.locators.get()
    assert [(u.unit_type, u.value) for u in locator.units.all()] == [("fond", "0102"), ("opis", "13"), ("papka", "72"), ("delo", "5")]
    assert (locator.folio_start, locator.folio_end) == (165, 192)
    assert sorted(c.agent.name for c in doc.credits.filter(role="funded")) == ["Leon Levy Foundation", "ROK Ministry of Unification"]
    assert doc.agent_links.get().role == "author"
    assert doc.text_layers.get().made_by == "Gary Goldberg"
    polish = Document.objects.get(public_id="test-csv-polish")
    assert polish.locators.get().repository.code == "AMSZ"
    assert [(c.role, c.agent.name) for c in polish.credits.all()] == [("obtained", "Jakub Poprocki"), ("translated", "Maya Latynski")]
    assert polish.agent_links.get().agent.name == "Polish Foreign Ministry"


def test_frus_tei_import_resolves_persons_and_classification(repositories, tmp_path):
    from django.conf import settings

    demo = settings.DATA_DIR / "demo"
    for name in ("frus1969-76v19p1_excerpt_d2-d5.xml", "frus1969-76v19p1_persons.tsv"):
        shutil.copy(demo / name, tmp_path / name)
    report = ingest_file(tmp_path / "frus1969-76v19p1_excerpt_d2-d5.xml")
    assert report.errors == [] and report.created == 4
    d5 = Document.objects.get(public_id="frus1969-76v19p1-d5")
    assert d5.title == "Memorandum of Conversation" and d5.doc_type == "memorandum_of_conversation"
    assert d5.classification == "Secret; Sensitive"
    assert d5.date == "1969-04-01" and "12:24" in d5.date_note
    assert d5.locators.get().repository.code == "NARA"
    assert "Richard M. Nixon" in {link.agent.name for link in d5.agent_links.all()}
    assert d5.text_layers.get().text.count("Source: National Archives") == 0
    d2 = Document.objects.get(public_id="frus1969-76v19p1-d2")
    assert d2.agent_links.filter(role="signatory").get().agent.name == "Henry A. Kissinger"


def test_wilson_catalogue_rows_become_catalogue_only_records(repositories):
    from django.conf import settings

    report = ingest_file(settings.DATA_DIR / "demo" / "wilson_records_dev.tsv")
    assert report.errors == []
    # 130 rows, one of which is a listing of a record we also have from its own page.
    assert report.created == 129
    doc = Document.objects.get(public_id="wcda-113395")
    assert doc.catalogue_only and doc.held_at == "https://digitalarchive.wilsoncenter.org/document/113395"
    assert doc.locators.get().repository.code == "MOL"
    assert [(c.role, c.agent.name) for c in doc.credits.all()] == [("translated", "Balazs Szalontai")]
    romanian = Document.objects.get(public_id="wcda-116503")
    assert {c.agent.name for c in romanian.credits.filter(role="funded")} == {"ROK Ministry of Unification", "Leon Levy Foundation"}
    stalin = Document.objects.get(title="Record of a Conversation of Cde. Stalin with Kim Il Sung and Pak Heon-yeong")
    assert stalin.date == "1950-04" and stalin.date_display == "April 1950"
    assert stalin.date_min == dt.date(1950, 4, 1) and stalin.date_max == dt.date(1950, 4, 30)
    gdr = Document.objects.get(public_id="wcda-114990")
    assert gdr.origin_country == "GDR"
    assert gdr.agent_links.get(as_written="Pak [Yeong-chan (Yong Chan)]").agent.name == "Pak"


# --- Bad input: the whole file is refused, with FILE:LINE, and nothing changes -----------------


def _assert_rejected(report, path, line, fragment):
    assert not report.ok
    assert report.created == report.updated == report.unchanged == 0
    assert any(error.startswith(f"{path}:{line}: ") and fragment in error for error in report.errors), report.errors


@pytest.mark.parametrize(
    "bad_record, fragment",
    [
        ({"id": "x-2", "title": "Bad date", "date": "1956-02-30"}, 'date "1956-02-30" is not a real date'),
        ({"id": "x-2", "title": "Unknown field", "titel": "typo"}, 'unknown field "titel"'),
        ({"id": "x-2", "title": "Bad country", "origin_country": "Atlantis"}, 'origin_country "Atlantis"'),
        ({"id": "X 2", "title": "Bad id"}, 'id "X 2"'),
        ({"id": "x-2"}, '"title" is required'),
        ({"id": "x-2", "title": "Interval", "date": "1956-07", "date_min": "1956-09-01", "date_max": "1956-09-30"}, "outside its interval"),
        ({"id": "x-2", "title": "Reversed", "date_min": "1956-09-30", "date_max": "1956-09-01"}, "is after date_max"),
        ({"id": "x-2", "title": "Embargo", "access": "embargoed"}, "needs embargo_until"),
        ({"id": "x-2", "title": "Text", "texts": [{"kind": "scan", "language": "ru", "text": "x"}]}, 'text kind "scan"'),
    ],
)
def test_one_bad_record_rejects_the_whole_file(repositories, write_jsonl, bad_record, fragment):
    path = write_jsonl([{"id": "x-1", "title": "Good"}, bad_record, {"id": "x-3", "title": "Also good"}])
    report = ingest_file(path)
    _assert_rejected(report, path, 2, fragment)
    assert Document.objects.count() == 0


def test_malformed_json_line_is_named(repositories, tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text('{"id": "ok-1", "title": "Fine"}\n{"id": "bad", "title": \n', encoding="utf-8")
    report = ingest_file(path)
    _assert_rejected(report, path, 2, "not valid JSON")
    assert not Document.objects.exists()


def test_wrong_encoding_is_named(repositories, tmp_path):
    # Hungarian saved as Latin-2, as older Windows tools did.
    path = tmp_path / "latin1.jsonl"
    path.write_bytes('{"id": "ok-1", "title": "Fine"}\n{"id": "hu-1", "title": "Jelentés a nagykövetségről"}\n'.encode("iso8859_2"))
    report = ingest_file(path)
    _assert_rejected(report, path, 2, "not valid UTF-8")
    assert not Document.objects.exists()


def test_duplicate_id_within_a_file(repositories, write_jsonl):
    path = write_jsonl([{"id": "dup", "title": "One"}, {"id": "dup", "title": "Two"}])
    _assert_rejected(ingest_file(path), path, 2, "already used on line 1")


def test_xml_entity_bomb_is_refused(repositories, tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><div type="document" xml:id="d1"><head>&lol2;</head></div></body></text></TEI>\n',
        encoding="utf-8",
    )
    report = ingest_file(path)
    assert not report.ok and "entit" in report.errors[0] and str(path) in report.errors[0]
    assert not Document.objects.exists()


def test_rejected_file_leaves_existing_records_untouched(repositories, write_jsonl):
    ingest_file(write_jsonl([{"id": "keep", "title": "Original title"}], name="first.jsonl"))
    path = write_jsonl([{"id": "keep", "title": "Overwritten?"}, {"id": "new", "title": "x", "date": "1956-13"}], name="second.jsonl")
    _assert_rejected(ingest_file(path), path, 2, "1956-13")
    assert Document.objects.get(public_id="keep").title == "Original title"
    assert not Document.objects.filter(public_id="new").exists()


def test_failure_while_storing_rolls_back_the_file(repositories, write_jsonl):
    Collection.objects.create(slug="known", title="Known")
    path = write_jsonl([{"id": "first", "title": "Stored then undone", "collections": ["known"]},
                        {"id": "second", "title": "Bad collection", "collections": ["no-such-collection"]}])
    _assert_rejected(ingest_file(path), path, 2, 'collection "no-such-collection" does not exist')
    assert not Document.objects.exists()


def test_unknown_csv_column(repositories, tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text("id,title,colour\nx,Y,red\n", encoding="utf-8")
    _assert_rejected(ingest_file(path), path, 1, 'unknown column "colour"')


def test_unknown_format_is_refused(repositories, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello", encoding="utf-8")
    report = ingest_file(path)
    assert not report.ok and "cannot tell the format" in report.errors[0]


def test_oversized_file_is_refused(repositories, write_jsonl, settings):
    settings.MOSAIC_INGEST_MAX_BYTES = 100
    path = write_jsonl([{"id": f"doc-{i}", "title": "A title long enough"} for i in range(10)])
    report = ingest_file(path)
    assert not report.ok and "over the 100-byte limit" in report.errors[0]


# --- The command ---------------------------------------------------------------------------------


def test_ingest_command_reports_and_fails_on_a_bad_file(repositories, write_jsonl, capsys):
    good = write_jsonl([{"id": "good-1", "title": "Good"}], name="good.jsonl")
    bad = write_jsonl([{"id": "bad-1", "title": "Bad", "date": "1955-02-29"}], name="bad.jsonl")
    with pytest.raises(CommandError, match="1 file\\(s\\) rejected"):
        call_command("ingest", str(good), str(bad))
    out, err = capsys.readouterr()
    assert "good.jsonl: 1 created, 0 updated, 0 unchanged" in out
    assert f"{bad}:1: " in err and "1955-02-29" in err
    assert Document.objects.filter(public_id="good-1").exists()
    assert not Document.objects.filter(public_id="bad-1").exists()


def test_progress_bar_on_request(repositories, write_jsonl, capsys):
    path = write_jsonl([{"id": f"p-{i}", "title": f"Doc {i}"} for i in range(30)])
    call_command("ingest", str(path), "--progress")
    err = capsys.readouterr().err
    assert "records.jsonl" in err and "30/30" in err


# --- scans and PDFs named by records -------------------------------------------------------------

def _scan_record(public_id="scan-doc", **file_fields):
    return {"id": public_id, "title": "Memorandum with its scan", "files": [{"path": "scans/page.png", **file_fields}]}


def test_ingest_stores_named_scans_content_addressed_with_their_access(write_jsonl, tmp_path, settings):
    from mosaic.preservation.models import DocumentFile
    from mosaic.preservation.store import path_for
    from mosaic.preservation.tests.conftest import page_image

    settings.MOSAIC_FILE_STORE = tmp_path / "store"
    (tmp_path / "scans").mkdir()
    (tmp_path / "scans" / "page.png").write_bytes(page_image())
    path = write_jsonl([_scan_record(access="staff", label="Original, l. 44")])
    report = ingest_file(path)
    assert report.ok, report.errors
    link = DocumentFile.objects.get(document__public_id="scan-doc")
    assert (link.access, link.label, link.stored_file.media_type) == ("staff", "Original, l. 44", "image/png")
    assert path_for(link.stored_file.sha256).is_file()
    assert ingest_file(path).unchanged == 1
    # A replaced scan changes the record: the document is updated to the new bytes.
    (tmp_path / "scans" / "page.png").write_bytes(page_image("Recopied"))
    assert ingest_file(path).updated == 1
    assert DocumentFile.objects.get(document__public_id="scan-doc").stored_file.sha256 != link.stored_file.sha256


def test_a_bad_scan_rejects_the_whole_file_and_leaves_no_bytes_behind(write_jsonl, tmp_path, settings):
    from mosaic.preservation.models import StoredFile
    from mosaic.preservation.tests.conftest import page_image

    settings.MOSAIC_FILE_STORE = tmp_path / "store"
    (tmp_path / "scans").mkdir()
    (tmp_path / "scans" / "page.png").write_bytes(page_image())
    (tmp_path / "scans" / "fake.tif").write_bytes(page_image(fmt="JPEG"))
    good = _scan_record("good-first")
    bad = {"id": "bad-second", "title": "Wrongly named scan", "files": [{"path": "scans/fake.tif"}]}
    path = write_jsonl([good, bad])
    report = ingest_file(path)
    assert report.errors == [f"{path}:2: scans/fake.tif: claims to be a TIFF image but its content is a JPEG image"]
    assert not Document.objects.exists() and not StoredFile.objects.exists()
    assert not list((tmp_path / "store").rglob("sha256/*/*"))
    missing = write_jsonl([{"id": "x", "title": "t", "files": [{"path": "scans/none.tif"}]}], name="missing.jsonl")
    assert ingest_file(missing).errors == [f'{missing}:1: file "scans/none.tif" not found beside the ingested file']
    outside = write_jsonl([{"id": "x", "title": "t", "files": [{"path": "../etc/passwd"}]}], name="outside.jsonl")
    assert "must be relative to the ingested file" in ingest_file(outside).errors[0]


def test_a_file_that_fails_does_not_skip_the_files_after_it(repositories, write_jsonl, monkeypatch, capsys):
    """Issue 20: `mosaic ingest A B C` where B fails unexpectedly (here a lock another writer kept
    past the timeout, injected) still imports C, and the summary names each file."""
    import io

    from django.db import OperationalError

    from mosaic.ingest.management.commands import ingest as command

    first = write_jsonl([{"id": "fail-a", "title": "First"}], name="a.jsonl")
    locked = write_jsonl([{"id": "fail-b", "title": "Second"}], name="b.jsonl")
    last = write_jsonl([{"id": "fail-c", "title": "Third"}], name="c.jsonl")
    real = command.ingest_file

    def ingest_or_fail(path, **options):
        if path == locked:
            raise OperationalError("database is locked")
        return real(path, **options)

    monkeypatch.setattr(command, "ingest_file", ingest_or_fail)
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 file\\(s\\) rejected: .*b.jsonl"):
        call_command("ingest", str(first), str(locked), str(last), "--no-wait", stdout=stdout, stderr=stderr)
    assert set(Document.objects.filter(public_id__startswith="fail-").values_list("public_id", flat=True)) == {"fail-a", "fail-c"}
    assert f"{locked}: the import failed and was rolled back, nothing stored (OperationalError: database is locked; --traceback shows where)" in stderr.getvalue()
    assert "Traceback" not in stderr.getvalue()
    assert f"Files: {first}: 1 created, 0 updated, 0 unchanged; {locked}: failed; {last}: 1 created" in stdout.getvalue()

"""Seeded random damage to valid import files: whatever the damage, `mosaic ingest` accepts the
file or refuses it with messages naming it, and a refused file changes nothing.

The hand-written cases (test_hostile_files.py) cover what we thought of; these cover byte-level
damage (cuts, inserted delimiters and escapes, flipped bytes) in every format and type confusion
anywhere in a record. The seeds are fixed, so a failure reproduces.
"""
from __future__ import annotations

import copy
import io
import json
import random

import pytest
from django.core.management import CommandError, call_command

from mosaic.ingest.tests.hostile import generate as g

pytestmark = pytest.mark.django_db

TOKENS = [b"\x00", b"\xff", b'"', b"{", b"}", b"[", b"]", b",", b"\n", b"\r", b"\t", b";", b"<", b">", b"&", b"9" * 30,
          b"\\ud800", b"\\u0000", b"null", b"true", b"-1", b"1e999", "\u2028".encode(), b"&#0;", b"<!DOCTYPE x>",
          b"</div>", b'<div type="document">', b"\xef\xbb\xbf"]
VALUES = [None, True, False, 0, -1, 2 ** 63, 1.5, "", " ", "x" * 600, "\u2028", "../x", "/etc/passwd", "javascript:x", [],
          [1], ["a"], {}, {"a": 1}, [{}], [{"name": "x"}], "1956-02-30", "0001", "embargoed", "staff", "ocr", "USSR", "ru",
          "scan.png", "GARF", "fond 1", "1-2", "1–999999", "RGANI, f. 5, op. 1, d. 2, ll. 3-4. Translated by X for Y.",
          "https://example.org/x"]
PERSONS = b"frus_person_xmlid\tname_as_written_in_volume\np_KHA1\tKissinger, Henry A.\n"


def seeds() -> dict[str, bytes]:
    division = ('<p>Met <persName corresp="#p_KHA1">Kissinger</persName> on <date when="1969-01-02">2 January</date>'
                '<note n="1">A note.</note></p><list type="to"><item>Secretary of State</item></list>')
    return {
        "records.jsonl": g.jsonl(g.doc("m-1"), g.doc("m-2", files=[{"path": "scan.png"}])),
        "records.csv": g.csv_file(g.csv_row("m-3"), g.csv_row("m-4")),
        "wilson.tsv": g.wilson_file(g.wilson_row("m5"), g.wilson_row("m6")),
        "frus1969-76v99_volume.xml": g.tei(g.tei_division(1, body=division), g.tei_division(2)).encode(),
        "accessions.jsonl": g.jsonl(g.accession("M1", files=[{"path": "scan.png", "folios": "1"}]), g.accession("M2")),
    }


def damage(rnd: random.Random, data: bytes) -> bytes:
    data = bytearray(data)
    for _ in range(rnd.randint(1, 4)):
        at = rnd.randrange(len(data))
        roll = rnd.random()
        if roll < 0.3:
            del data[at:at + rnd.randint(1, 5)]
        elif roll < 0.7:
            data[at:at] = rnd.choice(TOKENS)
        else:
            data[at] = rnd.randrange(256)
    return bytes(data)


def confuse(rnd: random.Random, value, depth: int = 0) -> None:
    """Replace one value somewhere in a record by a value of another kind."""
    keys = list(value) if isinstance(value, dict) else list(range(len(value)))
    if not keys:
        return
    key = rnd.choice(keys)
    if depth > 2 or rnd.random() < 0.5 or not isinstance(value[key], (dict, list)):
        value[key] = copy.deepcopy(rnd.choice(VALUES))
    else:
        confuse(rnd, value[key], depth + 1)


def counts():
    from mosaic.corpus.models import Document, TextLayer
    from mosaic.entities.models import Agent
    from mosaic.preservation.models import Accession, DocumentFile, StoredFile

    return [model.objects.count() for model in (Document, TextLayer, Agent, Accession, DocumentFile, StoredFile)]


def run(path) -> tuple[bool, list[str]]:
    stderr = io.StringIO()
    try:
        call_command("ingest", str(path), stdout=io.StringIO(), stderr=stderr)
    except CommandError:
        return False, stderr.getvalue().splitlines()
    return True, stderr.getvalue().splitlines()


def check(path, accepted: bool, lines: list[str], before: list[int]) -> None:
    assert all(line.startswith(f"{path}:") or line.startswith("CommandError") for line in lines), lines
    assert all(len(line) < len(str(path)) + 700 for line in lines), lines
    if not accepted:
        assert counts() == before, f"{path} was refused but changed the database"


def test_damaged_files_are_accepted_or_refused_cleanly(tmp_path, settings, repositories):
    settings.MOSAIC_FILE_STORE = tmp_path / "store"
    rnd = random.Random(20261206)
    for name, seed in seeds().items():
        for number in range(120):
            folder = tmp_path / f"{name}-{number}"
            folder.mkdir()
            (folder / "scan.png").write_bytes(g.png())
            (folder / "frus1969-76v99_persons.tsv").write_bytes(PERSONS)
            path = folder / name
            path.write_bytes(damage(rnd, seed))
            before = counts()
            check(path, *run(path), before)


def confusing_records():
    """Every top-level field of a full document and a full accession set to every kind of value,
    then seeded random replacements deeper in the records."""
    document = g.doc("m-1", files=[{"path": "scan.png", "label": "p", "access": "public"}], source_url="https://example.org/x",
                     type="letter", classification="Secret", rights="r", date_min="1956-07-01", date_max="1956-07-31")
    accession = g.accession("M1", files=[{"path": "scan.png", "folios": "1", "label": "p"}], total_folios=20,
                            copy_generation=1, reel="3", copied_on="2001-01-01", obtained_by="X", file_title="T")
    for name, record in (("records.jsonl", document), ("accessions.jsonl", accession)):
        for key in record:
            for value in VALUES:
                yield name, {**copy.deepcopy(record), key: copy.deepcopy(value)}
    rnd = random.Random(1956)
    for number in range(200):
        name, record = ("records.jsonl", document) if number % 2 == 0 else ("accessions.jsonl", accession)
        record = copy.deepcopy(record)
        for _ in range(rnd.randint(1, 3)):
            confuse(rnd, record)
        yield name, record


def test_confused_values_are_accepted_or_refused_cleanly(tmp_path, settings, repositories):
    settings.MOSAIC_FILE_STORE = tmp_path / "store"
    for number, (name, record) in enumerate(confusing_records()):
        folder = tmp_path / str(number)
        folder.mkdir()
        (folder / "scan.png").write_bytes(g.png())
        path = folder / name
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
        before = counts()
        check(path, *run(path), before)

"""Writes the hostile import files `test_hostile_files.py` runs through `mosaic ingest`.

Each case is a folder with one import file (and any scans, persons table or symlinks it needs)
and an expected outcome: refused with a substring of the one-line error (and the line, where
there is one), or accepted as one of the documented classes of docs/ingest-format.md ("Odd
input" table), optionally with a substring of the warning it must print.

Run `python -m mosaic.ingest.tests.hostile.generate FOLDER` to look at the files.
"""
from __future__ import annotations

import codecs
import io
import json
import os
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

WILSON_COLUMNS = [
    "evidence", "record_id", "canonical_url", "stored_page_url", "date", "title", "archive_citation",
    "credit", "funding_credit", "original_language", "origin_country", "person_names", "notes",
]
CSV_COLUMNS = ["id", "title", "date", "summary", "authors", "funders", "text", "text_kind", "text_language",
               "source_url", "catalogue_only"]
TEI_HEAD = ('<?xml version="1.0" encoding="{encoding}"?>\n'
            '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0" '
            'xml:id="frus1969-76v99">\n<text><body>\n')
TEI_TAIL = "</body></text>\n</TEI>\n"


@dataclass(frozen=True)
class Case:
    folder: str            # the case's folder under the generated root
    file: str              # the import file inside it
    expect: str            # "refused" or "accepted"
    detail: str            # a substring of the error, or the documented class of accepted input
    line: int | None = None  # the line the error must name, where there is one
    warning: str = ""      # a substring the accepted file's warnings must contain

    @property
    def path_in(self) -> str:
        return f"{self.folder}/{self.file}"


class Writer:
    def __init__(self, root: Path):
        self.root = root
        self.cases: list[Case] = []
        self.number = 0

    def folder(self, label: str) -> Path:
        self.number += 1
        folder = self.root / f"{self.number:03d}-{label}"
        folder.mkdir(parents=True)
        return folder

    def add(self, label: str, name: str, content: bytes, expect: str, detail: str, line: int | None = None,
            warning: str = "", extra=None) -> Path:
        folder = self.folder(label)
        (folder / name).write_bytes(content)
        if extra:
            extra(folder)
        self.cases.append(Case(folder.name, name, expect, detail, line, warning))
        return folder

    def refused(self, label, name, content, detail, line=None, extra=None):
        return self.add(label, name, content, "refused", detail, line, extra=extra)

    def accepted(self, label, name, content, kind, warning="", extra=None):
        return self.add(label, name, content, "accepted", kind, warning=warning, extra=extra)

    def uid(self) -> str:
        return f"hostile-{self.number + 1:03d}"


# --------------------------------------------------------------------------------------------
# Valid content in each format, to be spoilt


def doc(uid: str, **changes) -> dict:
    record = {
        "id": uid, "title": "Record of a conversation with Nam Il", "date": "1956-07-24",
        "origin_country": "USSR", "original_language": "ru", "summary": "On the plenum.",
        "source": "RGANI, Fond 5, Opis 28, Delo 410, Listy 301-303.",
        "agents": [{"name": "Nam Il", "role": "participant"}],
        "credits": [{"role": "translated", "name": "James F. Person"}],
        "texts": [{"kind": "translation", "language": "en", "text": "The ambassador received Nam Il."}],
        "date_note": "As dated by the archive.",
    }
    record.update(changes)
    return {key: value for key, value in record.items() if value is not ...}


def jsonl(*records, ensure_ascii=False) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=ensure_ascii)) + "\n"
                   for r in records).encode("utf-8")


def csv_row(uid: str, **changes) -> dict:
    row = {"id": uid, "title": "Letter to the Central Committee", "date": "1957-03", "summary": "A letter.",
           "authors": "Imre Nagy; Zoltán Tildy", "funders": "Leon Levy Foundation", "text": "Dear comrades,",
           "text_kind": "translation", "text_language": "en", "source_url": "https://example.org/doc/1",
           "catalogue_only": "false"}
    row.update(changes)
    return row


def csv_file(*rows: dict, columns=CSV_COLUMNS, line_end="\r\n") -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator=line_end)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue().encode("utf-8")


def wilson_row(uid: str, **changes) -> dict:
    row = {"evidence": "document_page", "record_id": uid, "canonical_url": f"https://digitalarchive.wilsoncenter.org/document/{uid}",
           "stored_page_url": "", "date": "1950-06-25", "title": "Telegram from Shtykov to Vyshinsky",
           "archive_citation": "AVPRF, f. 059a, op. 5a, d. 3, p. 11, ll. 90-92.", "credit": "Translated by Kathryn Weathersby.",
           "funding_credit": "Leon Levy Foundation", "original_language": "Russian", "origin_country": "Soviet Union",
           "person_names": "Terentii Shtykov; Andrei Vyshinsky", "notes": ""}
    row.update(changes)
    return row


def wilson_file(*rows: dict) -> bytes:
    lines = ["\t".join(WILSON_COLUMNS)] + ["\t".join(row[c] for c in WILSON_COLUMNS) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def tei_division(number: int, head: str = "Memorandum From Kissinger to Nixon", body: str = "<p>Text of the memorandum.</p>",
                 attributes: str = 'frus:doc-dateTime-min="1969-01-21T00:00:00-05:00" frus:doc-dateTime-max="1969-01-21T23:59:59-05:00"') -> str:
    return (f'<div type="document" xml:id="d{number}" n="{number}" {attributes}>\n'
            f"<head>{head}</head>\n{body}\n</div>\n")


def tei(*divisions: str, encoding: str = "UTF-8", prolog: str = "") -> str:
    head = TEI_HEAD.format(encoding=encoding)
    if prolog:
        first, rest = head.split("\n", 1)
        head = f"{first}\n{prolog}\n{rest}"
    return head + "".join(divisions) + TEI_TAIL


def accession(uid: str, **changes) -> dict:
    record = {"accession_id": uid, "received": "2012-05-03", "repository": "GARF", "units": "fond 5446; opis 98; delo 721",
              "medium": "photocopy", "folios": "1-20", "note": "Obtained in Moscow."}
    record.update(changes)
    return {key: value for key, value in record.items() if value is not ...}


# --------------------------------------------------------------------------------------------
# Scans


def png(width: int = 8, height: int = 8) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" + b"\xff" * width)) + chunk(b"IEND", b"")


def png_bomb() -> bytes:
    """A PNG of a few KB that declares 30,000 × 30,000 grey pixels (900 million) of zeros."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    width = height = 30_000
    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    data = b"".join(compressor.compress(row) for _ in range(200)) + compressor.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", data) + chunk(b"IEND", b""))


def png_under_hard_limit_bomb() -> bytes:
    """12,000 × 12,000 pixels: past Pillow's warning size, under its error size, so only our own
    pixel check stops it being decoded (144 MB of pixels)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    width = height = 12_000
    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", data) + chunk(b"IEND", b""))


def tiff_bomb() -> bytes:
    """A little-endian TIFF declaring 40,000 × 40,000 pixels with a few bytes of strip data."""
    width = height = 40_000
    entries = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
               (273, 4, 1, 8 + 2 + 12 * 9 + 4), (277, 3, 1, 1), (278, 4, 1, height), (279, 4, 1, width * height)]
    ifd = struct.pack("<H", len(entries)) + b"".join(
        struct.pack("<HHI", tag, kind, count) + (struct.pack("<HH", value, 0) if kind == 3 else struct.pack("<I", value))
        for tag, kind, count, value in entries) + struct.pack("<I", 0)
    return b"II*\x00" + struct.pack("<I", 8) + ifd + b"\x00" * 64


def zip_bytes() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"\x00" * 1_000_000)
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# The cases


STRING_POISONS = [
    # (label, characters, JSON-escaped?, expectation, detail, warning)
    ("nul", "\x00", "refused", "NUL character", ""),
    ("soh", "\x01", "refused", "control character U+0001", ""),
    ("esc", "\x1b[31m", "refused", "control character U+001B", ""),
    ("vt", "\x0b", "refused", "control character U+000B", ""),
    ("del", "\x7f", "refused", "control character U+007F", ""),
    ("ls", "\u2028", "accepted", "line separators", ""),
    ("ps", "\u2029", "accepted", "line separators", ""),
    ("nel", "\u0085", "accepted", "line separators", ""),
    ("c1", "\u0092", "accepted", "C1 controls", ""),
    ("html", "<script>alert(1)</script>", "accepted", "markup", "looks like HTML"),
    ("bidi", "\u202egnp.exe", "accepted", "bidirectional overrides", "bidirectional override"),
    ("zwsp", "\u200b\ufeff", "accepted", "invisible characters", ""),
    ("astral", "\U0001f600 \U00020000", "accepted", "astral characters", ""),
]
# Text layers are running text: "<" and direction controls are ordinary there and warn of nothing.
NO_WARNING = {"texts"}


def middle(value: str, chars: str) -> str:
    """`chars` inside `value`, where stripping the ends cannot remove them."""
    return value[:3] + chars + value[3:]


def string_cases(w: Writer) -> None:
    jsonl_fields = {
        "title": lambda r, v: r.update(title=middle(r["title"], v)),
        "summary": lambda r, v: r.update(summary=middle(r["summary"], v)),
        "texts": lambda r, v: r["texts"][0].update(text=middle(r["texts"][0]["text"], v)),
        "agents": lambda r, v: r["agents"][0].update(name=middle(r["agents"][0]["name"], v)),
        "credits": lambda r, v: r["credits"][0].update(name=middle(r["credits"][0]["name"], v)),
        "date_note": lambda r, v: r.update(date_note=middle(r["date_note"], v)),
        "key": None,
    }
    for label, chars, expect, detail, warning in STRING_POISONS:
        for field, spoil in jsonl_fields.items():
            for escaped in (False, True):
                if field == "key" and escaped:
                    continue
                record = doc(w.uid())
                if field == "key":
                    if expect == "accepted":
                        continue  # an odd key is an unknown key: covered below
                    record[f"title{chars}"] = "x"
                    # Refused as an unknown key, which the message shows with the character escaped.
                    w.refused(f"jsonl-{label}-key", "records.jsonl", jsonl(record), "unknown field", 1)
                    continue
                spoil(record, chars)
                content = jsonl(record, ensure_ascii=escaped)
                name = f"jsonl-{label}-{field}{'-escaped' if escaped else ''}"
                if not escaped:
                    # json.dumps escapes C0 controls even with ensure_ascii=False; put them in raw.
                    for char in {c for c in chars if c < " "}:
                        content = content.replace(f"\\u{ord(char):04x}".encode(), char.encode())
                if expect == "refused" and not escaped and chars[0] < " ":
                    # Raw C0 controls are not even JSON; a raw NUL is usually a UTF-16 file.
                    w.refused(name, "records.jsonl", content, "NUL bytes" if chars[0] == "\x00" else "Invalid control character", 1)
                elif expect == "refused":
                    w.refused(name, "records.jsonl", content, detail, 1)
                else:
                    w.accepted(name, "records.jsonl", content, detail, "" if field in NO_WARNING else warning)
        for field in ("title", "summary", "text", "authors", "funders"):
            row = csv_row(w.uid())
            row[field] = middle(row[field], chars)
            name = f"csv-{label}-{field}"
            if expect == "refused":
                w.refused(name, "records.csv", csv_file(row), detail, 2)
            else:
                w.accepted(name, "records.csv", csv_file(row), detail,
                           "" if field == "text" else warning)
        for field in ("title", "person_names", "archive_citation"):
            row = wilson_row(w.uid())
            row[field] = middle(row[field], chars)
            name = f"tsv-{label}-{field}"
            if expect == "refused":
                w.refused(name, "wilson.tsv", wilson_file(row), detail, 2)
            else:
                w.accepted(name, "wilson.tsv", wilson_file(row), detail, warning)
    # JSON-escaped lone surrogates: legal JSON text, not a character.
    for field in ("title", "summary", "texts", "agents", "credits", "date_note"):
        record = doc(w.uid())
        jsonl_fields[field](record, "\udc00" if field == "texts" else "\ud800")
        content = json.dumps(record, ensure_ascii=True).encode("ascii") + b"\n"
        w.refused(f"jsonl-surrogate-{field}", "records.jsonl", content, "surrogate", 1)
    for field in ("note", "file_title", "obtained_by", "reel"):
        record = accession(f"ACC-S-{field}", **{field: "x\ud800"})
        w.refused(f"acc-surrogate-{field}", "accessions.jsonl", json.dumps(record).encode() + b"\n", "surrogate", 1)
        record = accession(f"ACC-N-{field}", **{field: "x\x00"})
        w.refused(f"acc-nul-{field}", "accessions.jsonl", json.dumps(record).encode() + b"\n", "NUL character", 1)
        record = accession(f"ACC-L-{field}", **{field: "x\u2028y"})
        w.accepted(f"acc-ls-{field}", "accessions.jsonl", jsonl(record), "line separators")
    # TEI: XML itself forbids C0 controls, raw or as references.
    for label, chars, detail in (("nul-ref", "&#0;", "not well-formed"), ("soh-ref", "&#x1;", "not well-formed"),
                                 ("soh-raw", "\x01", "not well-formed"), ("esc-raw", "\x1b", "not well-formed"),
                                 ("surrogate-ref", "&#xD800;", "not well-formed")):
        for where in ("head", "p", "persName"):
            division = _tei_spoilt(where, chars)
            w.refused(f"tei-{label}-{where}", "volume.xml", tei(division).encode(), detail, 5 if where == "head" else 6)
    for label, chars, kind, warning in (("ls", "\u2028", "line separators", ""), ("bidi", "\u202e", "bidirectional overrides", "bidirectional override"),
                                        ("del", "\x7f", "DEL in XML", "")):
        for where in ("head", "p", "persName"):
            division = _tei_spoilt(where, chars)
            if label == "del":
                w.refused(f"tei-{label}-{where}", "volume.xml", tei(division).encode(), "control character U+007F", 4)  # the division's line
            else:
                w.accepted(f"tei-{label}-{where}", "volume.xml", tei(division).encode(), kind,
                           warning if where != "p" else "")


def _tei_spoilt(where: str, chars: str) -> str:
    if where == "head":
        return tei_division(1, head=f"Memorandum{chars} From Kissinger")
    if where == "p":
        return tei_division(1, body=f"<p>Text{chars} of it.</p>")
    return tei_division(1, body=f"<p>Met <persName>Henry{chars} Kissinger</persName>.</p>")


def whitespace_cases(w: Writer) -> None:
    record = doc(w.uid(), title="  Padded title \t ")
    w.accepted("jsonl-padded-title", "records.jsonl", jsonl(record), "surrounding whitespace")
    record = doc(w.uid(), agents=[{"name": "  Nam Il  ", "role": " participant "}])
    w.accepted("jsonl-padded-agent", "records.jsonl", jsonl(record), "surrounding whitespace")
    w.accepted("csv-padded", "records.csv", csv_file(csv_row(w.uid(), title="  Padded ", authors=" A ;  B ; ")), "surrounding whitespace")
    w.accepted("jsonl-null-summary", "records.jsonl", jsonl(doc(w.uid(), summary=None)), "null values")
    w.accepted("jsonl-empty-lists", "records.jsonl", jsonl(doc(w.uid(), agents=[], credits=[], texts=[])), "empty lists")
    w.accepted("csv-formula", "records.csv", csv_file(csv_row(w.uid(), title='=HYPERLINK("http://evil","x")')), "spreadsheet formulas")
    w.accepted("jsonl-blank-lines", "records.jsonl", b"\n\n" + jsonl(doc(w.uid())) + b"   \n\n", "blank lines")
    w.accepted("jsonl-crlf", "records.jsonl", jsonl(doc(w.uid())).replace(b"\n", b"\r\n"), "CRLF line ends")
    w.accepted("csv-lf", "records.csv", csv_file(csv_row(w.uid()), line_end="\n"), "CRLF line ends")
    w.accepted("jsonl-empty", "records.jsonl", b"", "empty file")
    w.accepted("jsonl-whitespace-only", "records.jsonl", b"\n \n\t\n", "empty file")
    w.accepted("csv-header-only", "records.csv", csv_file(), "empty file")
    w.accepted("tsv-header-only", "wilson.tsv", wilson_file(), "empty file")
    w.accepted("jsonl-upper-suffix", "RECORDS.JSONL", jsonl(doc(w.uid())), "file names")
    w.accepted("ndjson", "records.ndjson", jsonl(doc(w.uid())), "file names")
    w.accepted("csv-long-text", "records.csv", csv_file(csv_row(w.uid(), text="word " * 60_000)), "long CSV cells")
    record = doc(w.uid(), texts=[{"kind": "original", "language": "ru", "text": "Текст <b>с</b> разметкой & < >"}])
    w.accepted("jsonl-markup-in-text", "records.jsonl", jsonl(record), "markup")
    record = doc(w.uid(), texts=[{"kind": "ocr", "language": "en", "text": "Page one.\fPage two."}])
    w.accepted("jsonl-form-feed-in-text", "records.jsonl", jsonl(record), "page breaks")
    w.refused("jsonl-form-feed-in-title", "records.jsonl", jsonl(doc(w.uid(), title="Page\fbreak")), "control character U+000C", 1)


def encoding_cases(w: Writer) -> None:
    samples = {
        "jsonl": ("records.jsonl", lambda uid: json.dumps(doc(uid, title="Zápis z jednání – Łódź"), ensure_ascii=False) + "\n"),
        "csv": ("records.csv", lambda uid: csv_file(csv_row(uid, title="Zápis z jednání – Łódź")).decode()),
        "tsv": ("wilson.tsv", lambda uid: wilson_file(wilson_row(uid, title="Zápis z jednání – Łódź")).decode()),
        "acc": ("accessions.jsonl", lambda uid: json.dumps(accession(uid.upper(), note="Zápis – Łódź"), ensure_ascii=False) + "\n"),
    }
    for kind, (name, make) in samples.items():
        text = make(w.uid())
        line = 2 if kind in {"csv", "tsv"} else 1
        w.refused(f"{kind}-latin2", name, text.encode("iso-8859-2", errors="replace"), "not valid UTF-8", line)
        w.refused(f"{kind}-cp1252-quotes", name, text.replace("–", "\u201c").encode("cp1252", errors="replace"), "not valid UTF-8", line)
        for label, encoded in (("utf16le-bom", codecs.BOM_UTF16_LE + text.encode("utf-16-le")),
                               ("utf16be-bom", codecs.BOM_UTF16_BE + text.encode("utf-16-be")),
                               ("utf32-bom", codecs.BOM_UTF32_LE + text.encode("utf-32-le"))):
            w.refused(f"{kind}-{label}", name, encoded, "UTF-16 or UTF-32" if kind != "tsv" else "cannot tell the format",
                      1 if kind != "tsv" else None)
        no_bom = text.encode("utf-16-le")
        detail = "cannot tell the format" if kind == "tsv" else "NUL bytes"
        w.refused(f"{kind}-utf16le-no-bom", name, no_bom, detail, 1 if kind != "tsv" else None)
        # A UTF-8 file with one more line pasted from a Latin-2 one.
        mixed = text.encode("utf-8") + text.splitlines(keepends=True)[-1].encode("iso-8859-2", errors="replace")
        w.refused(f"{kind}-mixed", name, mixed, "not valid UTF-8", text.count("\n") + 1)
        for label, bad in (("cesu-surrogate", b"\xed\xa0\x80"), ("overlong", b"\xc0\xaf"), ("stray-continuation", b"\x80"),
                           ("truncated-sequence", b"\xe2\x82")):
            spoilt = text.replace("Łódź", "X\x00MARK").encode("utf-8").replace(b"\x00MARK", bad)
            w.refused(f"{kind}-{label}", name, spoilt, "not valid UTF-8", line)
        w.accepted(f"{kind}-utf8-bom", name, codecs.BOM_UTF8 + text.encode("utf-8"), "UTF-8 byte order mark")
    # TEI: the declared encoding decides.
    body = tei_division(1, head="Zápis z jednání – Łódź")
    w.accepted("tei-latin2-declared", "volume.xml", tei(body, encoding="ISO-8859-2").replace("–", "-").encode("iso-8859-2"), "declared XML encodings")
    w.accepted("tei-utf8-bom", "volume.xml", codecs.BOM_UTF8 + tei(body).encode(), "UTF-8 byte order mark")
    w.refused("tei-latin2-undeclared", "volume.xml", tei(body).replace("–", "-").encode("iso-8859-2"), "not valid UTF-8", 5)
    for codec in ("base64", "hex", "zlib", "rot13", "bz2", "uu", "quopri"):
        w.refused(f"tei-declares-{codec}", "volume.xml", tei(body, encoding=codec).encode(), "not a character encoding", 1)
    for codec in ("unicode_escape", "raw_unicode_escape", "idna", "punycode", "undefined"):
        w.refused(f"tei-declares-{codec}", "volume.xml", tei(body, encoding=codec).encode(), "not a character encoding", 1)
    w.refused("tei-declares-klingon", "volume.xml", tei(body, encoding="klingon").encode(), "unknown encoding", 1)
    w.refused("tei-declares-huge-name", "volume.xml", tei(body, encoding="x" * 40_000).encode(), "unknown encoding", 1)
    w.refused("tei-utf7-surrogate", "volume.xml", tei(tei_division(1, head="A +2AA- B"), encoding="utf-7").encode(), "surrogate", 5)
    even = tei(body, encoding="UTF-16").encode()
    even += b" " * (len(even) % 2)
    w.refused("tei-declares-utf16-is-utf8", "volume.xml", even, "not well-formed", None)
    w.refused("tei-declares-utf16-is-utf8-odd", "volume.xml", even + b" ", "cannot be decoded", None)
    w.refused("tei-utf16-bom", "volume.xml", codecs.BOM_UTF16_LE + tei(body, encoding="UTF-16").encode("utf-16-le"), "not valid UTF-8", 1)
    w.refused("tei-utf16-nobom", "volume.xml", tei(body, encoding="UTF-16").encode("utf-16-le"), "not valid", None)


def truncation_cases(w: Writer) -> None:
    records = [doc(w.uid() + f"-{i}", title=f"Zápis {i} – Łódź") for i in range(3)]
    content = jsonl(*records)
    cut_in_char = content.index("Ł".encode()) + 1
    second_line = content.index(b"\n") + 1
    for label, cut, detail, line in (("mid-line", second_line + 40, "not valid JSON", 2),
                                     ("mid-char", cut_in_char, "not valid UTF-8", 1),
                                     ("mid-string", content.index(b"Nam Il", second_line), "not valid JSON", 2),
                                     ("before-brace", len(content) - 2, "not valid JSON", 3)):
        w.refused(f"jsonl-truncated-{label}", "records.jsonl", content[:cut], detail, line)
    rows = [csv_row(w.uid() + f"-{i}", text=f"Dear comrades,\nline two of {i}") for i in range(3)]
    content = csv_file(*rows)
    for label, cut, detail in (("in-quoted-cell", content.rindex(b"line two"), "unexpected end of data"),
                               ("mid-row", content.rindex(b"Letter to"), "different number")):
        w.refused(f"csv-truncated-{label}", "records.csv", content[:cut], detail)
    content = wilson_file(*(wilson_row(w.uid() + f"-{i}") for i in range(3)))
    w.refused("tsv-truncated-mid-row", "wilson.tsv", content[: content.rindex(b"Leon Levy")], "expected 13 tab-separated columns", 4)
    w.refused("tsv-truncated-header", "wilson.tsv", content[:30], "cannot tell the format")
    w.refused("tsv-truncated-header-row", "wilson.tsv", content[:content.index(b"\n") - 3] + b"\n", "header is not the Wilson catalogue header", 1)
    content = tei(tei_division(1), tei_division(2)).encode()
    for fraction in (3, 2, 1.2):
        w.refused(f"tei-truncated-{fraction}", "volume.xml", content[: int(len(content) / fraction)], "not well-formed")
    content = jsonl(accession("ACC-T1"), accession("ACC-T2"))
    w.refused("acc-truncated", "accessions.jsonl", content[:-10], "not valid JSON", 2)


def xml_attack_cases(w: Writer) -> None:
    laughs = ('<!DOCTYPE TEI [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
              '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
    division = tei_division(1, body="<p>&lol3;</p>")
    w.refused("tei-billion-laughs", "volume.xml", tei(division, prolog=laughs).encode(), "declares entities")
    big = "x" * 50_000
    w.refused("tei-quadratic-blowup", "volume.xml",
              tei(tei_division(1, body="<p>" + "&a;" * 5000 + "</p>"), prolog=f'<!DOCTYPE TEI [<!ENTITY a "{big}">]>').encode(),
              "declares entities")
    w.refused("tei-external-entity", "volume.xml",
              tei(tei_division(1, body="<p>&xxe;</p>"), prolog='<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>').encode(),
              "declares entities")
    w.refused("tei-parameter-entity", "volume.xml",
              tei(division, prolog='<!DOCTYPE TEI [<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;]>').encode(),
              "declares entities")
    w.refused("tei-external-dtd-entity-use", "volume.xml",
              tei(tei_division(1, body="<p>&nbsp;</p>"), prolog='<!DOCTYPE TEI SYSTEM "http://127.0.0.1:9/tei.dtd">').encode(),
              "external")
    w.accepted("tei-external-dtd-unused", "volume.xml",
               tei(tei_division(1), prolog='<!DOCTYPE TEI SYSTEM "http://127.0.0.1:9/tei.dtd">').encode(), "DTDs")
    w.accepted("tei-xinclude", "volume.xml",
               tei(tei_division(1, body='<p>Text.</p><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" parse="text"/>')).encode(),
               "XInclude")
    w.accepted("tei-stylesheet-pi", "volume.xml",
               tei(tei_division(1), prolog='<?xml-stylesheet type="text/xsl" href="http://127.0.0.1:9/x.xsl"?>').encode(), "processing instructions")
    for depth, label in ((5_000, "division"), (100_000, "division-100k")):
        nested = "<seg>" * depth + "deep" + "</seg>" * depth
        w.refused(f"tei-nested-{label}", "volume.xml", tei(tei_division(1, body=f"<p>{nested}</p>")).encode(), "nested more than")
    nested = "<div>" * 5_000 + tei_division(1) + "</div>" * 5_000
    w.refused("tei-nested-around-division", "volume.xml", tei(nested).encode(), "nested more than")
    w.refused("tei-not-tei", "volume.xml", b'<?xml version="1.0"?><html><body>x</body></html>', "not TEI", 1)
    w.refused("tei-no-divisions", "volume.xml", tei("<p>No documents.</p>").encode(), "no TEI document divisions")
    w.refused("tei-empty", "volume.xml", b"", "not well-formed")
    w.refused("tei-division-without-id", "volume.xml", tei(tei_division(1).replace(' xml:id="d1"', "")).encode(), "no xml:id", 4)
    w.refused("tei-division-without-head", "volume.xml", tei(tei_division(1, head="")).encode(), "has no title", 4)
    w.refused("tei-bad-datetime", "volume.xml",
              tei(tei_division(1, attributes='frus:doc-dateTime-min="1969-02-30T00:00:00" frus:doc-dateTime-max="1969-03-01T00:00:00"')).encode(),
              "is not a real date", 4)
    w.refused("tei-future-datetime", "volume.xml",
              tei(tei_division(1, attributes='frus:doc-dateTime-min="2999-01-01T00:00:00" frus:doc-dateTime-max="2999-01-01T23:59:59"')).encode(),
              "in the future", 4)
    w.refused("tei-duplicate-division-id", "volume.xml", tei(tei_division(1), tei_division(1)).encode(), "already used", 8)
    many_attributes = " ".join(f'a{i}="v"' for i in range(20_000))
    w.accepted("tei-many-attributes", "volume.xml", tei(tei_division(1, body=f"<p {many_attributes}>Text.</p>")).encode(), "many attributes")
    w.accepted("tei-cdata", "volume.xml", tei(tei_division(1, body="<p><![CDATA[<b>not markup</b> ]]></p>")).encode(), "markup")


def persons_cases(w: Writer) -> None:
    body = tei_division(1, body='<p>Met <persName corresp="#p_KHA1">Kissinger</persName>.</p>')

    def persons(content: bytes):
        return lambda folder: (folder / "frus1969-76v99_persons.tsv").write_bytes(content)

    good = b"frus_person_xmlid\tname_as_written_in_volume\np_KHA1\tKissinger, Henry A.\n"
    w.accepted("tei-persons", "frus1969-76v99_volume.xml", tei(body).encode(), "persons tables", extra=persons(good))
    w.refused("tei-persons-binary", "frus1969-76v99_volume.xml", tei(body).encode(), "persons.tsv, line 1: not valid UTF-8",
              extra=persons(bytes(range(128, 256)) * 40))
    w.refused("tei-persons-png", "frus1969-76v99_volume.xml", tei(body).encode(), "persons.tsv, line 1: not valid UTF-8", extra=persons(png()))
    w.refused("tei-persons-latin1", "frus1969-76v99_volume.xml", tei(body).encode(), "persons.tsv, line 2: not valid UTF-8",
              extra=persons(good.replace(b"Henry", "Hénry".encode("latin-1"))))
    w.refused("tei-persons-utf16", "frus1969-76v99_volume.xml", tei(body).encode(), "persons.tsv, line 1: the file is UTF-16",
              extra=persons(codecs.BOM_UTF16_LE + good.decode().encode("utf-16-le")))
    w.refused("tei-persons-utf16-no-bom", "frus1969-76v99_volume.xml", tei(body).encode(), "persons.tsv, line 1: NUL bytes",
              extra=persons(good.decode().encode("utf-16-le")))
    w.refused("tei-persons-nul", "frus1969-76v99_volume.xml", tei(body).encode(), "persons.tsv, line 2: NUL character",
              extra=persons(good.replace(b"Henry", b"Hen\x00ry")))
    w.refused("tei-persons-no-columns", "frus1969-76v99_volume.xml", tei(body).encode(), "persons.tsv, line 1: persons table lacks column",
              extra=persons(b"id\tname\n"))
    w.refused("tei-persons-long-line", "frus1969-76v99_volume.xml", tei(body).encode(), "persons.tsv, line 3: line is over the",
              extra=persons(good + b"p_X\t" + b"x" * (17 * 1024 * 1024) + b"\n"))
    # A control character in a name reaches the record through the table: the TEI line is named.
    w.refused("tei-persons-control", "frus1969-76v99_volume.xml", tei(body).encode(), "control character", 4,
              extra=persons(good.replace(b"Henry", b"Hen\x1bry")))


def json_structure_cases(w: Writer) -> None:
    w.refused("jsonl-nested-100k", "records.jsonl", b'{"id": "x", "title": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n", "nested too deeply", 1)
    w.refused("jsonl-nested-100k-objects", "records.jsonl", b'{"a":' * 100_000 + b"1" + b"}" * 100_000 + b"\n", "nested too deeply", 1)
    w.refused("jsonl-nested-500-in-title", "records.jsonl", jsonl(doc(w.uid(), title=json.loads("[" * 500 + "]" * 500))), "must be text", 1)
    w.refused("jsonl-nested-900-in-agents", "records.jsonl", jsonl(doc(w.uid(), agents=[json.loads("[" * 900 + "]" * 900)])), "must be an object", 1)
    for digits, detail in ((5_000, "too large"), (20, "too large"), (4_301, "too large")):
        number = "9" * digits
        for field in ("title", "summary"):
            w.refused(f"jsonl-int{digits}-{field}", "records.jsonl", f'{{"id": "{w.uid()}", "{field}": {number}}}\n'.encode(), "too large", 1)
        w.refused(f"acc-int{digits}-total-folios", "accessions.jsonl",
                  json.dumps(accession(f"ACC-I{digits}"))[:-1].encode() + f', "total_folios": {number}}}\n'.encode(), "too large", 1)
        w.refused(f"acc-int{digits}-copy-generation", "accessions.jsonl",
                  json.dumps(accession(f"ACC-G{digits}"))[:-1].encode() + f', "copy_generation": {number}}}\n'.encode(), "too large", 1)
        w.refused(f"acc-int{digits}-folios", "accessions.jsonl", jsonl(accession(f"ACC-F{digits}", folios=f"1-{number}")), "beyond 1,000,000", 1)
        w.refused(f"jsonl-int{digits}-source-folio", "records.jsonl",
                  jsonl(doc(w.uid(), source=f"RGANI, Fond 5, Opis 28, Delo 410, Listy 1-{number}.")), "source", 1)
    w.refused("acc-2pow64-total", "accessions.jsonl", jsonl(accession("ACC-BIG", total_folios=2 ** 64)), "too large", 1)
    w.refused("acc-huge-total", "accessions.jsonl", jsonl(accession("ACC-BIG2", total_folios=10 ** 12)), "more than 1,000,000", 1)
    w.refused("acc-float-total", "accessions.jsonl", jsonl(accession("ACC-FL", total_folios=12.5)), "whole number", 1)
    w.refused("acc-1e999-total", "accessions.jsonl", json.dumps(accession("ACC-INF"))[:-1].encode() + b', "total_folios": 1e999}\n', "whole number", 1)
    w.refused("acc-string-total", "accessions.jsonl", jsonl(accession("ACC-ST", total_folios="120")), "whole number", 1)
    w.refused("acc-bool-generation", "accessions.jsonl", jsonl(accession("ACC-BO", copy_generation=True)), "whole number", 1)
    w.refused("acc-negative-generation", "accessions.jsonl", jsonl(accession("ACC-NE", copy_generation=-1)), "whole number", 1)
    w.refused("acc-generation-99", "accessions.jsonl", jsonl(accession("ACC-99", copy_generation=99)), "more than 20", 1)
    w.refused("acc-folios-2pow64", "accessions.jsonl", jsonl(accession("ACC-F64", folios=f"1-{2 ** 64}")), "beyond", 1)
    w.refused("jsonl-source-folio-2pow64", "records.jsonl",
              jsonl(doc(w.uid(), source=f"RGANI, Fond 5, Opis 28, Delo 410, Listy 1-{2 ** 64}.")), "beyond 1,000,000", 1)
    for constant in ("NaN", "Infinity", "-Infinity"):
        w.refused(f"jsonl-{constant}", "records.jsonl", f'{{"id": "{w.uid()}", "title": {constant}}}\n'.encode(), "not a number JSON allows", 1)
    w.refused("jsonl-duplicate-key", "records.jsonl", f'{{"id": "{w.uid()}", "title": "A", "title": "B"}}\n'.encode(), "appears twice", 1)
    w.refused("jsonl-duplicate-key-nested", "records.jsonl",
              f'{{"id": "{w.uid()}", "title": "A", "agents": [{{"name": "A", "name": "B", "role": "author"}}]}}\n'.encode(), "appears twice", 1)
    w.refused("acc-duplicate-key", "accessions.jsonl", b'{"accession_id": "A1", "accession_id": "A2"}\n', "appears twice", 1)
    w.refused("jsonl-array", "records.jsonl", b'[{"id": "x", "title": "y"}]\n', "must be a JSON object", 1)
    w.refused("jsonl-string", "records.jsonl", b'"just a string"\n', "must be a JSON object", 1)
    w.refused("jsonl-bare-word", "records.jsonl", b"hello\n", "not valid JSON", 1)
    w.refused("jsonl-trailing-comma", "records.jsonl", b'{"id": "x", "title": "y",}\n', "not valid JSON", 1)
    w.refused("jsonl-single-quotes", "records.jsonl", b"{'id': 'x'}\n", "not valid JSON", 1)
    w.refused("jsonl-two-objects-one-line", "records.jsonl", b'{"id": "a", "title": "b"} {"id": "c", "title": "d"}\n', "not valid JSON", 1)
    w.refused("jsonl-comment", "records.jsonl", b'// a comment\n' + jsonl(doc(w.uid())), "not valid JSON", 1)
    long_key = "k" * 40_000
    w.refused("jsonl-40kb-key", "records.jsonl", jsonl(doc(w.uid(), **{long_key: 1})), "unknown field", 1)
    w.refused("jsonl-40kb-id", "records.jsonl", jsonl(doc("x" * 40_000)), "must be lower-case", 1)
    w.refused("jsonl-40kb-type", "records.jsonl", jsonl(doc(w.uid(), type="t" * 40_000)), "is not one of", 1)
    w.refused("jsonl-40kb-country", "records.jsonl", jsonl(doc(w.uid(), origin_country="c" * 40_000)), "not a country", 1)
    w.refused("jsonl-40kb-language", "records.jsonl", jsonl(doc(w.uid(), original_language="l" * 40_000)), "not a language", 1)
    w.refused("jsonl-40kb-agent-key", "records.jsonl", jsonl(doc(w.uid(), agents=[{"name": "A", "role": "author", long_key: 1}])), "unknown field", 1)
    w.refused("jsonl-40kb-collection", "records.jsonl", jsonl(doc(w.uid(), collections=["c" * 40_000])), "does not exist", 1)
    w.refused("jsonl-many-unknown-keys", "records.jsonl", jsonl(doc(w.uid(), **{f"k{i}": 1 for i in range(5_000)})), "and 4990 more", 1)
    w.refused("acc-40kb-key", "accessions.jsonl", jsonl(accession("ACC-K", **{long_key: 1})), "unknown field", 1)
    w.refused("acc-40kb-repository", "accessions.jsonl", jsonl(accession("ACC-R", repository="R" * 40_000)), "not in the archive", 1)
    w.refused("acc-40kb-medium", "accessions.jsonl", jsonl(accession("ACC-M", medium="m" * 40_000)), "is not one of", 1)
    w.refused("acc-40kb-units", "accessions.jsonl", jsonl(accession("ACC-U", units="fond " + "9" * 40_000)), "units", 1)
    w.refused("csv-40kb-column", "records.csv", csv_file(csv_row(w.uid()), columns=CSV_COLUMNS + ["c" * 40_000]), "unknown column", 1)
    # Type confusion: no coercion anywhere.
    for field, value, detail in (
        ("title", 1956, "must be text, not a number"), ("title", ["a"], "must be text, not a list"),
        ("title", {"en": "a"}, "must be text, not an object"), ("title", True, "must be text, not true/false"),
        ("title", None, "is required"), ("title", "", "is required"), ("date", 1956, "must be text"),
        ("summary", 3.5, "must be text"), ("agents", "Nam Il", "must be a list, not text"),
        ("agents", {"name": "Nam Il"}, "must be a list, not an object"), ("agents", ["Nam Il"], "must be an object, not text"),
        ("agents", "", "must be a list"), ("agents", 0, "must be a list"), ("collections", "cold-war", "must be a list"),
        ("collections", [1], "collection slugs"), ("texts", [["x"]], "must be an object"), ("texts", [{"kind": "original", "language": "en", "text": 5}], "non-empty"),
        ("catalogue_only", "true", "true or false"), ("catalogue_only", 1, "true or false"), ("catalogue_only", "maybe", "true or false"),
        ("credits", [{"role": "funded", "name": ["x"]}], "must be text"), ("files", "scan.png", "must be a list"),
        ("source_url", 42, "must be text"), ("id", 42, "must be text"), ("type", ["letter"], "must be text"),
        ("access", True, "must be text"), ("embargo_until", 20300101, "must be text"),
    ):
        w.refused(f"jsonl-type-{field}-{type(value).__name__}", "records.jsonl", jsonl(doc(w.uid(), **{field: value})), detail, 1)
    w.accepted("jsonl-bool-catalogue-only", "records.jsonl", jsonl(doc(w.uid(), catalogue_only=True, held_at="https://example.org/x")), "booleans")
    for field, value, detail in (("accession_id", 7, "must be text"), ("received", 20120503, "must be text"), ("files", {}, "must be a list"),
                                 ("folios", ["1-20"], "must be text"), ("units", None, "is required")):
        w.refused(f"acc-type-{field}", "accessions.jsonl", jsonl(accession(f"ACC-TY-{field}", **{field: value})), detail, 1)
    w.refused("jsonl-unknown-field", "records.jsonl", jsonl(doc(w.uid(), titel="typo")), 'unknown field "titel"', 1)
    w.refused("acc-unknown-field", "accessions.jsonl", jsonl(accession("ACC-UF", recieved="2012-01-01")), 'unknown field "recieved"', 1)
    w.refused("jsonl-duplicate-id", "records.jsonl", jsonl(doc("dup-id"), doc("dup-id")), "already used on line 1", 2)
    w.refused("csv-duplicate-id", "records.csv", csv_file(csv_row("dup-id"), csv_row("dup-id")), "already used on line 2", 3)
    w.refused("tsv-duplicate-id", "wilson.tsv", wilson_file(wilson_row("dup"), wilson_row("dup")), "already used on line 2", 3)
    w.refused("acc-duplicate-id", "accessions.jsonl", jsonl(accession("ACC-DUP"), accession("ACC-DUP")), "already used on line 1", 2)
    w.refused("jsonl-bad-id", "records.jsonl", jsonl(doc("Bad Id/../x")), "must be lower-case", 1)
    w.refused("jsonl-good-then-bad", "records.jsonl", jsonl(doc(w.uid() + "-a"), doc(w.uid() + "-b", date="1956-02-30")), "not a real date", 2)


def csv_cases(w: Writer) -> None:
    w.refused("csv-duplicate-column", "records.csv", csv_file(csv_row(w.uid()), columns=CSV_COLUMNS + ["title"]), 'column "title" appears twice', 1)
    w.refused("csv-duplicate-columns", "records.csv", csv_file(csv_row(w.uid()), columns=CSV_COLUMNS + ["title", "summary"]), "appear twice", 1)
    w.refused("csv-many-duplicate-columns", "records.csv", csv_file(csv_row(w.uid()), columns=CSV_COLUMNS + ["title"] * 100_000), "appears twice", 1)
    for value in ("maybe", "2", "ja", "on"):
        w.refused(f"csv-catalogue-only-{value}", "records.csv", csv_file(csv_row(w.uid(), catalogue_only=value)), "true or false", 2)
    for value in ("TRUE", "yes", "0", "No", ""):
        row = csv_row(w.uid(), catalogue_only=value)
        w.accepted(f"csv-catalogue-only-{value or 'empty'}", "records.csv", csv_file(row), "booleans")
    content = csv_file(csv_row(w.uid())).decode()
    w.refused("csv-extra-cell", "records.csv", content.replace("false\r\n", "false,extra\r\n").encode(), "different number", 2)
    w.refused("csv-missing-cell", "records.csv", content.replace(",false\r\n", "\r\n").encode(), "different number", 2)
    w.refused("csv-unknown-column", "records.csv", csv_file(csv_row(w.uid()), columns=CSV_COLUMNS + ["colour"]), 'unknown column "colour"', 1)
    w.refused("csv-text-after-quotes", "records.csv", content.replace("A letter.", '"A letter."x').encode(), "CSV cannot be read", 2)
    w.refused("csv-lone-cr", "records.csv", content.replace("\r\n", "\r").encode(), "CSV", None)
    w.refused("csv-raw-nul-header", "records.csv", b"id,ti\x00tle\r\nx,y\r\n", "NUL bytes", 1)
    w.refused("csv-raw-nul-cell", "records.csv", csv_file(csv_row(w.uid())).replace(b"A letter", b"A \x00letter"), "NUL character", 2)
    w.refused("csv-bad-date", "records.csv", csv_file(csv_row(w.uid(), date="1957-13")), "date", 2)
    w.refused("csv-bad-language", "records.csv", csv_file(csv_row(w.uid(), text_language="klingon")), "not a language", 2)
    w.refused("csv-many-authors", "records.csv", csv_file(csv_row(w.uid(), authors="; ".join(f"Person {i}" for i in range(3_000)))),
              "over the limit of 2,000", 2)
    w.refused("csv-many-collections", "records.csv", csv_file(csv_row(w.uid(), **{"collections": "; ".join(f"c{i}" for i in range(500))}),
                                                              columns=CSV_COLUMNS + ["collections"]), "over the limit of 100", 2)
    w.accepted("csv-empty-file", "records.csv", b"", "empty file")
    w.refused("tsv-many-names", "wilson.tsv", wilson_file(wilson_row(w.uid(), person_names="; ".join(f"P {i}" for i in range(3_000)))),
              "over the limit of 2,000", 2)
    w.refused("tsv-empty-title", "wilson.tsv", wilson_file(wilson_row(w.uid(), title=" ")), "title is empty", 2)
    w.refused("tsv-short-row", "wilson.tsv", wilson_file(wilson_row(w.uid())).replace(b"\tLeon Levy Foundation", b""), "expected 13", 2)
    w.refused("tsv-wrong-header", "wilson.tsv", b"evidence\trecord_id\tcanonical_url\tcolour\n", "header is not the Wilson", 1)
    w.refused("unknown-suffix-txt", "records.txt", jsonl(doc(w.uid())), "cannot tell the format")
    w.refused("unknown-suffix-json", "records.json", jsonl(doc(w.uid())), "cannot tell the format")
    w.refused("unknown-tsv", "other.tsv", b"a\tb\n1\t2\n", "cannot tell the format")


def date_cases(w: Writer) -> None:
    refused = [("1956-02-30", "not a real date"), ("0000", "not a real date"), ("10000", "not a date"), ("2999", "in the future"),
               ("2999-01-01", "in the future"), ("9999-12-31", "in the future"), ("1956-7-4", "not a date"), ("24.07.1956", "not a date"),
               ("1956-00", "not"), ("-1956", "not a date"), ("1956-07-24T10:00", "not a date"), ("١٩٥٦", "ASCII digits")]
    accepted = [("0001", "before 1800"), ("1799-12-31", "before 1800"), ("1492", "before 1800")]
    for value, detail in refused:
        w.refused(f"jsonl-date-{value}", "records.jsonl", jsonl(doc(w.uid(), date=value)), detail, 1)
        w.refused(f"csv-date-{value}", "records.csv", csv_file(csv_row(w.uid(), date=value)), detail, 2)
        w.refused(f"tsv-date-{value}", "wilson.tsv", wilson_file(wilson_row(w.uid(), date=value)), detail, 2)
    for value, warning in accepted:
        w.accepted(f"jsonl-date-{value}", "records.jsonl", jsonl(doc(w.uid(), date=value)), "early dates", warning)
        w.accepted(f"csv-date-{value}", "records.csv", csv_file(csv_row(w.uid(), date=value)), "early dates", warning)
    w.refused("jsonl-date-min-after-max", "records.jsonl", jsonl(doc(w.uid(), date=..., date_min="1960-01-01", date_max="1950-01-01")), "is after date_max", 1)
    w.refused("jsonl-date-max-future", "records.jsonl", jsonl(doc(w.uid(), date=..., date_min="2998-01-01", date_max="2999-01-01")), "in the future", 1)
    w.refused("jsonl-embargo-bad", "records.jsonl", jsonl(doc(w.uid(), access="embargoed", embargo_until="2030-02-30")), "not a real date", 1)
    w.accepted("jsonl-embargo-far", "records.jsonl", jsonl(doc(w.uid(), access="embargoed", embargo_until="9999-12-31")), "embargo dates")
    w.refused("acc-received-bad", "accessions.jsonl", jsonl(accession("ACC-D1", received="2012-02-30")), "not a real date", 1)
    w.refused("acc-copied-bad", "accessions.jsonl", jsonl(accession("ACC-D2", copied_on="yesterday")), "copied_on", 1)


def url_cases(w: Writer) -> None:
    bad = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html,<script>alert(1)</script>",
           "vbscript:msgbox", "ftp://example.org/x", "file:///etc/passwd", "//evil.example/x", "/relative/path", "http://",
           "https:///nohost", "example.org/doc", "GARF, Moscow", "http://exa mple.org/"]
    for index, value in enumerate(bad):
        for field in ("source_url", "held_at"):
            w.refused(f"jsonl-url-{field}-{index}", "records.jsonl", jsonl(doc(w.uid(), **{field: value})), "must be an http:// or https:// address", 1)
        if "\t" not in value:
            w.refused(f"csv-url-{index}", "records.csv", csv_file(csv_row(w.uid(), source_url=value)), "must be an http:// or https:// address", 2)
            w.refused(f"tsv-url-{index}", "wilson.tsv", wilson_file(wilson_row(w.uid(), canonical_url=value)), "must be an http:// or https:// address", 2)
    w.accepted("jsonl-url-padded", "records.jsonl", jsonl(doc(w.uid(), source_url="  https://example.org/doc  ")), "surrounding whitespace")
    w.accepted("jsonl-url-http", "records.jsonl", jsonl(doc(w.uid(), held_at="http://example.org/doc", catalogue_only=True)), "URLs")


def limit_cases(w: Writer) -> None:
    uid = w.uid()
    w.refused("jsonl-20k-agents", "records.jsonl", jsonl(doc(uid, agents=[{"name": f"P{i}", "role": "mentioned"} for i in range(20_000)])),
              "over the limit of 2,000 (MOSAIC_INGEST_MAX_AGENTS)", 1)
    w.refused("jsonl-300-credits", "records.jsonl", jsonl(doc(w.uid(), credits=[{"role": "edited", "name": f"E{i}"} for i in range(300)])),
              "MOSAIC_INGEST_MAX_CREDITS", 1)
    w.refused("jsonl-60-texts", "records.jsonl", jsonl(doc(w.uid(), texts=[{"kind": "ocr", "language": "en", "text": f"t{i}"} for i in range(60)])),
              "MOSAIC_INGEST_MAX_TEXTS", 1)
    w.refused("jsonl-200k-files", "records.jsonl", jsonl(doc(w.uid(), files=[{"path": f"s{i}.png"} for i in range(200_000)])),
              "MOSAIC_INGEST_MAX_FILES", 1)
    w.refused("jsonl-500-collections", "records.jsonl", jsonl(doc(w.uid(), collections=[f"c{i}" for i in range(500)])),
              "MOSAIC_INGEST_MAX_COLLECTIONS", 1)
    w.refused("acc-200k-files", "accessions.jsonl", jsonl(accession("ACC-MANY", files=[{"path": f"s{i}.png"} for i in range(200_000)])),
              "MOSAIC_INGEST_MAX_FILES", 1)
    w.refused("jsonl-text-over-limit", "records.jsonl",
              jsonl(doc(w.uid(), texts=[{"kind": "original", "language": "en", "text": "a" * 1_000_001}])), "MOSAIC_INGEST_MAX_TEXT_CHARS", 1)
    w.refused("jsonl-summary-long", "records.jsonl", jsonl(doc(w.uid(), summary="s" * 20_001)), "longer than 20,000", 1)
    w.refused("jsonl-title-long", "records.jsonl", jsonl(doc(w.uid(), title="t" * 501)), "longer than 500", 1)
    line = b'{"id": "x", "title": "' + b"a" * (17 * 1024 * 1024) + b'"}\n'
    w.refused("tei-division-over-text-limit", "volume.xml", tei(tei_division(1, body="<p>" + "word " * 240_000 + "</p>")).encode(),
              "MOSAIC_INGEST_MAX_TEXT_CHARS", 4)
    w.refused("tei-division-far-over-text-limit", "volume.xml",
              tei(tei_division(1, body="<p>" + "word\n" * 900_000 + "</p>")).encode(), "reading stopped")
    w.refused("jsonl-40kb-date", "records.jsonl", jsonl(doc(w.uid(), date="1956-" + "1" * 40_000)), "date", 1)
    w.refused("tei-40kb-id-bad-date", "volume.xml",
              tei(tei_division(1, attributes='frus:doc-dateTime-min="' + "9" * 40_000 + '" frus:doc-dateTime-max="1969-01-01T00:00:00"')
                  .replace('xml:id="d1"', 'xml:id="d' + "1" * 40_000 + '"')).encode(), "is not an ISO date-time", 4)
    # Two million agents in a cell under the line limit: counted before any is built.
    w.refused("csv-2m-authors", "records.csv", csv_file(csv_row(w.uid(), authors="A;" * 2_000_000)),
              '"agents" has 2,000,0', 2)
    w.refused("tsv-2m-names", "wilson.tsv", wilson_file(wilson_row(w.uid(), person_names="A;" * 2_000_000)),
              '"agents" has 2,000,0', 2)
    w.refused("jsonl-line-over-limit", "records.jsonl", jsonl(doc(w.uid())) + line + jsonl(doc(w.uid() + "-b")), "MOSAIC_INGEST_MAX_LINE_BYTES", 2)
    w.refused("csv-line-over-limit", "records.csv", csv_file() + b"x," + b"a" * (17 * 1024 * 1024) + b"\r\n", "MOSAIC_INGEST_MAX_LINE_BYTES", 2)
    w.refused("acc-line-over-limit", "accessions.jsonl", jsonl(accession("ACC-L1")) + b'{"accession_id": "' + b"a" * (17 * 1024 * 1024) + b'"}\n',
              "MOSAIC_INGEST_MAX_LINE_BYTES", 2)


def file_cases(w: Writer) -> None:
    """Scans named by documents (JSON Lines) and by accessions: paths, links and contents."""
    def scan(name: str, content: bytes):
        def make(folder: Path):
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        return make

    def link(name: str, to: str, *more):
        def make(folder: Path):
            for step_name, step_to in ((name, to), *more):
                (folder / step_name).parent.mkdir(parents=True, exist_ok=True)
                os.symlink(step_to, folder / step_name)
        return make

    def sparse(name: str, size: int):
        def make(folder: Path):
            with open(folder / name, "wb") as handle:
                handle.write(png())
                handle.truncate(size)  # a hole: no disk used
        return make

    def fifo(name: str):
        return lambda folder: os.mkfifo(folder / name)

    def both(*makers):
        def make(folder: Path):
            for maker in makers:
                maker(folder)
        return make

    outside = w.root / "outside-secret.png"
    outside.write_bytes(png())
    outside_folder = w.root / "outside-folder"
    outside_folder.mkdir()
    (outside_folder / "scan.png").write_bytes(png())
    cases = [
        ("traversal", "../outside-secret.png", None, "refused", "stay beside"),
        ("traversal-inner", "scans/../../outside-secret.png", None, "refused", "stay beside"),
        ("absolute", "/etc/passwd", None, "refused", "stay beside"),
        ("backslash", "..\\outside-secret.png", None, "refused", "stay beside"),
        ("symlink-file", "scan.png", link("scan.png", str(outside)), "refused", "leads out of the import folder"),
        ("symlink-etc", "scan.png", link("scan.png", "/etc/passwd"), "refused", "leads out of the import folder"),
        ("symlink-dir", "scans/scan.png", link("scans", str(outside_folder)), "refused", "leads out of the import folder"),
        ("symlink-chain", "a.png", link("a.png", "b.png", ("b.png", "c.png"), ("c.png", str(outside))), "refused", "leads out of the import folder"),
        ("symlink-relative-out", "scan.png", link("scan.png", "../outside-secret.png"), "refused", "leads out of the import folder"),
        ("symlink-loop", "loop.png", link("loop.png", "loop2.png", ("loop2.png", "loop.png")), "refused", "cannot be opened"),
        ("symlink-dangling", "gone.png", link("gone.png", "nowhere.png"), "refused", "not found"),
        ("symlink-inside", "alias.png", both(scan("real.png", png()), link("alias.png", "real.png")), "accepted", "symlinks inside the folder"),
        ("fifo", "pipe.png", fifo("pipe.png"), "refused", "not a regular file"),
        ("directory", "scans", scan("scans/x.png", png()), "refused", "not a regular file"),
        ("missing", "nothing.png", None, "refused", "not found"),
        ("long-path", "a" * 501 + ".png", None, "refused", "longer than 500"),
        ("long-component", "a" * 300 + ".png", None, "refused", "cannot be opened"),
        ("nul-in-path", "scan\x00.png", None, "refused", "NUL character"),
        ("png-bomb", "bomb.png", scan("bomb.png", png_bomb()), "refused", "pixel"),
        ("png-soft-bomb", "bomb.png", scan("bomb.png", png_under_hard_limit_bomb()), "refused", "decompression bomb"),
        ("tiff-bomb", "bomb.tif", scan("bomb.tif", tiff_bomb()), "refused", "bomb"),
        ("zip-as-png", "scan.png", scan("scan.png", zip_bytes()), "refused", "its content is not one"),
        ("html-as-pdf", "scan.pdf", scan("scan.pdf", b"<html><script>alert(1)</script></html>"), "refused", "its content is not one"),
        ("truncated-png", "scan.png", scan("scan.png", png()[:40]), "refused", "cannot be read"),
        ("empty-png", "scan.png", scan("scan.png", b""), "refused", "content is not one"),
        ("png-as-tiff", "scan.tif", scan("scan.tif", png()), "refused", "but its content is a PNG"),
        ("exe-suffix", "scan.exe", scan("scan.exe", b"MZ" + b"\x00" * 300), "refused", "not stored here"),
        ("sparse-huge", "scan.png", sparse("scan.png", 10 * 2**40), "refused", "MOSAIC_FILE_MAX_BYTES"),
        ("good-png", "scan.png", scan("scan.png", png()), "accepted", "scans"),
    ]
    for label, path, maker, expect, detail in cases:
        record = doc(w.uid(), files=[{"path": path, "label": "Page"}])
        if expect == "refused":
            w.refused(f"jsonl-file-{label}", "records.jsonl", jsonl(record), detail, 1, extra=maker)
        else:
            w.accepted(f"jsonl-file-{label}", "records.jsonl", jsonl(record), detail, extra=maker)
        record = accession(f"ACC-FILE-{label}", files=[{"path": path, "label": "Page", "folios": "1"}])
        if expect == "refused":
            w.refused(f"acc-file-{label}", "accessions.jsonl", jsonl(record), detail, 1, extra=maker)
        else:
            w.accepted(f"acc-file-{label}", "accessions.jsonl", jsonl(record), detail, extra=maker)
    w.refused("jsonl-file-declared-html", "records.jsonl", jsonl(doc(w.uid(), files=[{"path": "scan.png", "type": "text/html"}])),
              "not a type Mosaic stores", 1, extra=scan("scan.png", png()))


def accession_cases(w: Writer) -> None:
    for field, value, detail in (("medium", "vellum", "is not one of"), ("repository", "NOWHERE", "not in the archive"),
                                 ("accession_id", "bad id!", "must be letters"), ("folios", "120-1", "ends before it starts"),
                                 ("folios", "one to ten", ""), ("units", "", "is required"), ("received", ..., "is required"),
                                 ("units", "fond " + "9" * 300, "longer than 255")):
        record = accession(f"ACC-{field.upper()}-{len(w.cases)}", **{field: value})
        w.refused(f"acc-bad-{field}-{len(w.cases)}", "accessions.jsonl", jsonl(record), detail, 1)
    w.accepted("acc-good", "accessions.jsonl", jsonl(accession("ACC-GOOD", total_folios=200, copy_generation=2)), "accessions")
    w.accepted("acc-null-numbers", "accessions.jsonl", jsonl(accession("ACC-NULL", total_folios=None, copy_generation=None)), "null values")


def generate(root: Path) -> list[Case]:
    """Write every hostile case under `root` (which must be empty or absent); return the cases."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    w = Writer(root)
    for family in (string_cases, whitespace_cases, encoding_cases, truncation_cases, xml_attack_cases, persons_cases,
                   json_structure_cases, csv_cases, date_cases, url_cases, limit_cases, file_cases, accession_cases):
        family(w)
    return w.cases


def big_layer_file(path: Path, megabytes: int = 50) -> Path:
    """One record whose text layer is `megabytes` MB, written in chunks (never held whole)."""
    with open(path, "wb") as out:
        out.write(b'{"id": "big-layer", "title": "Big", "texts": [{"kind": "original", "language": "en", "text": "')
        chunk = b"lorem ipsum dolor sit amet " * 40_000
        written = 0
        while written < megabytes * 1024 * 1024:
            out.write(chunk)
            written += len(chunk)
        out.write(b'"}]}\n')
    return path


def many_agents_file(path: Path, count: int = 2_000_000) -> Path:
    """One record with `count` agents, written in chunks."""
    with open(path, "wb") as out:
        out.write(b'{"id": "many-agents", "title": "Many", "agents": [')
        batch = 10_000
        for start in range(0, count, batch):
            out.write(b",".join(b'{"name": "P%d", "role": "mentioned"}' % i for i in range(start, min(count, start + batch))))
            if start + batch < count:
                out.write(b",")
        out.write(b"]}\n")
    return path


if __name__ == "__main__":
    cases = generate(Path(sys.argv[1]))
    for case in cases:
        print(f"{case.path_in}\t{case.expect}: {case.detail}")
    print(f"{len(cases)} cases", file=sys.stderr)

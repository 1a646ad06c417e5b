"""Dumps hold only what the public may see (the leak test's fixtures: restricted layers, drafts,
staff-only, embargoed and withdrawn documents, a draft collection, a translator's task); /data/
shows the latest published one and serves only the files it lists; exporting is safe."""
import datetime as dt
import hashlib
import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from mosaic.opendata import export as export_module
from mosaic.opendata.export import ExportError, export_dump
from mosaic.opendata.published import open_data_folder, publish
from mosaic.pages.tests.test_leaks import HIDDEN_IDS, HIDDEN_WORD, MARK, TASK_MARK, restricted_world  # noqa: F401

pytestmark = pytest.mark.django_db

T1, T2, T3 = (dt.datetime(2025, 3, day, 9, 30, tzinfo=dt.timezone.utc) for day in (1, 2, 3))


@pytest.fixture
def archive(db):
    """One public document with a public text, and a draft: what the page and the files need."""
    from mosaic.corpus.models import Document, TextLayer

    document = Document.objects.create(public_id="open-doc", title="Open report", status="published", date="1956-08",
                                       date_min=dt.date(1956, 8, 1), date_max=dt.date(1956, 8, 31))
    TextLayer.objects.create(document=document, kind="translation", language="en", text="The plenum met.")
    Document.objects.create(public_id="draft-doc", title=f"{MARK} draft", status="draft")
    return document


@pytest.fixture
def home(settings, tmp_path):
    settings.MOSAIC_HOME = tmp_path / "home"
    settings.MOSAIC_HOME.mkdir()
    return settings.MOSAIC_HOME


def test_a_dump_holds_nothing_the_public_may_not_see(restricted_world, tmp_path):
    folder = export_dump(tmp_path / "dump").folder
    files = [path for path in folder.rglob("*") if path.is_file()]
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        for secret in (MARK, HIDDEN_WORD, TASK_MARK, "task-doc", *HIDDEN_IDS):
            assert secret not in text, f"{path.relative_to(folder)} holds {secret}"
    (record,) = [json.loads(line) for line in (folder / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert record["id"] == "open-doc" and [t["text"] for t in record["texts"]] == ["The plenum met in August."]
    collections = json.loads((folder / "collections.json").read_text(encoding="utf-8"))["collections"]
    assert [(c["slug"], c["documents"]) for c in collections] == [("open-collection", ["open-doc"])]
    assert [s["heading"] for s in json.loads((folder / "subjects.json").read_text(encoding="utf-8"))] == ["Open subject"]
    assert [path.name for path in (folder / "tei").iterdir()] == ["open-doc.xml"]


def test_data_says_plainly_when_nothing_is_published(client, home):
    page = client.get("/data/")
    assert page.status_code == 200 and "No open data dump has been published yet" in page.content.decode()


def test_data_shows_the_latest_dump_and_serves_its_files(client, archive, home, settings):
    settings.MOSAIC_OPEN_DATA_LICENSE = "CC0-1.0"
    settings.MOSAIC_OPEN_DATA_LICENSE_URL = "https://creativecommons.org/publicdomain/zero/1.0/"
    dump, summary, removed = publish(created=T1)
    assert (dump.stamp, removed, summary.counts["documents"]) == ("20250301T093000Z", [], 1)
    page = client.get("/data/").content.decode()
    assert "1 March 2025, 09:30 UTC" in page and "1 document " in page
    assert f'href="/data/{dump.stamp}.zip"' in page and dump.zip_sha256 in page
    assert 'href="https://creativecommons.org/publicdomain/zero/1.0/">CC0-1.0</a>' in page
    assert f"(file mosaic-open-data-{dump.stamp}.zip, SHA-256 {dump.zip_sha256})" in page
    for resource in dump.package["resources"]:
        assert f'href="/data/{dump.stamp}/{resource["path"]}"' in page and resource["hash"][7:] in page
        served = client.get(f"/data/{dump.stamp}/{resource['path']}")
        assert served.status_code == 200, resource["path"]
        body = b"".join(served.streaming_content)
        assert "sha256:" + hashlib.sha256(body).hexdigest() == resource["hash"]
    tei = client.get(f"/data/{dump.stamp}/tei/open-doc.xml")
    assert tei.status_code == 200 and tei["Content-Type"].startswith("application/tei+xml")
    archive = client.get(f"/data/{dump.stamp}.zip")
    content = b"".join(archive.streaming_content)
    assert hashlib.sha256(content).hexdigest() == dump.zip_sha256
    assert archive["Content-Disposition"].startswith("attachment")
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert f"mosaic-open-data-{dump.stamp}/datapackage.json" in names
    assert f"mosaic-open-data-{dump.stamp}/tei/open-doc.xml" in names


def test_only_files_the_latest_dump_lists_are_served(client, archive, home):
    dump, _, _ = publish(created=T1)
    (home / "secret.txt").write_text("not for readers", encoding="utf-8")
    (dump.folder / "unlisted.txt").write_text("not listed", encoding="utf-8")
    (dump.folder / "tei" / "open-doc.xml").unlink()
    (dump.folder / "tei" / "open-doc.xml").symlink_to(home / "secret.txt")
    for path in ("../secret.txt", "..%2fsecret.txt", "%2e%2e/secret.txt", "tei/../../secret.txt", "unlisted.txt",
                 "tei/open-doc.xml", "tei/../documents.jsonl", "/etc/passwd", "./documents.jsonl", "mosaic.sqlite3"):
        response = client.get(f"/data/{dump.stamp}/{path}")
        assert response.status_code == 404, path
        assert b"not for readers" not in response.content
    assert client.get(f"/data/{dump.stamp}/documents.jsonl").status_code == 200
    assert client.get("/data/20240101T000000Z/documents.jsonl").status_code == 404
    assert client.get("/data/20240101T000000Z.zip").status_code == 404


def test_publishing_keeps_the_newest_dumps_and_clears_what_an_interrupted_one_left(client, archive, home):
    first, _, _ = publish(created=T1)
    (open_data_folder() / ".20250301T100000Z.partial").mkdir()  # a publish killed half way
    second, _, _ = publish(created=T2, keep=2)
    third, _, removed = publish(created=T3, keep=2)
    assert removed == [first.stamp]
    assert sorted(p.name for p in open_data_folder().iterdir() if not p.name.startswith(".publishing")) == [
        second.stamp, f"{second.stamp}.zip", f"{second.stamp}.zip.sha256",
        third.stamp, f"{third.stamp}.zip", f"{third.stamp}.zip.sha256"]
    assert "3 March 2025" in client.get("/data/").content.decode()
    assert client.get(f"/data/{second.stamp}/documents.jsonl").status_code == 404  # only the latest is served
    assert client.get(f"/data/{third.stamp}/documents.jsonl").status_code == 200
    with pytest.raises(ExportError, match="a dump was published this second"):
        publish(created=T3)


def test_export_refuses_a_folder_it_must_not_write_into(archive, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "old.txt").write_text("older dump", encoding="utf-8")
    with pytest.raises(ExportError, match=r"full is not an empty folder"):
        export_dump(tmp_path / "full")
    with pytest.raises(ExportError, match=r"missing does not exist"):
        export_dump(tmp_path / "missing" / "dump")
    with pytest.raises(ExportError, match=r"^/sys is not writable \(Operation not permitted\)"):
        export_dump("/sys/mosaic-dump")
    with pytest.raises(CommandError, match="not an empty folder") as refused:
        call_command("export", str(tmp_path / "full"))
    assert "\n" not in str(refused.value)
    with pytest.raises(CommandError, match="give a folder"):
        call_command("export")
    (tmp_path / "empty").mkdir()
    out = io.StringIO()
    call_command("export", str(tmp_path / "empty"), stdout=out)
    assert "1 documents (1 with a public text, as TEI)" in out.getvalue()
    assert (tmp_path / "empty" / "datapackage.json").is_file()


def test_a_failed_export_leaves_no_half_dump(archive, tmp_path, monkeypatch):
    def failing():
        yield {"person_id": "P001"}
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_module.authority, "people", failing)
    with pytest.raises(OSError, match="No space left"):
        export_dump(tmp_path / "dump")
    assert list(tmp_path.iterdir()) == []


def test_the_korean_page_describes_every_file_and_field_in_korean(client, archive, home):
    dump, _, _ = publish(created=T1)
    english = client.get("/data/").content.decode()
    assert "<p>One row per public document: its catalogue facts, flat for spreadsheets." in english
    assert '<td>Authors&#x27; names, separated by &quot;; &quot;.</td>' in english
    assert '<td lang="en">' not in english and '<p lang="en">' not in english
    korean = client.get("/ko/data/").content.decode()
    assert "<p>공개 문서 하나에 한 행씩, 스프레드시트용으로 펼친 목록 정보입니다." in korean
    assert "<td>작성자 이름, &quot;; &quot;로 구분.</td>" in korean
    # Every description the dump holds is one the catalogue has: nothing is left in English.
    assert '<td lang="en">' not in korean and '<p lang="en">' not in korean and '<span lang="en">' not in korean
    # The dump itself stays English.
    assert json.loads((dump.folder / "datapackage.json").read_text())["resources"][1]["description"].startswith("One row per")


def test_a_description_no_catalogue_holds_is_shown_in_english_marked_so(settings):
    from django.utils import translation

    from mosaic.opendata.views import in_reader_language

    with translation.override("ko"):
        assert in_reader_language("A column an older Mosaic described.") == {
            "text": "A column an older Mosaic described.", "lang": "en"}
        assert in_reader_language("The file's size.") == {"text": "파일 크기.", "lang": ""}
    with translation.override("en"):
        assert in_reader_language("The file's size.") == {"text": "The file's size.", "lang": ""}

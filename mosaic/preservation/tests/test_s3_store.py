"""Stored files in an S3-compatible bucket (MOSAIC_FILE_STORAGE=s3://...): ingest, page images,
the audit, backup and restore, against a real S3 server process on loopback (moto's standalone
server, started here and stopped afterwards). Each test has a bucket of its own."""
import io
import json
import os
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError
from django.core.management import CommandError, call_command
from PIL import Image

from mosaic.common.tests.test_quick_start import free_port
from mosaic.corpus.models import Document
from mosaic.iiif.derivatives import PageImageUnavailable, derivative, page_sizes
from mosaic.iiif.tests.conftest import attach, typescript_pages
from mosaic.ingest.pipeline import ingest_file
from mosaic.preservation.audit import run_audit
from mosaic.preservation.blob_store import BlobDamaged, BlobRefused, S3BlobStore, blob_key, blob_store
from mosaic.preservation.models import DocumentFile, StoredFile
from mosaic.preservation.page_images import PageImages
from mosaic.preservation.store import store_stream
from mosaic.preservation.tests.conftest import page_image
from mosaic.settings import file_storage_from_url

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "mosaic-test", "AWS_SECRET_ACCESS_KEY": "mosaic-test-secret"}
PREFIX = "archive"


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory):
    """moto's S3 server on a free loopback port, for the tests of this module."""
    port = free_port()
    log = open(tmp_path_factory.mktemp("moto") / "server.log", "wb")
    server = subprocess.Popen([str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                              stdout=log, stderr=subprocess.STDOUT)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"moto_server did not start (see {log.name})")
                time.sleep(0.2)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def new_bucket(endpoint: str) -> str:
    name = f"mosaic-{uuid.uuid4().hex[:12]}"
    s3_client(endpoint).create_bucket(Bucket=name)
    return name


def s3_client(endpoint: str):
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
                        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"])


def bucket_contents(endpoint: str, bucket: str) -> dict[str, bytes]:
    client = s3_client(endpoint)
    keys = [entry["Key"] for entry in client.list_objects_v2(Bucket=bucket).get("Contents", [])]
    return {key: client.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}


@pytest.fixture
def s3_store(s3_server, settings, tmp_path, monkeypatch):
    """This test's bucket as the file store, as MOSAIC_FILE_STORAGE would set it; the local store
    folder is set too, to show nothing is written there."""
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    bucket = new_bucket(s3_server)
    settings.STORAGES = {**settings.STORAGES,
                         "mosaic_files": file_storage_from_url(f"s3://{bucket}/{PREFIX}", s3_server, "us-east-1")}
    settings.MOSAIC_FILE_STORE = tmp_path / "local-store"
    settings.MOSAIC_FILE_CACHE = tmp_path / "cache"
    settings.MOSAIC_DERIVATIVES = tmp_path / "derivatives"
    store = blob_store()
    assert isinstance(store, S3BlobStore)
    return {"endpoint": s3_server, "bucket": bucket, "store": store, "client": s3_client(s3_server),
            "cache": settings.MOSAIC_FILE_CACHE}


def object_key(sha256: str) -> str:
    return f"{PREFIX}/{blob_key(sha256)}"


@pytest.mark.django_db
def test_a_scan_ingested_is_stored_once_in_the_bucket_and_never_overwritten(s3_store, write_jsonl, tmp_path, settings):
    (tmp_path / "scans").mkdir()
    scan = page_image("Ingested")
    (tmp_path / "scans" / "page.png").write_bytes(scan)
    path = write_jsonl([{"id": "s3-doc", "title": "Memorandum with its scan", "files": [{"path": "scans/page.png"}]}])
    assert ingest_file(path).ok
    stored = DocumentFile.objects.get(document__public_id="s3-doc").stored_file
    assert bucket_contents(s3_store["endpoint"], s3_store["bucket"]) == {object_key(stored.sha256): scan}
    assert not settings.MOSAIC_FILE_STORE.exists()
    assert ingest_file(path).unchanged == 1

    store, client = s3_store["store"], s3_store["client"]
    # Behind Mosaic's back, the object is damaged; storing the same scan again does not write over it
    # (the audit, not a later upload, is what says so), and only a restore's repair replaces it.
    client.put_object(Bucket=s3_store["bucket"], Key=object_key(stored.sha256), Body=b"damaged")
    with store.incoming() as new:
        new.write(scan)
        assert store.put(new) is False
    assert bucket_contents(s3_store["endpoint"], s3_store["bucket"])[object_key(stored.sha256)] == b"damaged"
    with store.incoming() as new:
        new.write(scan)
        assert store.put(new, stored.sha256, repair=True) is True
    assert bucket_contents(s3_store["endpoint"], s3_store["bucket"])[object_key(stored.sha256)] == scan
    # Bytes are only ever written under their own hash.
    with store.incoming() as new, pytest.raises(BlobRefused):
        new.write(b"other bytes")
        store.put(new, stored.sha256)
    assert bucket_contents(s3_store["endpoint"], s3_store["bucket"])[object_key(stored.sha256)] == scan


@pytest.mark.django_db
def test_a_failed_import_leaves_no_object_in_the_bucket(s3_store, write_jsonl, tmp_path):
    (tmp_path / "scans").mkdir()
    (tmp_path / "scans" / "page.png").write_bytes(page_image())
    (tmp_path / "scans" / "fake.tif").write_bytes(page_image(fmt="JPEG"))
    path = write_jsonl([{"id": "good-first", "title": "Fine", "files": [{"path": "scans/page.png"}]},
                        {"id": "bad-second", "title": "Wrongly named scan", "files": [{"path": "scans/fake.tif"}]}])
    assert not ingest_file(path).ok
    assert not StoredFile.objects.exists()
    assert bucket_contents(s3_store["endpoint"], s3_store["bucket"]) == {}


@pytest.mark.django_db
def test_page_images_and_iiif_derivatives_come_from_the_bucket_through_the_cache(s3_store, client):
    document = Document.objects.create(public_id="s3-scan", title="Typescript", status="published")
    link = attach(document, typescript_pages(["Page one words", "Page two words"]), "typescript.tif")
    sha256 = link.stored_file.sha256
    cached = s3_store["cache"] / blob_key(sha256)
    cached.unlink()  # as on another machine, which has never seen the file
    assert [(size.width, size.height) for size in page_sizes(link.stored_file)] == [(600, 800), (600, 800)]
    assert cached.read_bytes() == bucket_contents(s3_store["endpoint"], s3_store["bucket"])[object_key(sha256)]
    with Image.open(derivative(link.stored_file, 2, "thumbnail")) as thumbnail:
        assert (thumbnail.format, thumbnail.size) == ("JPEG", (200, 267))
    with PageImages(link.stored_file) as pages:
        assert len(pages) == 2 and pages.image(1).size == (600, 800)
    response = client.get(f"/iiif/image/{sha256}/1/full/max/0/default.jpg")
    assert response.status_code == 200
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (600, 800)

    # A copy is checked against its name when it is fetched, so a damaged object is never shown.
    other = attach(document, page_image("Second"), "second.png", order=2)
    s3_store["client"].put_object(Bucket=s3_store["bucket"], Key=object_key(other.stored_file.sha256), Body=b"damaged")
    (s3_store["cache"] / blob_key(other.stored_file.sha256)).unlink()
    with pytest.raises(PageImageUnavailable, match="not its name"):
        page_sizes(other.stored_file)
    assert not (s3_store["cache"] / blob_key(other.stored_file.sha256)).exists()


@pytest.mark.django_db
def test_the_cache_keeps_to_its_bound_dropping_the_copies_used_least_recently(s3_store, settings):
    files = [store_stream(io.BytesIO(page_image(f"Leaf {n}", size=(300 + n, 200))), name=f"leaf-{n}.png") for n in range(3)]
    cache = s3_store["cache"]
    copies = [cache / blob_key(stored.sha256) for stored in files]
    assert all(copy.exists() for copy in copies)  # kept when stored: the storing machine reads them next
    for copy in copies:
        copy.unlink()
    settings.MOSAIC_FILE_CACHE_BYTES = sum(stored.size for stored in files[:2])
    store = blob_store()
    an_hour_ago = time.time() - 3600
    for age, stored in enumerate(files[:2]):
        os.utime(store.local_path(stored.sha256), (an_hour_ago + age, an_hour_ago + age))
    store.local_path(files[0].sha256)  # used again: now the most recent of the two
    store.local_path(files[2].sha256)
    assert [copy.exists() for copy in copies] == [True, False, True]


@pytest.mark.django_db
def test_the_audit_hashes_every_object_in_the_bucket(s3_store):
    document = Document.objects.create(public_id="s3-audit", title="Audited", status="published")
    altered, missing, intact = (attach(document, page_image(f"Leaf {n}"), f"leaf-{n}.png", order=n).stored_file
                                for n in range(3))
    clean = run_audit()
    assert (clean.problem_count, clean.files_checked) == (0, 3)
    assert clean.bytes_checked == altered.size + missing.size + intact.size

    bucket, client = s3_store["bucket"], s3_store["client"]
    client.put_object(Bucket=bucket, Key=object_key(altered.sha256), Body=page_image("Leaf 0") + b"\0")
    client.delete_object(Bucket=bucket, Key=object_key(missing.sha256))
    client.put_object(Bucket=bucket, Key=f"{PREFIX}/sha256/ab/{'ab' + '0' * 62}", Body=b"left by someone")
    client.put_object(Bucket=bucket, Key="elsewhere/sha256/cd/not-ours", Body=b"outside the prefix")
    with pytest.raises(CommandError, match=r"^3 problem\(s\) found"):
        call_command("audit", "--no-progress", stdout=io.StringIO())
    findings = {finding.kind: finding for finding in run_audit().findings.all()}
    assert sorted(findings) == ["file_altered", "file_missing", "file_orphaned"]
    assert "leaf-0.png" in findings["file_altered"].subject
    assert f"s3://{bucket}/{object_key(missing.sha256)}" in findings["file_missing"].detail
    assert findings["file_orphaned"].subject == f"sha256/ab/{'ab' + '0' * 62}"


# Backup and restore, as an operator runs them: separate processes, configured by the environment.

def run_mosaic(home, bucket, endpoint, *args, check=True):
    env = {**os.environ, **CREDENTIALS, "MOSAIC_HOME": str(home), "MOSAIC_FILE_STORAGE": f"s3://{bucket}/{PREFIX}",
           "MOSAIC_S3_ENDPOINT_URL": endpoint, "MOSAIC_S3_REGION": "us-east-1"}
    result = subprocess.run([sys.executable, "-m", "mosaic", *args], env=env, capture_output=True, text=True, timeout=300)
    if check and result.returncode != 0:
        pytest.fail(f"mosaic {' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}")
    return result


def test_backup_copies_out_of_the_bucket_and_restore_writes_into_another(s3_server, tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    Image.new("RGB", (40, 30), (200, 180, 150)).save(source / "kaesong-1.png")
    Image.new("L", (30, 40), 90).save(source / "sinuiju-1.png")
    records = [{"id": "s3-kaesong", "title": "Telegram on the talks at Kaesong", "status": "published",
                "files": [{"path": "kaesong-1.png"}]},
               {"id": "s3-sinuiju", "title": "Report on the Sinuiju flood", "status": "published",
                "files": [{"path": "sinuiju-1.png"}]}]
    (source / "records.jsonl").write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    bucket_a, bucket_b = new_bucket(s3_server), new_bucket(s3_server)
    home_a, home_b, backup = tmp_path / "a", tmp_path / "b", tmp_path / "backup"
    run_mosaic(home_a, bucket_a, s3_server, "init")
    run_mosaic(home_a, bucket_a, s3_server, "ingest", str(source / "records.jsonl"), "--no-progress")
    in_a = bucket_contents(s3_server, bucket_a)
    assert len(in_a) == 2 and not (home_a / "store").exists()

    run_mosaic(home_a, bucket_a, s3_server, "backup", str(backup))
    assert {f"{PREFIX}/{blob_key(path.name)}": path.read_bytes() for path in (backup / "files").iterdir()} == in_a

    restored = run_mosaic(home_b, bucket_b, s3_server, "restore", str(backup))
    assert "2 stored files" in restored.stdout and "0 were already in the store" in restored.stdout
    assert bucket_contents(s3_server, bucket_b) == in_a
    assert "No problems" in run_mosaic(home_b, bucket_b, s3_server, "audit", "--no-progress").stdout

    # A damaged object in the bucket is named, and no backup is written that would keep the damage.
    key = sorted(in_a)[0]
    s3_client(s3_server).put_object(Bucket=bucket_a, Key=key, Body=in_a[key][:-1])
    failed = run_mosaic(home_a, bucket_a, s3_server, "backup", str(tmp_path / "second-backup"), check=False)
    assert failed.returncode != 0 and "no backup was written" in failed.stderr
    assert f"altered in the store: s3://{bucket_a}/{key} now has SHA-256" in failed.stderr
    assert not (tmp_path / "second-backup").exists()


def test_a_storage_setting_that_is_not_an_s3_url_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    assert file_storage_from_url("s3://archive-bucket/mosaic/store")["OPTIONS"]["location"] == "mosaic/store"
    for wrong in ("archive-bucket/store", "s3:///store", "https://archive-bucket/store"):
        with pytest.raises(ImproperlyConfigured, match="s3://BUCKET/PREFIX"):
            file_storage_from_url(wrong)


def test_bytes_are_never_taken_from_an_object_that_cannot_be_read(s3_store):
    with pytest.raises(FileNotFoundError):
        s3_store["store"].local_path("0" * 64)
    s3_store["client"].put_object(Bucket=s3_store["bucket"], Key=object_key("1" * 64), Body=b"not those bytes")
    with pytest.raises(BlobDamaged):
        s3_store["store"].local_path("1" * 64)


def test_the_bucket_refuses_nothing_silently(s3_store):
    """An error other than 'already there' from the server reaches the caller."""
    store = s3_store["store"]
    s3_store["client"].delete_bucket(Bucket=s3_store["bucket"])
    with store.incoming() as new, pytest.raises(ClientError):
        new.write(b"a scan")
        store.put(new)

"""`mosaic backup` and `mosaic restore` as an operator runs them: separate processes, separate
MOSAIC_HOMEs. One archive with records, scans, a user and history is backed up once; the tests
restore it, and damaged copies of it, into new installations."""
import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from PIL import Image

# Records as the staff would ingest them; the second waits for review, and a coordinator then
# publishes it, so the backup holds an edit by a user with its revision and workflow event.
RECORDS = [
    {"id": "test-backup-kaesong-1953", "title": "Telegram on the armistice talks at Kaesong", "type": "telegram",
     "date": "1953-07-20", "origin_country": "USSR", "original_language": "ru", "status": "published",
     "texts": [{"kind": "translation", "language": "en", "text": "The delegations met at Kaesong in the morning."}],
     "files": [{"path": "kaesong-1.png", "label": "Original, l. 1"}]},
    {"id": "test-backup-sinuiju-1956", "title": "Report on the Sinuiju flood relief", "type": "report",
     "date": "1956-08", "origin_country": "Hungary", "original_language": "hu", "status": "in_review",
     "agents": [{"name": "Ri Chu-yon", "role": "author"}],
     "files": [{"path": "sinuiju-1.png", "label": "Original, l. 12"}]},
]

SETUP = """
import json
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.contrib.auth.models import User
from django.core.management import call_command
from mosaic.corpus.models import Document
from mosaic.curation.roles import COORDINATOR, grant, sync_roles
from mosaic.curation.workflow import move
from mosaic.jobs.worker import run_queued_jobs

# Give the corpus app's content types ids a new installation never gives them: only natural
# keys in the backup keep the history pointing at documents when it is restored elsewhere.
ContentType.objects.filter(app_label="corpus").delete()
ContentType.objects.clear_cache()
corpus = apps.get_app_config("corpus")
create_contenttypes(corpus, verbosity=0)
create_permissions(corpus, verbosity=0)
sync_roles()

call_command("ingest", RECORDS_PATH, "--no-progress")
user = User.objects.create_user("coordinator", "coordinator@example.org", "a-long-passphrase-42")
grant(user, COORDINATOR)
user = User.objects.get(pk=user.pk)
move(Document.objects.get(public_id="test-backup-sinuiju-1956"), "published", user, note="Checked against the scan")
run_queued_jobs()  # as a worker would: the backup is taken of a settled archive
print(json.dumps({"document_type_id": ContentType.objects.get(app_label="corpus", model="document").pk}))
"""

# What a new installation makes itself, is short-lived, or is derived work a restore queues
# afresh (kept citations): left out of the backup too.
NOT_COMPARED = ["contenttypes", "auth.permission", "sessions", "axes", "django_tasks_database", "jobs",
                "citations.keptcitation"]


def run_mosaic(home, *args, check=True):
    env = {**os.environ, "MOSAIC_HOME": str(home)}
    result = subprocess.run([sys.executable, "-m", "mosaic", *args], env=env, capture_output=True, text=True, timeout=300)
    if check and result.returncode != 0:
        pytest.fail(f"mosaic {' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}")
    return result


def run_django(home, code, **names):
    prelude = "import django, os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mosaic.settings')\ndjango.setup()\n"
    prelude += "".join(f"{name} = {value!r}\n" for name, value in names.items())
    env = {**os.environ, "MOSAIC_HOME": str(home)}
    result = subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], env=env, capture_output=True,
                            text=True, timeout=300)
    if result.returncode != 0:
        pytest.fail(f"script failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


EXPORT = """
import json
from django.apps import apps
from django.core import serializers
models = [model for model in apps.get_models() if not model._meta.proxy
          and model._meta.app_label not in NOT_COMPARED and model._meta.label_lower not in NOT_COMPARED]
records = serializers.serialize("python", (row for model in models for row in model._base_manager.all()),
                                use_natural_foreign_keys=True)
print(json.dumps(records, default=str))
"""


def canonical_export(home):
    """Every record of the installation, with natural keys, in a fixed order. Unlike dumpdata's
    JSON, str() of a time keeps its microseconds, so a restore that rounded them shows."""
    records = json.loads(run_django(home, EXPORT, NOT_COMPARED=NOT_COMPARED))
    return sorted(records, key=lambda record: (record["model"], str(record["pk"])))


def store_contents(home):
    blobs = home / "store" / "sha256"
    return {str(path.relative_to(blobs)): path.read_bytes() for path in sorted(blobs.glob("*/*"))}


@pytest.fixture(scope="module")
def archive(tmp_path_factory, copy_of_home):
    root = tmp_path_factory.mktemp("backup")
    source = root / "source"
    source.mkdir()
    Image.new("RGB", (40, 30), (200, 180, 150)).save(source / "kaesong-1.png")
    Image.new("L", (30, 40), 90).save(source / "sinuiju-1.png")
    records_path = source / "records.jsonl"
    records_path.write_text("".join(json.dumps(record) + "\n" for record in RECORDS), encoding="utf-8")

    home_a = copy_of_home("init", root / "a")
    setup = json.loads(run_django(home_a, SETUP, RECORDS_PATH=str(records_path)).strip().splitlines()[-1])
    backup = root / "backup"
    backed_up = run_mosaic(home_a, "backup", str(backup))
    return {"root": root, "a": home_a, "backup": backup, "backup_output": backed_up.stdout,
            "a_document_type_id": setup["document_type_id"], "a_export": canonical_export(home_a)}


def test_backup_holds_a_manifest_of_every_file(archive):
    backup = archive["backup"]
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == "mosaic-backup" and manifest["database_vendor"] == "sqlite"
    assert manifest["counts"]["corpus.Document"] == 2 and manifest["counts"]["preservation.StoredFile"] == 2
    assert manifest["counts"]["auth.User"] == 1 and manifest["counts"]["auth.User_groups"] == 1
    assert manifest["counts"]["reversion.Version"] > 0
    assert sorted(path.name for path in (backup / "files").iterdir()) == sorted(
        entry["sha256"] for entry in manifest["files"])
    assert "2 stored files" in archive["backup_output"]
    checked = run_mosaic(archive["root"] / "unused", "restore", "--check", str(backup))
    assert "is intact" in checked.stdout


def test_restore_reproduces_the_archive_in_a_new_installation(archive, copy_of_home):
    home_b = copy_of_home("init", archive["root"] / "b")  # what init loads is allowed in the target, and is replaced
    restored = run_mosaic(home_b, "restore", str(archive["backup"]))
    assert "search index rebuilt (2 public documents)" in restored.stdout

    export_b = canonical_export(home_b)
    assert export_b == archive["a_export"]
    assert store_contents(home_b) == store_contents(archive["a"]) and len(store_contents(home_b)) == 2
    # The history came across attached to documents although document ids of content types differ.
    b_document_type_id = int(run_django(home_b, """
        from django.contrib.contenttypes.models import ContentType
        print(ContentType.objects.get(app_label="corpus", model="document").pk)
    """))
    assert b_document_type_id != archive["a_document_type_id"]
    versions = [record for record in export_b if record["model"] == "reversion.version"]
    assert any(v["fields"]["content_type"] == ["corpus", "document"] for v in versions)
    events = [record for record in export_b if record["model"] == "curation.workflowevent"]
    assert [(e["fields"]["to_status"], e["fields"]["user"]) for e in events] == [("published", ["coordinator"])]

    # Published by the edit, so found only if the index was rebuilt from the restored records.
    found = json.loads(run_mosaic(home_b, "search", "Sinuiju", "--json").stdout)
    assert [hit["id"] for hit in found["results"]] == ["test-backup-sinuiju-1956"]


def test_restore_into_an_installation_in_use_is_refused_and_changes_nothing(archive):
    refused = run_mosaic(archive["a"], "restore", str(archive["backup"]), check=False)
    assert refused.returncode != 0
    assert "is not empty, so nothing was restored" in refused.stderr
    assert "2 documents (corpus.Document); 1 users (auth.User); 2 stored files" in refused.stderr
    assert canonical_export(archive["a"]) == archive["a_export"]


def test_a_damaged_backup_is_refused_naming_each_file_before_anything_is_loaded(archive):
    damaged = archive["root"] / "damaged"
    shutil.copytree(archive["backup"], damaged)
    altered, removed = sorted((damaged / "files").iterdir())
    flip_a_byte(altered)
    flip_a_byte(damaged / "database.json")
    removed.unlink()

    home = archive["root"] / "never-restored"
    refused = run_mosaic(home, "restore", str(damaged), check=False)
    assert refused.returncode != 0
    assert "does not match its manifest; nothing was restored" in refused.stderr
    assert f"files/{altered.name}: altered" in refused.stderr
    assert f"files/{removed.name}: missing" in refused.stderr
    assert "database.json: altered" in refused.stderr
    assert not (home / "mosaic.sqlite3").exists() and not (home / "store").exists()


def test_a_restore_that_fails_while_loading_leaves_the_database_as_it_was(archive):
    inconsistent = archive["root"] / "inconsistent"
    shutil.copytree(archive["backup"], inconsistent)
    manifest_path = inconsistent / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["counts"]["corpus.Document"] += 1  # every checksum holds; the load itself comes up short
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")

    home = archive["root"] / "c"
    failed = run_mosaic(home, "restore", str(inconsistent), check=False)
    assert failed.returncode != 0
    assert "the database load was rolled back" in failed.stderr
    assert "corpus.Document: 2 loaded, the manifest says 3" in failed.stderr
    assert "The 2 file(s) already copied into the store stay there" in failed.stderr
    # Nothing of the failed load is left: the installation still counts as new, so the intact
    # backup restores into it, reusing the files already copied.
    restored = run_mosaic(home, "restore", str(archive["backup"]))
    assert "2 were already in the store" in restored.stdout


def test_a_backup_of_a_damaged_store_fails_naming_the_file_and_leaves_no_backup(archive):
    blobs = sorted((archive["a"] / "store" / "sha256").glob("*/*"))
    altered, missing = blobs
    kept_aside = archive["root"] / "kept-aside"
    original = altered.read_bytes()
    shutil.move(missing, kept_aside)
    altered.chmod(0o644)
    flip_a_byte(altered)
    try:
        target = archive["root"] / "failed-backup"
        failed = run_mosaic(archive["a"], "backup", str(target), check=False)
        assert failed.returncode != 0
        assert "no backup was written" in failed.stderr
        assert f"({missing.name}): missing from the store" in failed.stderr
        assert f"({altered.name}): altered in the store" in failed.stderr
        assert not target.exists()
    finally:
        altered.write_bytes(original)
        altered.chmod(0o444)
        shutil.move(kept_aside, missing)


def test_backup_refuses_a_folder_that_is_not_empty(archive):
    occupied = archive["root"] / "occupied"
    occupied.mkdir()
    (occupied / "notes.txt").write_text("mine")
    refused = run_mosaic(archive["a"], "backup", str(occupied), check=False)
    assert refused.returncode != 0 and "is not an empty folder" in refused.stderr
    assert [path.name for path in occupied.iterdir()] == ["notes.txt"]


def flip_a_byte(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))

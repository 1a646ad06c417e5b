import io
import os

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from mosaic.corpus.models import Document, TextLayer
from mosaic.preservation.audit import run_audit
from mosaic.preservation.models import AuditRun, DocumentFile
from mosaic.preservation.store import path_for, store_stream
from mosaic.preservation.tests.conftest import page_image

pytestmark = pytest.mark.django_db


def _archive_with_files(count=3):
    document = Document.objects.create(public_id="garf-1956-07", title="Conversation of July 1956", status="published")
    TextLayer.objects.create(document=document, kind="translation", language="en", text="Record of a conversation.")
    TextLayer.objects.create(document=document, kind="original", language="ru", text="Запись беседы.")
    stored = []
    for number in range(count):
        item = store_stream(io.BytesIO(page_image(f"leaf {number}")), name=f"leaf-{number}.png")
        DocumentFile.objects.create(document=document, stored_file=item, order=number)
        stored.append(item)
    return document, stored


def _writable(path):
    os.chmod(path, 0o644)
    return path


def test_a_clean_archive_passes_and_the_run_is_logged(file_store):
    _archive_with_files()
    out = io.StringIO()
    call_command("audit", "--no-progress", stdout=out)
    assert "3 files" in out.getvalue() and "2 text layers" in out.getvalue() and "No problems" in out.getvalue()
    run = AuditRun.objects.get()
    assert run.ok and run.files_checked == 3 and run.layers_checked == 2


def test_every_injected_corruption_is_detected_and_exits_non_zero(file_store):
    document, (corrupted, truncated, deleted) = _archive_with_files()
    blob = _writable(path_for(corrupted.sha256))
    data = bytearray(blob.read_bytes())
    data[len(data) // 2] ^= 0xFF
    blob.write_bytes(bytes(data))
    truncated_path = _writable(path_for(truncated.sha256))
    truncated_path.write_bytes(truncated_path.read_bytes()[:50])
    path_for(deleted.sha256).unlink()
    stray = file_store / "sha256" / "ab" / ("ab" + "0" * 62)
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"left by someone")
    translation, original = document.text_layers.order_by("pk")
    with connection.cursor() as cursor:  # behind Mosaic's back, as a damaged or tampered database would be
        cursor.execute("UPDATE corpus_textlayer SET text = %s WHERE id = %s", ["Record of a conversation!", translation.pk])
        cursor.execute("DELETE FROM corpus_textlayer WHERE id = %s", [original.pk])
        cursor.execute(
            "INSERT INTO corpus_textlayer (document_id, kind, language, made_by, text, \"order\", access, created, modified)"
            " VALUES (%s, 'translation', 'de', '', 'Eingeschoben', 9, 'public', '2026-01-01', '2026-01-01')",
            [document.pk])
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"^7 problem\(s\) found"):
        call_command("audit", "--no-progress", stdout=out)
    run = AuditRun.objects.get()
    kinds = sorted(run.findings.values_list("kind", flat=True))
    assert kinds == ["file_altered", "file_altered", "file_missing", "file_orphaned",
                     "text_altered", "text_missing", "text_unrecorded"]
    report = out.getvalue()
    assert "leaf-0.png" in report and "leaf-1.png" in report and "leaf-2.png" in report and "of garf-1956-07" in report
    assert "ab" + "0" * 62 in report


def test_edits_and_deletions_made_through_mosaic_are_not_problems(file_store):
    document, _ = _archive_with_files(1)
    layer = document.text_layers.first()
    layer.text = "Corrected record of a conversation."
    layer.save()
    document.text_layers.last().delete()
    assert run_audit().problem_count == 0


def test_staff_read_the_audit_log_and_the_public_cannot(client, file_store, staff_member):
    _archive_with_files(1)
    path_for(DocumentFile.objects.get().stored_file.sha256).unlink()
    run_audit(run_by="test")
    assert client.get("/staff/audit/").status_code == 302
    client.force_login(staff_member("Curator"))
    page = client.get("/staff/audit/").content.decode()
    assert "File missing" in page and "leaf-0.png" in page and "1 problem" in page

"""A backup taken on SQLite restores into PostgreSQL, and a backup taken there restores into
SQLite again: every record, stored file and history entry comes through identical, and the
archive restored on PostgreSQL is searchable. Each step is `mosaic` as an operator runs it, in
its own process and MOSAIC_HOME, on a throwaway PostgreSQL server."""
import json

import pytest
from PIL import Image

from mosaic.preservation.tests.test_backup import RECORDS, SETUP, canonical_export, run_django, run_mosaic, store_contents


@pytest.fixture
def on_database(monkeypatch):
    """Run the next `mosaic` commands on this database (None: SQLite under MOSAIC_HOME)."""

    def use(url):
        if url:
            monkeypatch.setenv("MOSAIC_DATABASE_URL", url)
        else:
            monkeypatch.delenv("MOSAIC_DATABASE_URL", raising=False)

    return use


def database_records(backup):
    records = json.loads((backup / "database.json").read_text(encoding="utf-8"))
    return sorted(records, key=lambda record: (record["model"], json.dumps(record["pk"])))


def test_a_backup_moves_from_sqlite_to_postgres_and_back_unchanged(tmp_path, postgres_server, on_database, copy_of_home):
    source = tmp_path / "source"
    source.mkdir()
    Image.new("RGB", (40, 30), (200, 180, 150)).save(source / "kaesong-1.png")
    Image.new("L", (30, 40), 90).save(source / "sinuiju-1.png")
    records_path = source / "records.jsonl"
    records_path.write_text("".join(json.dumps(record) + "\n" for record in RECORDS), encoding="utf-8")

    on_database(None)
    on_sqlite = copy_of_home("init", tmp_path / "sqlite")
    run_django(on_sqlite, SETUP, RECORDS_PATH=str(records_path))
    run_mosaic(on_sqlite, "backup", str(tmp_path / "backup-from-sqlite"))
    original = canonical_export(on_sqlite)

    on_database(postgres_server.create_database("restored"))
    on_postgres = tmp_path / "postgres"
    restored = run_mosaic(on_postgres, "restore", str(tmp_path / "backup-from-sqlite"))
    assert "search index rebuilt (2 public documents)" in restored.stdout
    assert canonical_export(on_postgres) == original
    assert store_contents(on_postgres) == store_contents(on_sqlite)
    found = json.loads(run_mosaic(on_postgres, "search", "Kaesong delegations", "--json").stdout)
    assert [result["id"] for result in found["results"]] == ["test-backup-kaesong-1953"]
    run_mosaic(on_postgres, "backup", str(tmp_path / "backup-from-postgres"))

    on_database(None)
    back_on_sqlite = tmp_path / "sqlite-again"
    run_mosaic(back_on_sqlite, "restore", str(tmp_path / "backup-from-postgres"))
    assert canonical_export(back_on_sqlite) == original
    assert store_contents(back_on_sqlite) == store_contents(on_sqlite)

    from_sqlite, from_postgres = tmp_path / "backup-from-sqlite", tmp_path / "backup-from-postgres"
    manifests = [json.loads((backup / "manifest.json").read_text(encoding="utf-8")) for backup in (from_sqlite, from_postgres)]
    assert [manifest["database_vendor"] for manifest in manifests] == ["sqlite", "postgresql"]
    assert manifests[0]["counts"] == manifests[1]["counts"]
    assert manifests[0]["files"] == manifests[1]["files"]
    assert database_records(from_postgres) == database_records(from_sqlite)

import json

import pytest


@pytest.fixture
def write_jsonl(tmp_path):
    """Write document records as a JSON Lines file in the test's folder; returns its path."""

    def write(records, name="records.jsonl"):
        path = tmp_path / name
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        return path

    return write

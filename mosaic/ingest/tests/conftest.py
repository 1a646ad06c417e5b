import json
from pathlib import Path

import pytest

from mosaic.archives.seed import load_repositories


@pytest.fixture
def repositories(db):
    load_repositories()


@pytest.fixture
def write_jsonl(tmp_path):
    def write(records, name="records.jsonl"):
        path = tmp_path / name
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        return path

    return write


FIXTURES = Path(__file__).parent / "fixtures"

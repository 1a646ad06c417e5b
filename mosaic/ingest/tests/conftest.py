from pathlib import Path

import pytest

from mosaic.archives.seed import load_repositories


@pytest.fixture
def repositories(db):
    load_repositories()


FIXTURES = Path(__file__).parent / "fixtures"

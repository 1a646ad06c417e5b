from pathlib import Path

import pytest


@pytest.fixture
def repositories(db):
    # Imported here, not at the top: the TEI reader's tests run without Django (-p no:django).
    from mosaic.archives.seed import load_repositories

    load_repositories()


FIXTURES = Path(__file__).parent / "fixtures"

"""Commands on an archive that was never set up, or set up by an earlier version, say in one line
what to run (issue 20), instead of a traceback about a missing table."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mosaic.search import migrations as search_migrations


def mosaic(home, *arguments):
    environment = {**os.environ, "MOSAIC_HOME": str(home)}
    environment.pop("MOSAIC_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "mosaic", *arguments], env=environment, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("arguments", [("ingest", "records.jsonl"), ("search", "plenum"), ("audit",), ("names", "link")])
def test_a_command_on_an_archive_never_set_up_says_to_run_init(tmp_path, arguments):
    result = mosaic(tmp_path / "home", *arguments)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (f"mosaic {arguments[0]}: this archive has not been set up yet: run `mosaic init` first "
                                     f"(archive: {tmp_path / 'home'})")


def test_an_archive_of_an_earlier_version_is_brought_up_to_date_by_init(tmp_path):
    home = tmp_path / "home"
    assert mosaic(home, "migrate", "-v", "0").returncode == 0
    assert mosaic(home, "migrate", "search", "0006", "-v", "0").returncode == 0  # as the version before search.0007
    result = mosaic(home, "search", "plenum")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    waiting = len([name for name in os.listdir(Path(search_migrations.__file__).parent) if name[:4].isdigit() and name[:4] > "0006"])
    assert (f"set up by an earlier version of Mosaic ({waiting} database changes not applied yet): run `mosaic init`"
            in result.stderr)
    assert mosaic(home, "init").returncode == 0
    result = mosaic(home, "search", "plenum")
    assert result.returncode == 0, result.stderr


def test_commands_that_need_no_archive_still_run_without_one(tmp_path):
    result = mosaic(tmp_path / "home", "cite", "parse", "RGASPI, f. 558, op. 11, d. 97, ll. 67-70.")
    assert result.returncode == 0 and "Fond: 558" in result.stdout
    assert mosaic(tmp_path / "home", "ingest", "--help").returncode == 0
    # The lexicon's texts for translators come from the shipped lexicon file alone.
    result = mosaic(tmp_path / "home", "lens_markers", "messages")
    assert result.returncode == 0 and 'msgid "Hierarchy and kinship metaphors"' in result.stdout, result.stderr

"""What every `mosaic` process pays before its work: Django's start-up and the system checks
import no module that only some commands need. The IIIF models and the marker engine's voice
rules took over a second of each command's start between them (measured: `mosaic check` 4.5 s
before, 3.3 s after)."""
import json
import os
import subprocess
import sys

# Costly to import, and needed only to build a manifest or to find markers.
ONLY_WHEN_USED = ["iiif_prezi3", "mosaic.lib.markers.engine", "mosaic.lib.markers.voice.sentence_frames",
                  "mosaic.lib.markers.voice.analysis"]

PROBE = f"""
import json, sys, django
django.setup()
from django.core.management import call_command
call_command("check")
print(json.dumps([name for name in {ONLY_WHEN_USED!r} if name in sys.modules]))
"""


def test_start_up_and_checks_leave_the_manifest_models_and_the_marker_engine_unimported(tmp_path):
    environment = {**os.environ, "MOSAIC_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "mosaic.settings"}
    result = subprocess.run([sys.executable, "-c", PROBE], env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_the_lazy_names_still_arrive_when_asked_for():
    from mosaic.lib import markers
    from mosaic.lib.markers import voice

    assert callable(markers.find_markers) and callable(voice.analyse) and voice.AUTHOR == "author"
    assert markers.find_markers.__module__ == "mosaic.lib.markers.engine"

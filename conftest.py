"""Test-wide setup: every test run gets its own MOSAIC_HOME, so tests never touch ./var."""
import os
import tempfile

os.environ.setdefault("MOSAIC_HOME", tempfile.mkdtemp(prefix="mosaic-test-home-"))

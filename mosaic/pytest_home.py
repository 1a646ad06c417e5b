"""Pytest plugin, loaded with `-p mosaic.pytest_home` before Django's settings are read.

Each test run gets a fresh, throwaway MOSAIC_HOME so tests never read or write a real archive.
"""
import atexit
import os
import shutil
import tempfile

_home = tempfile.mkdtemp(prefix="mosaic-test-home-")
os.environ["MOSAIC_HOME"] = _home
atexit.register(shutil.rmtree, _home, ignore_errors=True)
# One collection of static files for this test process and every archive its tests make in
# subprocesses: each `mosaic init` then finds the files compressed already.
os.environ["MOSAIC_STATIC_ROOT"] = os.path.join(_home, "static")
os.makedirs(os.environ["MOSAIC_STATIC_ROOT"], exist_ok=True)  # whitenoise expects STATIC_ROOT to exist

"""Preservation benchmark: storing scans (type check, page count, SHA-256), auditing them, and
OCR seconds per page.

Run: .venv/bin/python bench/preservation_bench.py [FILES] [OCR_PAGES]
(default 200 scans of about 1 MB, 4 OCR pages; uses a throwaway MOSAIC_HOME)
"""
import io
import os
import random
import resource
import sys
import tempfile
import time

HOME = tempfile.mkdtemp(prefix="mosaic-bench-")
os.environ["MOSAIC_HOME"] = HOME
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mosaic.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from PIL import Image  # noqa: E402

from mosaic.corpus.models import Document  # noqa: E402
from mosaic.preservation.audit import run_audit  # noqa: E402
from mosaic.preservation.models import DocumentFile  # noqa: E402
from mosaic.preservation.store import store_stream  # noqa: E402


def noisy_scan(seed: int) -> bytes:
    """A grey page with noise: incompressible enough to weigh about 1 MB as PNG."""
    rng = random.Random(seed)
    image = Image.frombytes("L", (1024, 1024), rng.randbytes(1024 * 1024))
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()


def main(files: int, ocr_pages: int) -> None:
    call_command("migrate", verbosity=0)
    document = Document.objects.create(public_id="bench-scans", title="Benchmark scans", original_language="ru")
    blobs = [noisy_scan(n) for n in range(files)]
    total = sum(map(len, blobs))
    started = time.perf_counter()
    for n, blob in enumerate(blobs):
        stored = store_stream(io.BytesIO(blob), name=f"scan-{n}.png")
        DocumentFile.objects.create(document=document, stored_file=stored, order=n)
    store_seconds = time.perf_counter() - started
    started = time.perf_counter()
    run = run_audit()
    audit_seconds = time.perf_counter() - started
    print(f"store: {files} files, {total / 1e6:.0f} MB in {store_seconds:.1f} s ({total / 1e6 / store_seconds:.0f} MB/s)")
    print(f"audit: {run.files_checked} files, {run.bytes_checked / 1e6:.0f} MB in {audit_seconds:.1f} s "
          f"({run.bytes_checked / 1e6 / audit_seconds:.0f} MB/s), {run.problem_count} problems")
    if ocr_pages:
        from mosaic.ocr.runner import run_ocr
        from mosaic.ocr.tests.scans import RUSSIAN_REPORT, write_tiff

        path = write_tiff(__import__("pathlib").Path(HOME) / "ocr.tif", (RUSSIAN_REPORT * ocr_pages)[:ocr_pages])
        with open(path, "rb") as handle:
            stored = store_stream(handle, name="ocr.tif")
        scanned = Document.objects.create(public_id="bench-ocr", title="OCR benchmark", original_language="ru")
        DocumentFile.objects.create(document=scanned, stored_file=stored)
        started = time.perf_counter()
        report = run_ocr([scanned], progress=False)
        seconds = time.perf_counter() - started
        print(f"ocr: {report.pages_read} pages (rus, 300 dpi A5 typescript) in {seconds:.1f} s "
              f"({seconds / max(report.pages_read, 1):.2f} s a page)")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200, int(sys.argv[2]) if len(sys.argv) > 2 else 4)

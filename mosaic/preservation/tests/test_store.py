import io

import pytest

from mosaic.lib.file_types import FileTypeError, check
from mosaic.preservation.models import StoredFile
from mosaic.preservation.store import RejectedFile, path_for, sha256_of_path, store_stream
from mosaic.preservation.tests.conftest import page_image

pytestmark = pytest.mark.django_db


def test_a_scan_is_stored_once_under_its_sha256(file_store):
    data = page_image(fmt="TIFF", pages=3)
    first = store_stream(io.BytesIO(data), name="garf-5446-98-721.tif")
    again = store_stream(io.BytesIO(data), name="copy-of-the-same.tiff")
    assert first.pk == again.pk and StoredFile.objects.count() == 1
    assert (first.media_type, first.size, first.page_count) == ("image/tiff", len(data), 3)
    assert sha256_of_path(path_for(first.sha256)) == first.sha256
    assert list((file_store / "incoming").iterdir()) == []


def test_content_that_does_not_match_its_name_is_refused_naming_the_file(file_store):
    jpeg = page_image(fmt="JPEG")
    with pytest.raises(RejectedFile, match=r"scan\.tif: claims to be a TIFF image but its content is a JPEG image"):
        store_stream(io.BytesIO(jpeg), name="scan.tif")
    with pytest.raises(RejectedFile, match=r"report\.pdf: claims to be a PDF document but its content is not one"):
        store_stream(io.BytesIO(b"<html><script>alert(1)</script></html>"), name="report.pdf")
    with pytest.raises(RejectedFile, match=r"notes\.docx: .*is not stored here"):
        store_stream(io.BytesIO(b"PK\x03\x04 zip"), name="notes.docx")
    assert StoredFile.objects.count() == 0
    assert not list(file_store.rglob("sha256/*/*"))


def test_a_file_over_the_size_limit_or_broken_is_refused(file_store, settings):
    settings.MOSAIC_FILE_MAX_BYTES = 1000
    with pytest.raises(RejectedFile, match=r"big\.png: the file is over the 1,000-byte limit"):
        store_stream(io.BytesIO(page_image(size=(1200, 1200)) + b"\0" * 5000), name="big.png")
    settings.MOSAIC_FILE_MAX_BYTES = 10_000_000
    truncated = page_image(size=(800, 800), fmt="PNG")[:300]
    with pytest.raises(RejectedFile, match=r"cut\.png: the file cannot be read as a image/png"):
        store_stream(io.BytesIO(truncated), name="cut.png")
    assert StoredFile.objects.count() == 0
    assert not list(file_store.rglob("sha256/*/*"))


def test_declared_types_are_checked_against_the_content():
    png = page_image()
    assert check("scan", png, "image/png") == "image/png"
    with pytest.raises(FileTypeError, match="claims to be a JPEG image"):
        check("scan", png, "image/jpg")
    with pytest.raises(FileTypeError, match="text/html"):
        check("scan", png, "text/html")


def test_a_cut_off_image_is_refused_even_after_the_book_renderer_is_imported(file_store):
    import weasyprint  # noqa: F401  (it lets Pillow load truncated images, process-wide)

    truncated = page_image(size=(800, 800), fmt="PNG")[:300]
    with pytest.raises(RejectedFile, match=r"cut\.png: the file cannot be read as a image/png"):
        store_stream(io.BytesIO(truncated), name="cut.png")

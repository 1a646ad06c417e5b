import io

import pytest
from PIL import Image

from mosaic.iiif import derivatives
from mosaic.iiif.derivatives import PageSize
from mosaic.iiif.tests.conftest import typescript_pages
from mosaic.preservation.store import path_for, store_stream

pytestmark = pytest.mark.django_db


def _store(data: bytes, name: str):
    return store_stream(io.BytesIO(data), name=name)


def test_each_tiff_frame_is_a_page_with_a_full_image_and_a_thumbnail(file_store, settings):
    stored = _store(typescript_pages(["first", "second"]), "scan.tif")
    assert derivatives.page_sizes(stored) == [PageSize(600, 800), PageSize(600, 800)]
    assert PageSize(600, 800).served == {"thumbnail": PageSize(200, 267), "max": PageSize(600, 800)}

    full = derivatives.derivative(stored, 2, "max")
    thumbnail = derivatives.derivative(stored, 2, "thumbnail")
    assert full == settings.MOSAIC_DERIVATIVES / stored.sha256 / "2" / "max.jpg"
    with Image.open(full) as image:
        assert (image.format, image.size, image.mode) == ("JPEG", (600, 800), "L")
    with Image.open(thumbnail) as image:
        assert image.size == (200, 267)
    # The two pages differ: each frame is read, not the first one twice.
    assert derivatives.derivative(stored, 1, "max").read_bytes() != full.read_bytes()
    assert not [p for p in (settings.MOSAIC_DERIVATIVES / stored.sha256).rglob(".*")]  # no temporary files left


def test_a_derivative_is_made_once_then_served_from_the_cache(file_store, monkeypatch):
    stored = _store(typescript_pages(["only"], fmt="PNG"), "scan.png")
    first = derivatives.derivative(stored, 1, "max")
    made = first.stat().st_mtime_ns

    def read_again(*args):
        raise AssertionError("the original was read again")

    monkeypatch.setattr(derivatives, "_render", read_again)
    monkeypatch.setattr(derivatives, "_measure", read_again)
    assert derivatives.derivative(stored, 1, "max").stat().st_mtime_ns == made
    assert derivatives.page_sizes(stored) == [PageSize(600, 800)]


def test_pdf_pages_are_rendered_at_150_dpi(file_store):
    pages = [Image.new("RGB", (850, 1100), "white"), Image.new("RGB", (1100, 850), "white")]
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=100)  # US letter, then landscape
    stored = _store(out.getvalue(), "report.pdf")
    assert derivatives.page_sizes(stored) == [PageSize(1275, 1650), PageSize(1650, 1275)]
    with Image.open(derivatives.derivative(stored, 2, "max")) as image:
        assert image.size == (1650, 1275)
    with Image.open(derivatives.derivative(stored, 1, "thumbnail")) as image:
        assert image.size == (200, 259)


def test_scans_of_every_kind_become_plain_jpegs(file_store):
    bilevel = io.BytesIO()
    Image.new("1", (300, 200), 1).save(bilevel, format="TIFF", compression="group4")
    transparent = io.BytesIO()
    Image.new("RGBA", (300, 200), (0, 0, 0, 0)).save(transparent, format="PNG")
    sideways = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # taken with the camera turned: shown upright, the page is portrait
    Image.new("RGB", (400, 300), "white").save(sideways, format="JPEG", exif=exif)
    for data, name, size in [(bilevel, "fax.tif", (300, 200)), (transparent, "clip.png", (300, 200)), (sideways, "photo.jpg", (300, 400))]:
        stored = _store(data.getvalue(), name)
        assert derivatives.page_sizes(stored) == [PageSize(*size)]
        with Image.open(derivatives.derivative(stored, 1, "max")) as image:
            assert image.size == size and image.mode in ("L", "RGB")
            assert image.getpixel((5, 5)) in (255, (255, 255, 255)) or min(image.getpixel((5, 5))) > 250  # white paper
        with Image.open(derivatives.derivative(stored, 1, "thumbnail")) as image:
            assert image.size[0] == 200


def test_a_page_no_wider_than_a_thumbnail_is_served_once(file_store):
    stored = _store(typescript_pages(["narrow"], size=(150, 90), fmt="PNG"), "slip.png")
    size = derivatives.page_size(stored, 1)
    assert size.served == {"max": PageSize(150, 90)}
    assert derivatives.page_size(stored, 2) is None and derivatives.page_size(stored, 0) is None


def test_missing_bytes_are_reported_not_hidden(file_store):
    stored = _store(typescript_pages(["lost"], fmt="PNG"), "lost.png")
    path_for(stored.sha256).unlink()
    with pytest.raises(derivatives.PageImageUnavailable, match="lost.png.*missing"):
        derivatives.page_sizes(stored)

import io

import pytest
from PIL import Image, ImageDraw


def page_image(text: str = "Page", size=(400, 300), fmt: str = "PNG", pages: int = 1) -> bytes:
    """A small page image with some words on it, in the given format (TIFF may hold several pages)."""
    frames = []
    for number in range(pages):
        image = Image.new("L", size, 255)
        ImageDraw.Draw(image).text((20, 20), f"{text} {number + 1}", fill=0)
        frames.append(image)
    out = io.BytesIO()
    frames[0].save(out, format=fmt, save_all=pages > 1, append_images=frames[1:])
    return out.getvalue()


@pytest.fixture
def file_store(tmp_path, settings):
    """A file store of the test's own, so orphans from other tests never show up in its audit."""
    settings.MOSAIC_FILE_STORE = tmp_path / "store"
    settings.MOSAIC_DERIVATIVES = tmp_path / "derivatives"
    return settings.MOSAIC_FILE_STORE

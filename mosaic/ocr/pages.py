"""The pages of a stored file as grayscale images for OCR: the frames of a TIFF, a PNG or JPEG
(one page), or the pages of a PDF rendered at 300 dpi. Pages are read one at a time and on
demand, so a resumed run opens only the pages still to be read, and a 400-page microfilm PDF is
never held in memory whole."""
from __future__ import annotations

from PIL import Image, ImageOps

from mosaic.preservation.models import StoredFile
from mosaic.preservation.store import path_for

PDF_DPI = 300
POINTS_PER_INCH = 72
# A PDF page of poster size rendered at 300 dpi would run to hundreds of megapixels; pages are
# drawn smaller when their longer side would pass this (a foolscap page at 300 dpi is ~4000).
MAX_RENDERED_SIDE = 7000


class PageImages:
    """Opened once per file; `image(n)` gives page n (from 1) in grayscale. Use as a context
    manager so the file is closed when the pages are done."""

    def __init__(self, stored: StoredFile):
        self.stored = stored
        self.path = path_for(stored.sha256)
        self._pdf = None
        self._image = None
        if stored.media_type == "application/pdf":
            import pypdfium2

            self._pdf = pypdfium2.PdfDocument(str(self.path))
        else:
            self._image = Image.open(self.path)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
        if self._image is not None:
            self._image.close()

    def __len__(self) -> int:
        if self._pdf is not None:
            return len(self._pdf)
        return getattr(self._image, "n_frames", 1)

    def image(self, number: int) -> Image.Image:
        if not 1 <= number <= len(self):
            raise IndexError(f"the file has {len(self)} page(s), not {number}")
        if self._pdf is not None:
            return _render_pdf_page(self._pdf[number - 1])
        self._image.seek(number - 1)
        return to_grayscale(self._image)


def _render_pdf_page(page) -> Image.Image:
    width, height = page.get_size()
    scale = min(PDF_DPI / POINTS_PER_INCH, MAX_RENDERED_SIDE / max(width, height, 1))
    image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
    dpi = round(scale * POINTS_PER_INCH)
    image.info["dpi"] = (dpi, dpi)
    return image


def to_grayscale(frame: Image.Image) -> Image.Image:
    """One frame as 8-bit grayscale, keeping its resolution for the OCR."""
    dpi = frame.info.get("dpi")
    frame = ImageOps.exif_transpose(frame)  # a phone photo of a page stands as it was held
    if frame.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit scans (microfilm) would clip to white if converted directly.
        maximum = frame.getextrema()[1] or 1
        image = frame.point(lambda value: value * (255 / maximum)).convert("L")
    elif frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        # Transparent areas are paper, not ink.
        rgba = frame.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, rgba).convert("L")
    else:
        image = frame.convert("L")
    if dpi:
        image.info["dpi"] = tuple(round(float(value)) for value in dpi)
    return image

"""The pages of a stored file as images: the frames of a TIFF, a PNG or JPEG (one page), or the
pages of a PDF rendered with PDFium. One place for the quirks of archive scans (EXIF rotation,
bilevel fax scans, 16-bit microfilm, palettes, CMYK, transparency) that both OCR and the IIIF
page images meet. Pages are opened one at a time, so a 400-page microfilm PDF is never held in
memory whole."""
from __future__ import annotations

import contextlib
import threading

from PIL import Image, ImageOps

from mosaic.preservation.blob_store import blob_store
from mosaic.preservation.models import StoredFile

POINTS_PER_INCH = 72
# A PDF page of poster size rendered at 300 dpi would run to hundreds of megapixels; pages are
# drawn smaller when their longer side would pass this (a foolscap page at 300 dpi is ~4000).
MAX_RENDERED_SIDE = 7000

# PDFium is not thread-safe, and the server may answer several page requests at once.
pdfium_lock = threading.Lock()


@contextlib.contextmanager
def opened_pdf(path):
    """A PDF opened with PDFium for one short task, holding the lock throughout."""
    import pypdfium2

    with pdfium_lock:
        pdf = pypdfium2.PdfDocument(str(path))
        try:
            yield pdf
        finally:
            pdf.close()


class PageImages:
    """Opened once per file; `image(n)` gives page n (from 1) upright, in grey or RGB. Use as a
    context manager so the file is closed when the pages are done."""

    def __init__(self, stored: StoredFile, *, pdf_dpi: int = 300):
        self.stored = stored
        self.pdf_dpi = pdf_dpi
        self.path = blob_store().local_path(stored.sha256)
        self._pdf = None
        self._image = None
        if stored.media_type == "application/pdf":
            import pypdfium2

            with pdfium_lock:
                self._pdf = pypdfium2.PdfDocument(str(self.path))
        else:
            self._image = Image.open(self.path)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self) -> None:
        if self._pdf is not None:
            with pdfium_lock:
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
            with pdfium_lock:
                return render_pdf_page(self._pdf[number - 1], dpi=self.pdf_dpi)
        self._image.seek(number - 1)
        dpi = self._image.info.get("dpi")
        image = flatten(ImageOps.exif_transpose(self._image))  # a phone photo of a page stands as it was held
        if dpi:
            image.info["dpi"] = tuple(round(float(value)) for value in dpi)
        return image


def render_pdf_page(page, *, dpi: int | None = None, width: int | None = None) -> Image.Image:
    """One PDF page at `dpi`, or exactly `width` pixels wide (a thumbnail never costs a full
    render). Call with `pdfium_lock` held."""
    page_width, page_height = page.get_size()
    if width:
        scale = width / max(page_width, 1)
    else:
        scale = min(dpi / POINTS_PER_INCH, MAX_RENDERED_SIDE / max(page_width, page_height, 1))
    image = page.render(scale=scale).to_pil()
    image = flatten(image)
    rendered_dpi = round(scale * POINTS_PER_INCH)
    image.info["dpi"] = (rendered_dpi, rendered_dpi)
    return image


def quarter_turned(image: Image.Image) -> bool:
    """EXIF orientations 5–8 turn the page a quarter, which swaps its sides once upright."""
    return image.getexif().get(0x0112) in (5, 6, 7, 8)


def flatten(image: Image.Image) -> Image.Image:
    """Grey ("L") or RGB, as OCR and JPEG take them: bilevel fax scans, 16-bit grey, palettes,
    CMYK and transparency (flattened on white paper: transparent areas are paper, not ink)."""
    if image.mode in ("L", "RGB"):
        return image
    if image.mode == "1":
        return image.convert("L")
    if image.mode.startswith("I;16") or image.mode == "I":
        # 16-bit microfilm scans use a fraction of the range; stretched to their own maximum they
        # neither clip to white nor fade to grey.
        maximum = image.convert("I").getextrema()[1] or 1
        return image.convert("I").point(lambda value: value * (255 / maximum)).convert("L")
    if image.mode in ("LA", "La"):
        paper = Image.new("L", image.size, 255)
        paper.paste(image.getchannel("L"), mask=image.getchannel("A"))
        return paper
    if image.mode != "P" and "A" not in image.getbands():
        return image.convert("RGB")
    grey = image.mode == "P" and _is_grey_palette(image)
    with_alpha = image.convert("RGBA")
    paper = Image.new("RGB", image.size, (255, 255, 255))
    paper.paste(with_alpha, mask=with_alpha.getchannel("A"))
    return paper.convert("L") if grey else paper


def _is_grey_palette(image: Image.Image) -> bool:
    palette = image.getpalette() or []
    return all(palette[i] == palette[i + 1] == palette[i + 2] for i in range(0, len(palette) - 2, 3))

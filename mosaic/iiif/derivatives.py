"""Page images for IIIF level 0: each page of a stored file (a TIFF frame, a PNG or JPEG, a PDF
page) as a full-size JPEG and a thumbnail, made on first request and kept under
MOSAIC_DERIVATIVES/<sha256>/<page>/. Stored files never change under their SHA-256, so a
derivative once written stays right; the cache can be deleted at any time and is rebuilt.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable

from django.conf import settings
from PIL import Image, ImageOps

from mosaic.preservation.blob_store import BlobDamaged, BlobMissing, blob_store
from mosaic.preservation.models import StoredFile
from mosaic.preservation.page_images import flatten, opened_pdf, quarter_turned, render_pdf_page

THUMBNAIL_WIDTH = 200
PDF_DPI = 150  # legible typescript and handwriting at a JPEG size a reader's browser loads quickly
FULL_QUALITY = 85
THUMBNAIL_QUALITY = 80
# Kept beside the page sizes so a change to how pages are made is noticed and the sizes recomputed.
RENDERING = {"pdf_dpi": PDF_DPI, "thumbnail_width": THUMBNAIL_WIDTH, "version": 1}


class PageImageUnavailable(RuntimeError):
    """The stored file's bytes are missing or cannot be read; the audit reports such files."""


@dataclass(frozen=True)
class PageSize:
    width: int
    height: int

    @property
    def thumbnail(self) -> "PageSize":
        if self.width <= THUMBNAIL_WIDTH:
            return self
        return PageSize(THUMBNAIL_WIDTH, max(1, round(self.height * THUMBNAIL_WIDTH / self.width)))

    @property
    def served(self) -> dict[str, "PageSize"]:
        """The derivatives served for this page by name; one when the page is no wider than a thumbnail."""
        thumbnail = self.thumbnail
        return {"max": self} if thumbnail == self else {"thumbnail": thumbnail, "max": self}


def page_sizes(stored_file: StoredFile) -> list[PageSize]:
    """The pixel size of each page's full-size image, read once and cached beside the derivatives."""
    cache = _cache_root() / stored_file.sha256 / "pages.json"
    try:
        cached = json.loads(cache.read_text())
        if cached.get("rendering") == RENDERING:
            return [PageSize(*size) for size in cached["pages"]]
    except (OSError, ValueError, TypeError):
        pass  # absent or unreadable: measure again
    sizes = _measure(stored_file)
    record = json.dumps({"rendering": RENDERING, "pages": [[s.width, s.height] for s in sizes]}).encode()
    _write_atomically(cache, lambda out: out.write(record))
    return sizes


def page_size(stored_file: StoredFile, page: int) -> PageSize | None:
    """The size of page `page` (from 1), or None when the file has no such page."""
    if page < 1 or page > stored_file.page_count:
        return None
    sizes = page_sizes(stored_file)
    return sizes[page - 1] if page <= len(sizes) else None


def derivative(stored_file: StoredFile, page: int, name: str) -> Path:
    """The path of a page's JPEG ("max" or "thumbnail"), making it first if it is not cached."""
    size = page_sizes(stored_file)[page - 1].served[name]
    target = _cache_root() / stored_file.sha256 / str(page) / f"{name}.jpg"
    if target.exists():
        return target
    image = _render(stored_file, page, size)
    quality = FULL_QUALITY if name == "max" else THUMBNAIL_QUALITY
    _write_atomically(target, lambda out: image.save(out, format="JPEG", quality=quality))
    return target


def _cache_root() -> Path:
    return Path(settings.MOSAIC_DERIVATIVES)


def _source(stored_file: StoredFile) -> Path:
    try:
        return blob_store().local_path(stored_file.sha256)
    except BlobMissing:
        raise PageImageUnavailable(f"{stored_file}: the stored bytes are missing") from None
    except BlobDamaged as error:
        raise PageImageUnavailable(f"{stored_file}: {error}") from None


def _measure(stored_file: StoredFile) -> list[PageSize]:
    source = _source(stored_file)
    try:
        if stored_file.media_type == "application/pdf":
            with opened_pdf(source) as pdf:
                return [_pdf_pixels(*pdf[index].get_size()) for index in range(len(pdf))]
        with Image.open(source) as image:
            sizes = []
            for frame in range(getattr(image, "n_frames", 1)):
                image.seek(frame)
                width, height = image.size
                sizes.append(PageSize(height, width) if quarter_turned(image) else PageSize(width, height))
            return sizes
    except PageImageUnavailable:
        raise
    except Exception as error:  # PIL and PDFium raise many kinds for a damaged file
        raise PageImageUnavailable(f"{stored_file}: cannot be read as a {stored_file.media_type} ({error})") from None


def _pdf_pixels(width_points: float, height_points: float, dpi: float = PDF_DPI) -> PageSize:
    return PageSize(max(1, round(width_points * dpi / 72)), max(1, round(height_points * dpi / 72)))


def _render(stored_file: StoredFile, page: int, size: PageSize) -> Image.Image:
    source = _source(stored_file)
    try:
        if stored_file.media_type == "application/pdf":
            with opened_pdf(source) as pdf:
                image = render_pdf_page(pdf[page - 1], width=size.width)
        else:
            with Image.open(source) as opened:
                opened.seek(page - 1)
                if size.width < opened.size[1 if quarter_turned(opened) else 0]:
                    # A JPEG decodes at a fraction of its size when that is all a thumbnail needs.
                    opened.draft(opened.mode, (size.height, size.width) if quarter_turned(opened) else (size.width, size.height))
                image = ImageOps.exif_transpose(opened)
                image.load()
    except Exception as error:
        raise PageImageUnavailable(f"{stored_file}, page {page}: cannot be rendered ({error})") from None
    image = flatten(image)
    if image.size != (size.width, size.height):
        image = image.resize((size.width, size.height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return image


def _write_atomically(target: Path, write: Callable[[BinaryIO], object]) -> None:
    """Readers never see half a file: write beside the target, then rename over it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise

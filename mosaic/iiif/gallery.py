"""What a document page says about its page images: each file the reader may see, and each page
as a thumbnail linking to the full image (what readers without JavaScript get instead of the viewer)."""
from __future__ import annotations

import logging

from mosaic.iiif import derivatives
from mosaic.iiif.manifest import image_url

logger = logging.getLogger(__name__)


def describe_files(files) -> list[dict]:
    """`files`: DocumentFiles the reader may see (from access.visible_files)."""
    described = []
    for item in files:
        stored = item.stored_file
        try:
            sizes = derivatives.page_sizes(stored)
        except derivatives.PageImageUnavailable as problem:
            logger.error("%s", problem)
            sizes = []
        described.append({
            "label": str(item),
            "type": stored.get_media_type_display(),
            "page_count": stored.page_count,
            "bytes": stored.size,
            "sha256": stored.sha256,
            "restricted": not item.is_open_to_public(),
            "embargo_until": item.embargo_until if item.access == "embargoed" else None,
            "unavailable": not sizes,
            "pages": [
                {"number": number, "full": image_url("", stored.sha256, number),
                 "thumbnail": image_url("", stored.sha256, number, size.thumbnail), "thumbnail_size": size.thumbnail}
                for number, size in enumerate(sizes, start=1)
            ],
        })
    return described

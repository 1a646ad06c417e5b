"""Static files as whitenoise serves them (gzip and Brotli copies beside each file), compressed
only when they changed. whitenoise compresses every file on every `collectstatic`, which made
each `mosaic init` spend most of a minute on Brotli over the vendored scripts; a compressed copy
carries its source's modification time, so an unchanged file is recognised and left alone."""
from __future__ import annotations

import os

from whitenoise.compress import Compressor, brotli_installed
from whitenoise.storage import CompressedStaticFilesStorage

# Source maps are read only by a developer's browser tools: not worth compressing ahead of time.
SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")


class KeptCompressedStaticFilesStorage(CompressedStaticFilesStorage):
    def create_compressor(self, **kwargs):
        kwargs["extensions"] = kwargs.get("extensions") or SKIP_COMPRESS_EXTENSIONS
        return super().create_compressor(**kwargs)

    def post_process(self, paths, dry_run=False, **options):
        changed = {path: found for path, found in paths.items() if not self._compressed_copies_current(path)}
        return super().post_process(changed, dry_run=dry_run, **options)

    def _compressed_copies_current(self, path: str) -> bool:
        """Whether every copy whitenoise would write exists with its source's time. A file without
        them (never compressed, or too small to gain) is compressed again: that is cheap."""
        full_path = self.path(path)
        modified = os.stat(full_path).st_mtime
        suffixes = (".gz", ".br") if brotli_installed else (".gz",)
        return all(os.path.exists(full_path + suffix) and os.stat(full_path + suffix).st_mtime == modified
                   for suffix in suffixes)

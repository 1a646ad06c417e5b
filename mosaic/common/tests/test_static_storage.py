"""Static files are compressed once: `mosaic init` run again compresses only what changed."""
import os

from mosaic.common.static_storage import KeptCompressedStaticFilesStorage


def compressed_now(storage, *names):
    return sorted(compressed for _name, compressed, _processed in storage.post_process({name: None for name in names}))


def test_only_files_changed_since_their_compressed_copies_are_compressed_again(tmp_path):
    storage = KeptCompressedStaticFilesStorage(location=tmp_path, base_url="/static/")
    for name in ("viewer.js", "site.css"):
        (tmp_path / name).write_text("function show(page) { return page; }\n" * 200)
    (tmp_path / "viewer.js.map").write_text('{"version": 3, "mappings": "AAAA"}' * 200)

    first = compressed_now(storage, "viewer.js", "site.css", "viewer.js.map")
    assert first == ["site.css.br", "site.css.gz", "viewer.js.br", "viewer.js.gz"]  # no map: read only by browser tools
    assert compressed_now(storage, "viewer.js", "site.css") == []

    later = os.stat(tmp_path / "site.css").st_mtime + 5
    (tmp_path / "site.css").write_text("body { margin: 0; }\n" * 300)
    os.utime(tmp_path / "site.css", (later, later))
    assert compressed_now(storage, "viewer.js", "site.css") == ["site.css.br", "site.css.gz"]
    os.remove(tmp_path / "viewer.js.br")  # a copy lost: the file is compressed again
    assert compressed_now(storage, "viewer.js", "site.css") == ["viewer.js.br", "viewer.js.gz"]

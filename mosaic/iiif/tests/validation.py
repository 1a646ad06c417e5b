"""What IIIF asks of Mosaic's answers, checked the way a viewer elsewhere would meet them: the
Presentation 3 JSON schema (shipped verbatim in data/, see its README) and the Image API 3
level 0 rules for an image service."""
from __future__ import annotations

import io
import json
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft7Validator
from PIL import Image

SCHEMA_PATH = Path(__file__).parent / "data" / "iiif_3_0.json"
IMAGE_CONTEXT = "http://iiif.io/api/image/3/context.json"


@lru_cache(maxsize=None)
def _validator(definition: str | None) -> Draft7Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    if definition:  # the same schema, its root narrowed to one of its classes
        schema = {**schema, "oneOf": [{"$ref": f"#/classes/{definition}"}]}
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def schema_errors(data: dict, definition: str | None = None) -> list[str]:
    """Why `data` is not valid (the schema's root, or one class such as "annotation"); [] if it is."""
    validator = _validator(definition)
    return [f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message[:300]}"
            for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))]


def level0_problems(client, info_url: str, canvas: dict | None = None) -> list[str]:
    """Every way the image service at `info_url` (a path on the test server) breaks the Image API 3
    level 0 rules or says something its routes do not do; each advertised size is fetched and
    measured. With `canvas`, its size must be the service's full size, as Mosaic paints it."""
    problems = []
    response = client.get(info_url)
    if response.status_code != 200:
        return [f"{info_url}: HTTP {response.status_code}"]
    info = response.json()
    service = info_url.removesuffix("/info.json")
    expected = {"@context": IMAGE_CONTEXT, "type": "ImageService3", "protocol": "http://iiif.io/api/image",
                "profile": "level0", "id": f"http://testserver{service}"}
    problems += [f"{name} is {info.get(name)!r}, not {value!r}" for name, value in expected.items() if info.get(name) != value]
    width, height = info.get("width"), info.get("height")
    if not (isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0):
        return problems + [f"width and height must be positive whole numbers, not {width!r} × {height!r}"]
    if canvas and (canvas["width"], canvas["height"]) != (width, height):
        problems.append(f"the canvas is {canvas['width']}×{canvas['height']}, the service {width}×{height}")
    # Level 0 serves no region or size it does not list: without tiles, `sizes` is all a viewer has.
    if info.get("tiles"):
        problems.append("tiles are advertised, but the routes serve only whole images")
    sizes = info.get("sizes") or []
    if not sizes:
        problems.append("no sizes are listed")
    for size in sizes:
        w, h = size.get("width"), size.get("height")
        if not (isinstance(w, int) and isinstance(h, int) and 0 < w <= width and 0 < h <= height):
            problems.append(f"size {w!r}×{h!r} is not within the full image")
            continue
        if abs(h - height * w / width) > 1:
            problems.append(f"size {w}×{h} does not keep the image's proportions")
        problems += _served_as(client, f"{service}/full/{w},{h}/0/default.jpg", (w, h))
    problems += _served_as(client, f"{service}/full/max/0/default.jpg", (width, height))
    return problems


def _served_as(client, url: str, size: tuple[int, int]) -> list[str]:
    response = client.get(url)
    if response.status_code != 200 or response["Content-Type"] != "image/jpeg":
        return [f"{url}: HTTP {response.status_code} {response.get('Content-Type')}"]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    with Image.open(io.BytesIO(content)) as image:
        if image.format != "JPEG" or image.size != size:
            return [f"{url} is a {image.format} of {image.size[0]}×{image.size[1]}, not {size[0]}×{size[1]}"]
    return []

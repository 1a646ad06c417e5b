import io

import pytest
from PIL import Image, ImageDraw

from mosaic.corpus.models import Document, TextLayer
from mosaic.preservation.models import DocumentFile, OcrPage
from mosaic.preservation.store import store_stream
from mosaic.preservation.tests.conftest import file_store, page_image  # noqa: F401 (file_store is a fixture)


def typescript_pages(lines_per_page: list[str], size=(600, 800), fmt="TIFF") -> bytes:
    """Pages with a few words drawn large enough to see in a screenshot; TIFF holds them all."""
    frames = []
    for text in lines_per_page:
        image = Image.new("L", size, 255)
        draw = ImageDraw.Draw(image)
        for row in range(4):
            draw.text((40, 60 + row * 120), text, fill=0, font_size=36)
        draw.rectangle((20, 20, size[0] - 20, size[1] - 20), outline=0, width=6)
        frames.append(image)
    out = io.BytesIO()
    frames[0].save(out, format=fmt, save_all=len(frames) > 1, append_images=frames[1:])
    return out.getvalue()


def attach(document, data: bytes, name: str, **link) -> DocumentFile:
    stored = store_stream(io.BytesIO(data), name=name)
    return DocumentFile.objects.create(document=document, stored_file=stored, **link)


@pytest.fixture
def scanned(db, file_store):  # noqa: F811
    """A public document with a two-page scan, read by OCR into an open layer, and a staff-only scan."""
    document = Document.objects.create(public_id="ru-1956-plenum", title="Report on the August plenum", status="published",
                                       date="1956-09", original_language="ru", rights="CC BY 4.0 https://creativecommons.org/licenses/by/4.0/")
    scan = attach(document, typescript_pages(["Page one words", "Page two words"]), "garf-5446-98-721.tif",
                  label="Original, ll. 44–45", order=1)
    OcrPage.objects.create(stored_file=scan.stored_file, page=1, language="ru", engine="Tesseract 5.3.0 (rus)",
                           text="Пленум ЦК ТПК первая страница", confidence=91.4)
    OcrPage.objects.create(stored_file=scan.stored_file, page=2, language="ru", engine="Tesseract 5.3.0 (rus)",
                           text="Вторая страница: Ким Ир Сен", confidence=78.6)
    TextLayer.objects.create(document=document, kind="ocr", language="ru", made_by="Tesseract 5.3.0",
                             text="Пленум ЦК ТПК первая страница\fВторая страница: Ким Ир Сен")
    secret = attach(document, page_image("Staff scan", fmt="PNG"), "withheld-by-archive.png", label="Archive copy",
                    order=2, access="staff")
    return document, scan, secret

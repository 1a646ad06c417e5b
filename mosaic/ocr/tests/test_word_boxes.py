"""Word boxes kept from Tesseract (mosaic/ocr/word_boxes.py): their stored form, their scaling to
the image a reader sees, and, with the real engine, a PDF page read at 300 dpi whose boxes land
on its words in the 150 dpi image the viewer shows."""
import io

import pytest
from PIL import Image, ImageOps

from mosaic.iiif import derivatives
from mosaic.ocr.engine import find_tesseract
from mosaic.ocr.runner import run_ocr
from mosaic.ocr.tests.scans import RUSSIAN_REPORT, write_pdf
from mosaic.ocr.tests.test_ocr import add_document  # noqa: F401 (a fixture)
from mosaic.ocr.word_boxes import DamagedWordBoxes, Word, pack, read, scaled, union
from mosaic.preservation.models import OcrPage


def test_the_stored_form_reads_back_and_a_damaged_one_says_so():
    words = (Word("Ким", 10, 20, 30, 40, 91.6, 0), Word("Ир", 50, 20, 25, 40, 88.0, 0), Word("Сен,", 10, 80, 40, 40, 95.0, 1))
    stored = pack((1748, 2480), words)
    assert stored["words"][0] == [10, 20, 30, 40, 92, 0, "Ким"]
    back = read(stored)
    assert back.size == (1748, 2480) and back.texts == ["Ким", "Ир", "Сен,"]
    assert back.words == [Word(w.text, w.left, w.top, w.width, w.height, float(round(w.confidence)), w.line) for w in words]
    assert read(None) is None  # a page read before boxes were kept
    for damaged in ({"v": 2, "size": [1, 1], "words": []}, {"v": 1, "words": []}, {"v": 1, "size": [1, 1], "words": [[1, 2]]}):
        with pytest.raises(DamagedWordBoxes):
            read(damaged)
    with pytest.raises(DamagedWordBoxes):
        read({"v": 1, "size": [1, 1], "words": [[1, 2, 3, "four", 5, 0, "x"]]}).word(0)
    assert union(words[:2]) == (10, 20, 65, 40)


def test_a_scaled_box_never_cuts_into_its_word_and_stays_on_the_page():
    assert scaled((101, 51, 21, 11), (300, 300), (150, 150)) == (50, 25, 11, 6)
    assert scaled((290, 290, 30, 30), (300, 300), (150, 150)) == (145, 145, 5, 5)
    assert scaled((10, 10, 20, 20), (100, 100), (100, 100)) == (10, 10, 20, 20)


@pytest.mark.django_db
def test_boxes_read_on_a_300_dpi_pdf_page_land_on_their_words_in_the_page_image(add_document, tmp_path, client, settings):  # noqa: F811
    settings.MOSAIC_DERIVATIVES = tmp_path / "derivatives"
    document = add_document("ru-1957-03-14", write_pdf(tmp_path / "ru-report.pdf", RUSSIAN_REPORT[:1]), language="ru")
    report = run_ocr([document], progress=False)
    assert not report.failed, report.summary()
    page = OcrPage.objects.get()
    stored = read(page.words)
    # The page as Tesseract read it, at 300 dpi (a PDF page in points may come out a pixel longer).
    assert stored.size[0] == 1748 and abs(stored.size[1] - 2480) <= 1 and len(stored.texts) > 50
    assert all(0 < word.confidence <= 100 and word.text.strip() for word in stored.words)
    assert stored.words[-1].line > 10
    canvas = derivatives.page_sizes(page.stored_file)[0]
    assert canvas.width == 874 and abs(canvas.height - 1240) <= 1  # shown at 150 dpi

    answer = client.get(f"/iiif/documents/{document.public_id}/search", {"q": "Пхеньян"}).json()
    (item,) = answer["items"]
    x, y, width, height = map(int, item["target"].split("#xywh=")[1].split(","))
    image = client.get(f"/iiif/image/{page.stored_file.sha256}/1/full/max/0/default.jpg")
    with Image.open(io.BytesIO(b"".join(image.streaming_content))) as shown:
        crop = ImageOps.expand(shown.convert("L").crop((x, y, x + width, y + height)), border=20, fill=255)
    # Read again from the smaller image, only the box's pixels: the word is inside it.
    assert "Пхеньян" in find_tesseract(["rus"]).read(crop.resize((crop.width * 2, crop.height * 2)), "rus").text

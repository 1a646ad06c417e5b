"""Typescript-like test scans, rendered on the spot so that no binary fixture sits in the repository.

The two reports below are TEST FIXTURES written for these tests, not archival texts: a Soviet
embassy report naming "Ким Ир Сен" and a Hungarian one naming "Kim Ir Szen", two pages each.
Pages are drawn in a monospaced font at 300 dpi, character by character with a little baseline
jitter and uneven ink like a typewriter's, on paper with faint specks, so that the OCR sees
something close to a clean archival scan rather than perfect vector text.
"""
from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")
DPI = 300
# A5 portrait: enough room for a typed page of this length, and half the pixels of A4 to read.
PAGE_SIZE = (1748, 2480)
MARGIN = 170
FONT_PIXELS = 46  # about 11 pt at 300 dpi, a typewriter's pica
LINE_PIXELS = 78

RUSSIAN_REPORT = [
    """\
                              СЕКРЕТНО
                              Экз. № 2
ПОСОЛЬСТВО СССР В КНДР
г. Пхеньян, 14 марта 1957 г.

              ИНФОРМАЦИЯ
  о беседе с Председателем Кабинета
          Министров КНДР

12 марта по приглашению Председателя
Кабинета Министров КНДР Ким Ир Сена я
посетил его в здании Кабинета Министров.
Ким Ир Сен сообщил, что весенний сев в
провинции Хванхэ начнется на две недели
раньше обычного, и попросил ускорить
поставку тракторов и удобрений.""",
    """\
- 2 -

Далее Ким Ир Сен рассказал о работе
комиссии по восстановлению жилья в
Пхеньяне. По его словам, к осени в
городе будет построено около трех тысяч
квартир для рабочих и служащих.

В конце беседы он просил передать
благодарность советским специалистам
на заводах в Хыннаме.

          Временный поверенный в делах
          СССР в КНДР""",
]

HUNGARIAN_REPORT = [
    """\
MAGYAR NÉPKÖZTÁRSASÁG        Szigorúan titkos!
NAGYKÖVETSÉGE
Phenjan, 1957. március 20.

Tárgy: Kim Ir Szen elvtárs fogadása

Március 18-án Kim Ir Szen elvtárs, a
Minisztertanács elnöke fogadta a
nagykövetség vezetőjét. A beszélgetésen
jelen volt a Külügyminisztérium európai
osztályának vezetője is.

Kim Ir Szen elvtárs elmondta, hogy az
ország újjáépítése jó ütemben halad, de
a falvakban még mindig kevés a gép.""",
    """\
- 2 -

Kérte, hogy a magyar kormány vizsgálja
meg, küldhetne-e szakembereket a
phenjani textilgyár üzembe helyezéséhez.
Megköszönte a magyar kórház orvosainak
munkáját, akiket a lakosság nagy
szeretettel fogadott.

Tájékoztattam, hogy kérését továbbítom
a Külügyminisztériumnak.

                       nagykövet""",
]


def render_page(text: str, seed: int = 0) -> Image.Image:
    """One typed page as a grayscale image at 300 dpi."""
    jitter = random.Random(seed)
    font = ImageFont.truetype(str(FONT_FILE), FONT_PIXELS)
    advance = font.getlength("M")
    page = Image.new("L", PAGE_SIZE, 250)
    draw = ImageDraw.Draw(page)
    for row, line in enumerate(text.splitlines()):
        top = MARGIN + row * LINE_PIXELS
        for column, character in enumerate(line):
            if character == " ":
                continue
            position = (MARGIN + column * advance + jitter.uniform(-1, 1), top + jitter.uniform(-1.5, 1.5))
            draw.text(position, character, font=font, fill=jitter.randint(10, 55))
    for _ in range(400):  # dust and paper grain
        x, y = jitter.randrange(PAGE_SIZE[0]), jitter.randrange(PAGE_SIZE[1])
        draw.point((x, y), fill=jitter.randint(120, 200))
    return page


def render_report(pages: list[str], seed: int = 0) -> list[Image.Image]:
    return [render_page(text, seed=seed + number) for number, text in enumerate(pages)]


def write_tiff(path: Path, pages: list[str]) -> Path:
    """A multi-page TIFF, one frame a page, as scanners deliver them."""
    images = render_report(pages)
    images[0].save(path, format="TIFF", save_all=True, append_images=images[1:], dpi=(DPI, DPI), compression="tiff_lzw")
    return path


def write_pdf(path: Path, pages: list[str]) -> Path:
    """A PDF of page images (no text layer), as archives send scans."""
    images = render_report(pages)
    images[0].save(path, format="PDF", save_all=True, append_images=images[1:], resolution=DPI)
    return path

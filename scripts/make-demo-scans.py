"""Render the demo corpus's demonstration scan (mosaic/data/demo/scans/), a typed page written for
the demo, not an archival document. Run with the project's Python; the PNGs are committed so that
`mosaic demo` needs no fonts."""
from pathlib import Path

from mosaic.ocr.tests.scans import DPI, render_page

PAGES = [
    """\
[ДЕМОНСТРАЦИОННЫЙ ТЕКСТ MOSAIC,
 НЕ АРХИВНЫЙ ДОКУМЕНТ]

ПОСОЛЬСТВО СССР В КНДР
г. Пхеньян, 2 октября 1956 г.

           ЗАПИСЬ БЕСЕДЫ
 с заведующим отделом ЦК ТПК

Заведующий отделом сообщил, что
Ким Ир Сен примет делегацию
строителей из Москвы в середине
октября. Он просил прислать список
членов делегации и программу ее
пребывания в Пхеньяне и Хамхыне.""",
    """\
- 2 -

Далее собеседник рассказал о
подготовке к уборке риса и о нехватке
грузовых машин в провинциях.

Ким Ир Сен, по его словам, считает
вопрос о машинах самым срочным.

Ответ обещал дать до 10 октября.

          Первый секретарь посольства""",
]

if __name__ == "__main__":
    folder = Path(__file__).resolve().parent.parent / "mosaic" / "data" / "demo" / "scans"
    folder.mkdir(parents=True, exist_ok=True)
    for number, text in enumerate(PAGES, start=1):
        path = folder / f"demo-ru-1956-10-record-p{number}.png"
        render_page(text, seed=number).quantize(16).save(path, dpi=(DPI, DPI), optimize=True)
        print(path, path.stat().st_size)

"""The answers citeproc-py's style elements give while rendering are kept per thread
(formats._answered_once): a citation rendered after many others reads exactly as one rendered by
a thread that starts from a freshly parsed style and keeps nothing."""
import dataclasses
import threading

from mosaic.citations import formats
from mosaic.citations.tests.test_formats import HUNGARIAN, MONTH_ONLY, NAM_IL, ORGANISATION
from mosaic.lib.partial_dates import PartialDate

CITABLES = [NAM_IL, HUNGARIAN, MONTH_ONLY, ORGANISATION,
            dataclasses.replace(NAM_IL, authors=(), translators=(), date=None),
            dataclasses.replace(HUNGARIAN, title="Who Is to Blame?", date=PartialDate.parse("1957"))]


def rendered_in_a_new_thread(citable, remembering: bool) -> tuple[str, str]:
    """Note and bibliography entry from a thread of its own: its own parsed style and no kept
    answers (or, when not `remembering`, none kept while it renders either)."""
    result = {}

    def render():
        formats._chicago_style()
        if not remembering:
            del formats._thread_styles.answers
        result["texts"] = formats._chicago_render(citable)

    thread = threading.Thread(target=render)
    thread.start()
    thread.join()
    return result["texts"]


def test_kept_answers_render_every_citation_as_a_fresh_style_does():
    in_one_thread = {}

    def render_all():
        formats._chicago_style()
        for _ in range(2):  # the second round with every answer kept
            for n, citable in enumerate(CITABLES):
                in_one_thread[n] = formats._chicago_render(citable)
        in_one_thread["kept"] = len(formats._thread_styles.answers)

    thread = threading.Thread(target=render_all)
    thread.start()
    thread.join()
    assert in_one_thread["kept"] > 100  # the style's macros, terms and groups were answered once
    for n, citable in enumerate(CITABLES):
        assert in_one_thread[n] == rendered_in_a_new_thread(citable, remembering=False), citable.title
    assert rendered_in_a_new_thread(NAM_IL, remembering=True) == in_one_thread[0]
    note, bib = in_one_thread[0]
    assert "Nam Il" in note and "trans." in note and "Translated by" in bib

"""Measured figures on the page and in the API, and experimental categories kept out of the highlights.

The lexicon here is a test lexicon: the shipped rules with `measured` values made up for these
tests (never the shipped figures), so that both sides of the threshold can be shown.
Test fixtures: every text is written for these tests; none is archival text.
"""
import copy
import json
import re

import pytest

from mosaic.lens import markers as lens_markers_module
from mosaic.lens.markers import EXPERIMENTAL_BELOW_PRECISION, is_experimental
from mosaic.lens.templatetags import lens_markers as lens_tag
from mosaic.lens.tests.test_lens import MEMO, add_layer, lens_section, make_document, page
from mosaic.lib.markers.lexicon import DEFAULT_LEXICON_PATH, parse_lexicon

pytestmark = pytest.mark.django_db

GOOD = {"precision": 0.86, "recall": 0.72, "precision_interval": [0.74, 0.93], "recall_interval": [0.6, 0.82],
        "n_spans": 50, "n_predicted": 44, "n_documents": 74, "test_set": "devset-2026.12"}
POOR = {"precision": 0.5, "recall": 0.3, "precision_interval": [0.24, 0.76], "recall_interval": [0.14, 0.53],
        "n_spans": 20, "n_predicted": 12, "n_documents": 74, "test_set": "devset-2026.12"}


def test_lexicon(measured: dict, held_out: dict | None = None):
    """The shipped lexicon with the given figures; categories not named keep their shipped
    `measured` but lose `held_out`, so that each test states every figure it relies on."""
    data = json.loads(DEFAULT_LEXICON_PATH.read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    for entry in data["categories"].values():
        entry["held_out"] = None
    for category, figures in measured.items():
        data["categories"][category]["measured"] = figures
    for category, figures in (held_out or {}).items():
        data["categories"][category]["held_out"] = figures
    return parse_lexicon(data, "<test lexicon>")


test_lexicon.__test__ = False  # a helper, not a test


@pytest.fixture
def measured_memo(monkeypatch, django_capture_on_commit_callbacks):
    """The memo, and the page and API reading a lexicon where prescriptive is measured above the
    threshold, disputing below it, and attributed not at all."""
    lexicon = test_lexicon({"prescriptive": GOOD, "disputing": POOR, "attributed": None})
    monkeypatch.setattr(lens_tag, "default_lexicon", lambda: lexicon)
    monkeypatch.setattr(lens_markers_module, "default_lexicon", lambda: lexicon)
    document = make_document()
    with django_capture_on_commit_callbacks(execute=True):
        layer = add_layer(document, MEMO, made_by="A. Translator")
    return document, layer


def category_box(section: str, layer_id: int, category: str) -> str:
    start = section.index(f'id="lens-{layer_id}-{category}"')
    return section[start:section.index("</div>", start)]


def test_a_category_above_the_threshold_shows_its_figures_and_stays_highlighted(client, measured_memo):
    document, layer = measured_memo
    section = lens_section(page(client, document))
    box = category_box(section, layer.pk, "prescriptive")
    assert ("Precision 0.86 (95% interval 0.74–0.93), recall 0.72 (95% interval 0.60–0.82), measured on 74 passages "
            "written or selected by the team for this purpose (50 annotated spans; devset-2026.12); not yet checked on "
            "unseen reports.") in box
    assert "experimental" not in box
    assert re.search(r'<mark class="lens-mark lens-prescriptive"[^>]*>must</mark>', section)
    assert "Precision and recall: not yet measured" in category_box(section, layer.pk, "attributed")
    assert re.search(r'<mark class="lens-mark lens-attributed"[^>]*>informed us</mark>', section)


def test_a_category_below_the_threshold_is_experimental_and_not_highlighted_by_default(client, measured_memo):
    document, layer = measured_memo
    section = lens_section(page(client, document))
    box = category_box(section, layer.pk, "disputing")
    assert '<span class="badge lens-experimental">experimental</span>' in box
    assert "Precision 0.50 (95% interval 0.24–0.76), recall 0.30 (95% interval 0.14–0.53)" in box
    assert "Experimental: precision below 0.7, so these markers are counted but not highlighted" in box
    assert "1 marker</span>" in box and "1 marker of this category counted here but not highlighted." in box
    assert "lens-disputing" not in section.replace('class="lens-swatch lens-disputing"', "")
    assert ">in reality</mark>" not in section and "<q>in reality</q>" not in section
    assert "4 markers in 47 words. 1 of them belong to experimental categories and are not highlighted." in section
    assert "Show the text with its 3 markers highlighted" in section
    # the control is a plain link: it works without JavaScript, and the page carries no inline script
    assert f'<a href="?lens_experimental=1#lens-layer-{layer.pk}">Show experimental markers</a>' in section
    assert "<script" not in section and not re.search(r"\son[a-z]+\s*=", section)


def test_the_link_shows_the_experimental_markers_and_offers_to_hide_them(client, measured_memo):
    document, layer = measured_memo
    response = client.get(f"/documents/{document.public_id}/", {"lens_experimental": "1"})
    section = lens_section(response.content.decode())
    assert re.search(r'<mark class="lens-mark lens-disputing"[^>]*>in reality</mark>', section)
    assert "Show the text with its 4 markers highlighted" in section
    assert f'<a href="?#lens-layer-{layer.pk}">Hide experimental markers</a>' in section
    assert "counted here but not highlighted" not in section
    # the figures and the label stay: showing the flags does not make the category less experimental
    assert '<span class="badge lens-experimental">experimental</span>' in category_box(section, layer.pk, "disputing")


def test_the_api_gives_the_figures_and_whether_each_category_is_highlighted_by_default(client, measured_memo):
    document, _ = measured_memo
    categories = client.get(f"/api/documents/{document.public_id}/lens").json()["markers"]["categories"]
    assert categories["prescriptive"]["measured"] == GOOD
    assert categories["prescriptive"]["experimental"] is False and categories["prescriptive"]["highlighted_by_default"] is True
    assert categories["disputing"]["measured"] == POOR
    assert categories["disputing"]["experimental"] is True and categories["disputing"]["highlighted_by_default"] is False
    assert categories["disputing"]["measured_text"].startswith("Precision 0.50 (95% interval 0.24–0.76)")
    assert categories["attributed"]["measured"] is None and categories["attributed"]["experimental"] is False
    assert categories["attributed"]["measured_text"] == "Precision and recall: not yet measured (no annotated test set yet)."
    assert categories["bloc_formula"]["highlighted_by_default"] is False  # counted, never highlighted


def test_the_threshold_is_one_constant_and_unknown_precision_counts_as_below_it():
    at = {**GOOD, "precision": EXPERIMENTAL_BELOW_PRECISION, "precision_interval": [0.5, 0.8]}
    below = {**GOOD, "precision": 0.699, "precision_interval": [0.5, 0.8]}
    none = {**GOOD, "precision": None, "precision_interval": None, "n_predicted": 0}
    lexicon = test_lexicon({"prescriptive": at, "disputing": below, "hierarchy": none})
    assert not is_experimental(lexicon.categories["prescriptive"])
    assert is_experimental(lexicon.categories["disputing"])
    assert is_experimental(lexicon.categories["hierarchy"])
    assert lens_markers_module.measured_text(lexicon.categories["hierarchy"]).startswith(
        "Precision cannot be estimated (the rules flagged nothing in the set), recall 0.72")
    assert not is_experimental(lexicon.categories["attributed"])  # unmeasured: "not yet measured", not experimental


HELD_OUT_POOR = {**POOR, "n_documents": 40, "test_set": "testset-2026.12"}
HELD_OUT_GOOD = {**GOOD, "n_documents": 40, "test_set": "testset-2026.12"}


def test_the_held_out_figures_are_shown_beside_the_devsets_and_decide_what_is_experimental():
    lexicon = test_lexicon({"prescriptive": GOOD, "disputing": POOR}, {"prescriptive": HELD_OUT_POOR, "disputing": HELD_OUT_GOOD})
    prescriptive, disputing = lexicon.categories["prescriptive"], lexicon.categories["disputing"]
    # Tuned on the dev set, poor on text the rules never saw: experimental.
    assert is_experimental(prescriptive) and not is_experimental(disputing)
    text = lens_markers_module.measured_text(prescriptive)
    assert ("Precision 0.86 (95% interval 0.74–0.93), recall 0.72 (95% interval 0.60–0.82), measured on 74 passages "
            "written or selected by the team for this purpose (50 annotated spans; devset-2026.12), which the rules were "
            "tuned on.") in text
    assert ("On 40 held-out passages the rules were not tuned on (20 annotated spans; testset-2026.12, annotated blind): "
            "precision 0.50 (95% interval 0.24–0.76), recall 0.30 (95% interval 0.14–0.53).") in text
    assert text.endswith("not highlighted unless you ask for them.")
    assert "not yet checked on unseen reports" not in text
    payload = lens_markers_module.category_payload(lexicon)
    assert payload["prescriptive"]["held_out"] == HELD_OUT_POOR
    assert payload["prescriptive"]["highlighted_by_default"] is False

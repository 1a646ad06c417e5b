"""Language markers in the archive: computed on save, shown on the document page through the
access policy, compared with comparable documents, disputed into the curators' queue.

Test fixtures: every text below was written for these tests; none is archival text.
"""
import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from mosaic.corpus.models import Document, TextLayer
from mosaic.lens.markers import markers_for_document
from mosaic.lens.models import FlagDispute, LayerMarkerStats, MarkerFlag
from mosaic.lens.refresh import refresh_layer
from mosaic.lib.markers.lexicon import default_lexicon

pytestmark = pytest.mark.django_db

FIXTURE_NOTE = "Passages written for these tests; not archival text."
VERSION = default_lexicon().version

MEMO = ("Deputy Minister Ri informed us that the harvest had exceeded the plan. He said that the cooperatives must be "
        "strengthened. In our view, the Korean friends should be advised to slow down collectivisation; in reality, the "
        "granaries we visited were half empty. The ambassador conveyed fraternal greetings.")
PLAIN = "The delegation arrived on Tuesday and visited the exhibition of the Academy of Sciences."
SECRET = "LENSCANARY: the Koreans must obey the zzsecret plan."


def make_document(public_id="su-1961-report", *, country="USSR", doc_type="report", year=1961, status="published", access="public"):
    return Document.objects.create(public_id=public_id, title=f"Report {public_id}", status=status, access=access,
                                   origin_country=country, doc_type=doc_type, date=str(year),
                                   date_min=dt.date(year, 1, 1), date_max=dt.date(year, 12, 31))


def add_layer(document, text, *, language="en", kind="translation", made_by="", access="public"):
    return TextLayer.objects.create(document=document, kind=kind, language=language, made_by=made_by, text=text, access=access)


@pytest.fixture
def memo(django_capture_on_commit_callbacks):
    document = make_document()
    with django_capture_on_commit_callbacks(execute=True):
        layer = add_layer(document, MEMO, made_by="A. Translator")
    return document, layer


def page(client, document):
    response = client.get(f"/documents/{document.public_id}/")
    assert response.status_code == 200
    return response.content.decode()


def lens_section(body: str) -> str:
    start = body.index('<section class="lens-markers"')
    return body[start:body.index("</section>\n", body.rindex('<section class="lens-layer"'))]


# --- computing -------------------------------------------------------------------------------

def test_flags_are_computed_when_a_layer_is_saved(memo, django_capture_on_commit_callbacks):
    document, layer = memo
    flags = list(MarkerFlag.objects.filter(layer=layer).values_list("text", "category", "voice", "speaker", "rule_id"))
    assert flags == [
        ("informed us", "attributed", "reported_speech", "Deputy Minister Ri", "ATTR-003"),
        ("must", "prescriptive", "reported_speech", "he", "PRESC-002"),
        ("should be advised", "prescriptive", "author", "", "PRESC-009"),
        ("in reality", "disputing", "author", "", "DISP-001"),
    ]
    stats = LayerMarkerStats.objects.get(layer=layer)
    assert stats.lexicon_version == VERSION and stats.word_count == 47
    assert stats.counts["prescriptive"] == 2 and stats.counts["bloc_formula"] == 2 and stats.counts["hierarchy"] == 0
    assert stats.voices["prescriptive"] == {"author": 1, "reported_speech": 1, "quotation": 0}

    layer.text = PLAIN
    with django_capture_on_commit_callbacks(execute=True):
        layer.save()
    assert not MarkerFlag.objects.filter(layer=layer).exists()
    assert LayerMarkerStats.objects.get(layer=layer).counts["prescriptive"] == 0


def test_layers_written_without_signals_are_refreshed_when_shown(client):
    document = make_document()
    TextLayer.objects.bulk_create([TextLayer(document=document, kind="translation", language="en", text=MEMO)])  # as ingest does
    assert not LayerMarkerStats.objects.exists()
    assert "<mark" in page(client, document)
    assert MarkerFlag.objects.filter(layer__document=document).count() == 4


def test_the_refresh_command_recomputes_stale_layers_only_unless_all(memo):
    document, layer = memo
    TextLayer.objects.filter(pk=layer.pk).update(text=PLAIN)  # an edit that bypasses signals
    call_command("lens_markers", "refresh", stdout=StringIO())
    assert not MarkerFlag.objects.filter(layer=layer).exists()
    out = StringIO()
    call_command("lens_markers", "refresh", stdout=out)
    assert "Recomputed the markers of 0 of 1 text layer" in out.getvalue()
    out = StringIO()
    call_command("lens_markers", "refresh", "--all", "--document", document.public_id, stdout=out)
    assert "Recomputed the markers of 1 of 1 text layer" in out.getvalue() and VERSION in out.getvalue()


def test_many_layers_are_refreshed_together_as_each_would_be_alone(memo, django_assert_max_num_queries):
    from mosaic.lens.refresh import refresh_many

    document, stale = memo
    TextLayer.objects.filter(pk=stale.pk).update(text=MEMO + " The Koreans must obey.")  # stored markers now stale
    texts = [MEMO, PLAIN, "They must go. " * 20, MEMO.replace("Ri", "Pak")]
    fresh = [add_layer(make_document(f"su-1961-batch-{number}"), text) for number, text in enumerate(texts)]
    LayerMarkerStats.objects.filter(layer__in=fresh).delete()
    MarkerFlag.objects.filter(layer__in=fresh).delete()
    layers = list(TextLayer.objects.filter(pk__in=[stale.pk] + [layer.pk for layer in fresh]).select_related("document"))

    def stored():
        flags = sorted(MarkerFlag.objects.filter(layer__in=layers).values_list(
            "layer_id", "start", "end", "text", "category", "rule_id", "voice", "speaker"))
        stats = sorted(LayerMarkerStats.objects.filter(layer__in=layers).values_list(
            "layer_id", "lexicon_version", "text_digest", "word_count", "counts", "voices"), key=repr)
        return flags, stats

    # Not a few statements per layer: one delete, one insert of the flags, one upsert of the counts.
    with django_assert_max_num_queries(8):
        assert refresh_many(layers) == len(layers)
    together = stored()
    assert all(layer.marker_stats.pk for layer in layers)
    assert {row[0] for row in together[1]} == {layer.pk for layer in layers}
    for layer in layers:
        refresh_layer(layer)
    assert stored() == together
    assert MarkerFlag.objects.filter(layer=stale, text="must").count() == 2


def test_the_check_command_runs_the_lexicons_examples():
    out = StringIO()
    call_command("lens_markers", "check", stdout=out)
    assert "examples behave as their rules say" in out.getvalue()
    assert "prescriptive: " in out.getvalue() and "(measured on devset-2026.12 and testset-2026.12)" in out.getvalue()


# --- the document page -----------------------------------------------------------------------

def test_the_page_shows_highlights_rates_voices_and_what_is_measured(client, memo):
    document, _ = memo
    section = lens_section(page(client, document))
    assert f"Heuristic: pattern rules from lexicon version {VERSION}" in section
    must_version = default_lexicon().rule("PRESC-002").version
    assert f'<mark class="lens-mark lens-prescriptive" title="Prescriptive wording · rule PRESC-002 v{must_version} · reported speech (speaker: “he”, named earlier in the text)">must</mark>' in section
    assert "reported speech of Deputy Minister Ri" in section
    assert "2 markers</span> · <span class=\"lens-rate\">42.6 per 1,000 words" in section  # 2 in 47 words
    assert "By voice: author 1 · reported speech 1 · quotation 0" in section
    # Every flagged category states its figures on both annotated sets, from the shipped lexicon.
    prescriptive = default_lexicon().categories["prescriptive"]
    assert section.count("which the rules were tuned on.") == 5
    assert section.count("held-out passages the rules were not tuned on") == 5
    assert f"recall {prescriptive.held_out.recall:.2f}" in section
    assert "not yet measured" not in section
    assert "What it cannot tell:" in section and "whether a modal verb is the author&#x27;s or the translator&#x27;s" in section
    assert "This is a translation by A. Translator" in section and "may be the translator&#x27;s choice" in section
    assert "Bloc formulae (counted, not flagged): 2" in section  # "fraternal", "Korean friends": counted, not highlighted
    assert ">fraternal</mark>" not in section
    assert "Content note" in section
    assert 'action="/documents/su-1961-report/markers/dispute"' in section and 'name="csrfmiddlewaretoken"' in section


def test_a_layer_without_flags_says_absence_is_not_cleanliness(client):
    document = make_document()
    add_layer(document, PLAIN)
    section = lens_section(page(client, document))
    assert "No markers found by these rules in 14 words. This does not mean the text is free of such language" in section
    assert "<mark" not in section and "clean" not in section.lower()


def test_a_language_without_rules_is_said_to_be_unsearched(client):
    document = make_document()
    add_layer(document, "朝鲜同志必须加强合作社。", language="zh", kind="original")
    section = lens_section(page(client, document))
    assert "The lexicon has no rules for Chinese text yet, so this layer was not searched for markers." in section
    assert "No markers found" not in section


def test_original_language_cues_are_labelled_experimental(client):
    document = make_document()
    add_layer(document, "По словам корейских товарищей, урожай якобы удвоился.", language="ru", kind="original")
    section = lens_section(page(client, document))
    assert '<span class="badge lens-experimental">experimental</span>' in section
    assert "Experimental: the Russian cues are seed cues not yet reviewed by a native speaker" in section
    assert "reported speech of корейских товарищей" in section


def test_staff_only_layers_and_their_flags_stay_hidden_from_readers(client, django_user_model, django_capture_on_commit_callbacks, staff_member):
    document = make_document()
    with django_capture_on_commit_callbacks(execute=True):
        add_layer(document, PLAIN)
        hidden = add_layer(document, SECRET, language="en", kind="original", access="staff")
    assert MarkerFlag.objects.filter(layer=hidden).exists()  # computed for staff all the same
    for reader in (None, django_user_model.objects.create_user("reader", password="a-long-passphrase")):
        if reader:
            client.force_login(reader)
        body = page(client, document)
        assert "LENSCANARY" not in body and "zzsecret" not in body
        assert f"lens-layer-{hidden.pk}" not in body
        assert [layer["layer"]["id"] for layer in markers_for_document(document, reader)["layers"]] != [hidden.pk]
    client.force_login(staff_member("Curator"))
    section = lens_section(page(client, document))
    assert f"lens-layer-{hidden.pk}" in section and "zzsecret" in section and "staff only" in section


def test_hostile_text_is_escaped_inside_highlights(client, django_capture_on_commit_callbacks):
    document = make_document()
    hostile = ('<script>alert("x")</script> The Koreans must <img src=x onerror=alert(1)> obey. '
               'Pak said: “<b>We</b> should “obey”.”')
    with django_capture_on_commit_callbacks(execute=True):
        add_layer(document, hostile, made_by='<img src=x onerror=alert(2)>')
    section = lens_section(page(client, document))
    assert "<script>" not in section and "<img" not in section and "<b>We</b>" not in section
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in section
    assert "&lt;img src=x onerror=alert(1)&gt;" in section and "&lt;img src=x onerror=alert(2)&gt;" in section
    assert ">must</mark>" in section and ">should</mark>" in section


# --- comparable documents ------------------------------------------------------------------------

def comparable_world(count, *, extra=()):
    """`count` public USSR reports of 1960–1964 with English layers of 1,000 words and 1..count
    prescriptive markers, plus whatever `extra` adds."""
    filler = " ".join(["word"] * 1000)
    for i in range(1, count + 1):
        other = make_document(f"su-196{i % 5}-{i}", year=1960 + i % 5)
        layer = add_layer(other, filler)
        refresh_layer(layer)
        LayerMarkerStats.objects.filter(layer=layer).update(counts={"prescriptive": i, "hierarchy": 0}, word_count=1000)
    for build in extra:
        build(filler)


def test_comparable_rates_give_group_n_median_and_interquartile_range(client, memo):
    document, _ = memo

    def restricted(filler):
        for public_id, kwargs in (("su-1962-draft", {"status": "draft"}), ("su-1962-staff", {"access": "staff"})):
            refresh_layer(add_layer(make_document(public_id, year=1962, **kwargs), "They must go. " * 50))
        refresh_layer(add_layer(make_document("su-1962-open", year=1962), "They must go. " * 50, access="staff"))
        refresh_layer(add_layer(make_document("su-1958", year=1958), "They must go. " * 50))  # another period
        refresh_layer(add_layer(make_document("pl-1962", country="Poland", year=1962), "They must go. " * 50))
        refresh_layer(add_layer(make_document("su-1962-ru", year=1962), "Они должны идти. " * 50, language="ru"))

    comparable_world(6, extra=[restricted])
    data = markers_for_document(document, None)
    comparable = data["layers"][0]["comparable"]["prescriptive"]
    assert comparable == {"group": "USSR · Report · 1960–1964", "n": 6, "median": 3.5, "iqr": [2.25, 4.75]}
    section = lens_section(page(client, document))
    assert "Compared with the public English texts of comparable documents: USSR · Report · 1960–1964, n = 6 documents" in section
    assert "median 3.5, interquartile range 2.2–4.8 per 1,000 words" in section


def test_too_few_comparable_documents_are_not_compared(client, memo):
    document, _ = memo
    comparable_world(3)
    section = lens_section(page(client, document))
    assert "Too few comparable documents (n = 3) for a comparison: USSR · Report · 1960–1964." in section
    assert "median" not in section and "no comparison (see above)" in section


def test_a_group_is_found_through_its_documents_not_by_walking_every_layer(memo):
    """The group's counts must be read from its own documents' layers: a million-document archive
    cannot walk every layer's counts on a fresh page (SQLite plans without statistics)."""
    from django.db import connection

    from mosaic.lens import comparable

    document, layer = memo
    comparable_world(6)
    statements = []
    with connection.execute_wrapper(lambda execute, sql, params, many, context: statements.append((sql, params))
                                    or execute(sql, params, many, context)):
        counts = comparable._group_counts(comparable.group_of(document), "en", default_lexicon())
    assert len(counts) == 7  # the six and the document itself, which comparable_rates leaves out
    [(sql, params)] = [(sql, params) for sql, params in statements if "lens_layermarkerstats" in sql]
    if connection.vendor != "sqlite":
        return  # PostgreSQL plans from its statistics
    with connection.cursor() as cursor:
        plan = " | ".join(str(row[-1]) for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall())
    assert "SCAN" not in plan and "lexicon" not in plan, plan
    assert "origin_country=? AND doc_type=? AND date_min>? AND date_min<?" in plan, plan


def test_no_comparison_without_country_type_or_date(client):
    document = Document.objects.create(public_id="undated", title="Undated note", status="published", doc_type="note")
    add_layer(document, MEMO)
    section = lens_section(page(client, document))
    assert "No comparison: the document&#x27;s author country and date are not recorded." in section


# --- the data for the API and the CLI ----------------------------------------------------------------

def test_markers_for_document_is_json_for_visible_layers_only(memo, django_user_model):
    document, layer = memo
    add_layer(document, SECRET, kind="original", access="staff")
    data = markers_for_document(document, None)
    json.dumps(data)
    assert data["lexicon_version"] == VERSION and data["method"] == f"Heuristic: pattern rules from lexicon version {VERSION}"
    assert [entry["layer"]["id"] for entry in data["layers"]] == [layer.pk]
    entry = data["layers"][0]
    assert entry["layer"] == {"id": layer.pk, "kind": "translation", "language": "en", "made_by": "A. Translator",
                              "description": "Translation (English) by A. Translator", "public": True}
    assert entry["word_count"] == 47 and entry["lexicon_version"] == VERSION
    assert entry["flags"][0] == {"start": 19, "end": 30, "text": "informed us", "category": "attributed", "rule": "ATTR-003",
                                 "rule_version": default_lexicon().rule("ATTR-003").version, "voice": "reported_speech",
                                 "speaker": "Deputy Minister Ri", "experimental": False}
    assert entry["rates"]["prescriptive"] == pytest.approx(2 * 1000 / 47)
    assert entry["comparable"]["prescriptive"] == {"group": "USSR · Report · 1960–1964", "n": 0, "median": None, "iqr": None}
    assert data["categories"]["prescriptive"]["measured"]["test_set"] == "devset-2026.12"
    assert data["categories"]["prescriptive"]["held_out"]["test_set"] == "testset-2026.12"
    assert data["categories"]["bloc_formula"]["flagged"] is False
    assert "LENSCANARY" not in json.dumps(data)


def test_markers_for_a_hidden_document_are_not_found(staff_member):
    from django.http import Http404

    draft = make_document("su-draft", status="draft")
    add_layer(draft, SECRET)
    with pytest.raises(Http404):
        markers_for_document(draft, None)
    assert markers_for_document(draft, staff_member("Curator"))["layers"]


# --- disputes -----------------------------------------------------------------------------------

def dispute(client, document, flag, address="127.0.0.1", **fields):
    data = {"layer": flag.layer_id, "start": flag.start, "end": flag.end, "rule": flag.rule_id,
            "reason": "The word is the Deputy Minister's, and “must” is his own instruction.", "contact_email": "", "website": ""}
    data.update(fields)
    return client.post(reverse("lens:dispute", args=[document.public_id]), data, REMOTE_ADDR=address)


def test_a_dispute_lands_in_the_curators_queue_with_a_copy_of_the_flag(client, memo, django_user_model, django_capture_on_commit_callbacks):
    document, layer = memo
    flag = MarkerFlag.objects.get(layer=layer, rule_id="PRESC-002")
    response = dispute(client, document, flag, contact_email="reader@example.org")
    assert response.status_code == 200 and "curators' queue" in response.content.decode()
    stored = FlagDispute.objects.get()
    assert (stored.document, stored.layer, stored.text, stored.category, stored.rule_id, stored.rule_version, stored.voice,
            stored.speaker, stored.lexicon_version, stored.status, stored.contact_email, stored.user) == (
        document, layer, "must", "prescriptive", "PRESC-002", default_lexicon().rule("PRESC-002").version, "reported_speech", "he",
        VERSION, "open", "reader@example.org", None)
    assert stored.layer_description == "Translation (English) by A. Translator" and len(stored.client_hash) == 64

    layer.text = PLAIN  # the flag disappears on the next recompute; the dispute stays
    with django_capture_on_commit_callbacks(execute=True):
        layer.save()
    assert FlagDispute.objects.get().text == "must"

    curator = django_user_model.objects.create_superuser("curator", "curator@example.org", "a-long-passphrase")
    client.force_login(curator)
    queue = client.get(reverse("admin:lens_flagdispute_changelist")).content.decode()
    assert f"“must” · PRESC-002 v{default_lexicon().rule('PRESC-002').version}" in queue and document.public_id in queue
    assert client.get(reverse("admin:lens_flagdispute_change", args=[stored.pk])).status_code == 200
    client.post(reverse("admin:lens_flagdispute_changelist"), {"action": "reject", "_selected_action": [stored.pk]})
    stored.refresh_from_db()
    assert stored.status == "rejected" and stored.handled_by == curator and stored.handled_at is not None


def test_disputes_are_throttled(client, memo, settings):
    settings.MOSAIC_DISPUTES_PER_HOUR = 2
    document, layer = memo
    flags = list(MarkerFlag.objects.filter(layer=layer))
    assert dispute(client, document, flags[0]).status_code == 200
    assert dispute(client, document, flags[1]).status_code == 200
    refused = dispute(client, document, flags[2], reason="A third objection.")
    assert refused.status_code == 429 and "Retry-After" in refused and "A third objection." in refused.content.decode()
    assert dispute(client, document, flags[2], address="10.0.0.9").status_code == 200  # another sender
    assert FlagDispute.objects.count() == 3


def test_the_same_dispute_twice_is_stored_once_and_robots_not_at_all(client, memo):
    document, layer = memo
    flag = MarkerFlag.objects.filter(layer=layer).first()
    dispute(client, document, flag)
    dispute(client, document, flag)
    assert dispute(client, document, flag, reason="Spam", website="http://spam.example").status_code == 200
    assert FlagDispute.objects.count() == 1


def test_disputes_of_hidden_documents_or_missing_flags_are_refused(client, memo, django_capture_on_commit_callbacks):
    document, layer = memo
    flag = MarkerFlag.objects.filter(layer=layer).first()
    assert client.get(reverse("lens:dispute", args=[document.public_id])).status_code == 405
    draft = make_document("su-draft", status="draft")
    assert dispute(client, draft, flag).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        hidden = add_layer(document, SECRET, kind="original", access="staff")
    hidden_flag = MarkerFlag.objects.filter(layer=hidden).first()
    refused = dispute(client, document, hidden_flag)
    assert refused.status_code == 400 and "LENSCANARY" not in refused.content.decode()
    assert dispute(client, document, flag, start=flag.start + 1).status_code == 400
    assert dispute(client, document, flag, rule="PRESC-999").status_code == 400
    assert dispute(client, document, flag, layer="x").status_code == 400
    assert not FlagDispute.objects.exists()


def test_a_dispute_without_a_reason_comes_back_with_the_error(client, memo):
    document, layer = memo
    flag = MarkerFlag.objects.filter(layer=layer, rule_id="DISP-001").get()
    response = dispute(client, document, flag, reason="  ")
    body = response.content.decode()
    assert response.status_code == 400 and "Please say why the flag is wrong." in body and "in reality" in body
    assert not FlagDispute.objects.exists()


def test_marker_flags_are_read_only_for_staff(client, memo, django_user_model):
    _, layer = memo
    client.force_login(django_user_model.objects.create_superuser("curator", "curator@example.org", "a-long-passphrase"))
    flag = MarkerFlag.objects.filter(layer=layer).first()
    assert client.get(reverse("admin:lens_markerflag_changelist")).status_code == 200
    view = client.get(reverse("admin:lens_markerflag_change", args=[flag.pk])).content.decode()
    assert "View marker flag" in view and 'name="_save"' not in view
    assert client.post(reverse("admin:lens_markerflag_delete", args=[flag.pk]), {"post": "yes"}).status_code == 403
    assert MarkerFlag.objects.filter(pk=flag.pk).exists()


def test_a_curator_decides_a_dispute_on_its_page(client, memo, django_user_model):
    document, layer = memo
    dispute(client, document, MarkerFlag.objects.filter(layer=layer).first())
    stored = FlagDispute.objects.get()
    curator = django_user_model.objects.create_superuser("curator", "curator@example.org", "a-long-passphrase")
    client.force_login(curator)
    url = reverse("admin:lens_flagdispute_change", args=[stored.pk])
    response = client.post(url, {"status": "accepted", "curator_note": "Reported speech; rule kept, voice shown.",
                                 "edit_token": stored.modified.isoformat(), "_save": "Save"})
    assert response.status_code == 302
    stored.refresh_from_db()
    assert (stored.status, stored.handled_by, stored.curator_note) == ("accepted", curator, "Reported speech; rule kept, voice shown.")
    assert stored.reason.startswith("The word is the Deputy Minister")  # the reader's words are not editable


def test_a_broken_lexicon_does_not_take_the_page_down(client, memo, monkeypatch, staff_member):
    from mosaic.lens.templatetags import lens_markers
    from mosaic.lib.markers.lexicon import LexiconError

    def broken():
        raise LexiconError("markers.json", ["rule PRESC-002: the pattern is not a valid regular expression"])

    monkeypatch.setattr(lens_markers, "default_lexicon", broken)
    document, _ = memo
    body = page(client, document)
    assert "Language markers are not available at the moment" in body and "PRESC-002" not in body
    client.force_login(staff_member("Curator"))
    assert "rule PRESC-002: the pattern is not a valid regular expression" in page(client, document)


def test_the_system_check_reports_a_broken_lexicon(monkeypatch, tmp_path):
    from mosaic.lens import checks
    from mosaic.lib.markers import lexicon

    bad = tmp_path / "markers.json"
    bad.write_text("{}", encoding="utf-8")
    monkeypatch.setattr(lexicon, "DEFAULT_LEXICON_PATH", bad)
    errors = checks.lexicon_loads()
    assert errors and all(error.id == "lens.E001" for error in errors)
    monkeypatch.undo()
    assert checks.lexicon_loads() == []

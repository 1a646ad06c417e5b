"""Voice: sentences, quotations of every kind, reporting frames and their speakers.

Test fixtures: every passage here was written for these tests; none is archival text.
"""
import pytest

from mosaic.lib.markers.tests.fixtures import FIXTURE_NOTE
from mosaic.lib.markers.voice import AUTHOR, QUOTATION, REPORTED, analyse, quotation_spans, sentences

assert FIXTURE_NOTE


def voice_of(text: str, words: str, language: str = "en"):
    """The voice at the first occurrence of `words` in `text`."""
    voice = analyse(text, language).voice_at(text.index(words))
    return voice.voice, voice.speaker


def test_sentences_survive_initials_abbreviations_and_numbers():
    text = ("Comrade A. I. Puzanov received Mr. Pak at 10 a.m. on the subject of No. 5 of the protocol. "
            "He left soon after. “Is it so?” he asked.\n\nA new paragraph.")
    found = [text[start:end] for start, end in sentences(text)]
    assert found == ["Comrade A. I. Puzanov received Mr. Pak at 10 a.m. on the subject of No. 5 of the protocol.",
                     "He left soon after.", "“Is it so?” he asked.", "A new paragraph."]


@pytest.mark.parametrize("text, quoted", [
    ("He said “the plan is fulfilled” and left.", "“the plan is fulfilled”"),
    ('He said "the plan is fulfilled" and left.', '"the plan is fulfilled"'),
    ("Он сказал «план выполнен» и ушёл.", "«план выполнен»"),
    ("Er sagte „der Plan ist erfüllt“ und ging.", "„der Plan ist erfüllt“"),
    ("Powiedział „plan jest wykonany” i wyszedł.", "„plan jest wykonany”"),
    ("Er sagte »der Plan ist erfüllt« und ging.", "»der Plan ist erfüllt«"),
    ("Он сказал «это „новый“ метод» и ушёл.", "«это „новый“ метод»"),  # nested: the outer quotation
])
def test_quotation_marks_of_every_kind(text, quoted):
    assert [text[start:end] for start, end in quotation_spans(text)] == [quoted]


def test_an_unclosed_quotation_runs_to_the_end_of_its_paragraph_only():
    text = "Ri said: “The plan is fulfilled and the cadres are ready.\n\nWe left the ministry at noon."
    assert voice_of(text, "cadres") == (QUOTATION, "Ri")
    assert voice_of(text, "We left") == (AUTHOR, None)


def test_a_measurement_in_inches_is_not_a_quotation():
    assert quotation_spans('The pipes were 12" wide and the valves 6" wide.') == []


@pytest.mark.parametrize("text, words, speaker", [
    ("Pak Kum-chol said that the cooperatives were merged.", "cooperatives", "Pak Kum-chol"),
    ("The Korean comrades stated that the cooperatives were merged.", "cooperatives", "the Korean comrades"),
    ("Pak Kum-chol, the head of the department, said that the cooperatives were merged.", "cooperatives", "Pak Kum-chol"),
    ("On 5 May Deputy Minister Ri informed us that the cooperatives were merged.", "cooperatives", "Deputy Minister Ri"),
    ("Comrade A. I. Puzanov noted in the conversation that the cooperatives were merged.", "cooperatives", "Comrade A. I. Puzanov"),
    ("The Polish counsellor told the ambassador the cooperatives were merged.", "cooperatives", "the Polish counsellor"),
    ("According to the Korean comrades, the cooperatives were merged.", "cooperatives", "the Korean comrades"),
    ("The cooperatives, according to Pak, were merged.", "cooperatives", "Pak"),
    ("In the opinion of the Chinese ambassador, the cooperatives were merged too early.", "cooperatives", "the Chinese ambassador"),
    ("As the Korean side put it, the cooperatives were merged.", "cooperatives", "the Korean side"),
    ("The cooperatives were merged, Pak said.", "cooperatives", "Pak"),
    ("I told him that the cooperatives were merged too early.", "cooperatives", "I"),
])
def test_reported_speech_names_its_speaker(text, words, speaker):
    assert voice_of(text, words) == (REPORTED, speaker)


@pytest.mark.parametrize("text, words", [
    ("We were told that the cooperatives were merged.", "cooperatives"),
    ("It is said that the cooperatives were merged.", "cooperatives"),
    ("The cooperatives were reportedly merged.", "cooperatives"),
    ("Rumours have it that the cooperatives were merged.", "cooperatives"),
])
def test_hearsay_is_reported_speech_without_a_speaker(text, words):
    assert voice_of(text, words) == (REPORTED, None)


@pytest.mark.parametrize("text, words, speaker", [
    ("Ri said: “The cadres must study.”", "cadres", "Ri"),
    ("“The cadres must study,” said Ri.", "cadres", "Ri"),
    ("“The cadres must study”, the chairman added.", "cadres", "the chairman"),
    ("Pak said that “the cadres must study”.", "cadres", "Pak"),
    ("The newspaper spoke of “great victories”.", "great", None),
])
def test_quotation_wins_over_reported_speech_and_keeps_the_speaker(text, words, speaker):
    assert voice_of(text, words) == (QUOTATION, speaker)


def test_the_author_takes_the_word_back():
    text = "Pak said that the harvest had doubled, but in reality it fell by a third."
    assert voice_of(text, "doubled") == (REPORTED, "Pak")
    assert voice_of(text, "in reality") == (AUTHOR, None)
    assert voice_of(text, "fell") == (AUTHOR, None)


def test_reported_speech_ends_with_its_sentence():
    text = "Ri said that the harvest had doubled. The granaries we visited were half empty."
    assert voice_of(text, "doubled") == (REPORTED, "Ri")
    assert voice_of(text, "granaries") == (AUTHOR, None)


@pytest.mark.parametrize("text", [
    "The factory was built according to the plan.",
    "The report said nothing about the harvest.",
    "As was said above, the harvest was good.",
])
def test_no_frame_no_reported_speech(text):
    voice_map = analyse(text)
    assert {voice_map.voice_at(i).voice for i in range(len(text))} == {AUTHOR}


def test_minutes_lines_name_their_speaker_but_headings_do_not():
    text = "Subject: the harvest\n\nRi: The cooperatives were merged.\n\nAmbassador: We note this."
    assert voice_of(text, "the harvest") == (AUTHOR, None)
    assert voice_of(text, "cooperatives") == (REPORTED, "Ri")
    assert voice_of(text, "We note") == (REPORTED, "Ambassador")


@pytest.mark.parametrize("language, text, words, speaker", [
    ("ru", "По словам корейских товарищей, урожай удвоился.", "урожай", "корейских товарищей"),
    ("ru", "Пак Кым Чхоль сказал, что урожай удвоился.", "урожай", "Пак Кым Чхоль"),
    ("de", "Genosse Pak sagte, dass die Ernte sich verdoppelt habe.", "Ernte", "Genosse Pak"),
    ("hu", "Pak elvtárs közölte, hogy a termés megkétszereződött.", "termés", "Pak elvtárs"),
])
def test_frames_in_other_languages(language, text, words, speaker):
    assert voice_of(text, words, language) == (REPORTED, speaker)


def test_without_a_comma_the_source_phrase_runs_on():
    # Polish puts no comma after "według …": the clause is reported speech, but where the
    # source's name ends is not recoverable without a parser, so the speaker runs on.
    text = "Według koreańskich towarzyszy plony się podwoiły."
    voice, speaker = voice_of(text, "plony", "pl")
    assert voice == REPORTED and speaker.startswith("koreańskich towarzyszy")

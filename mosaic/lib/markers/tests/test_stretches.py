"""Reported speech past its sentence: colon stretches, conversation turns, and what closes them.

Test fixtures: every passage here was written for these tests; none is archival text.
"""
import pytest

from mosaic.lib.markers import find_markers
from mosaic.lib.markers.tests.fixtures import FIXTURE_NOTE
from mosaic.lib.markers.voice import AUTHOR, REPORTED, analyse

assert FIXTURE_NOTE

RECORD = "Record of a conversation with Deputy Minister Ri, 3 June.\n\n"


def voice_of(text: str, words: str):
    voice = analyse(text).voice_at(text.index(words))
    return voice.voice, voice.speaker


# --- colon stretches -------------------------------------------------------------------------

@pytest.mark.parametrize("frame, speaker", [
    ("Kim Il Sung said the following:", "Kim Il Sung"),
    ("Comrade Pak stated:", "Comrade Pak"),
    ("The Minister informed us of the following:", "the Minister"),
    ("After the greetings, Kim Il Sung declared roughly the following:", "Kim Il Sung"),
])
def test_a_colon_frame_opens_a_stretch_over_sentences_and_paragraphs(frame, speaker):
    text = f"{frame}\n\nThe harvest was poor. The cooperatives must be merged.\n\nThe army will help with the sowing."
    for words in ("harvest", "cooperatives", "army"):
        assert voice_of(text, words) == (REPORTED, speaker), words


def test_a_stretch_after_an_inline_colon_ends_with_its_paragraph_unless_it_announces_a_block():
    inline = "Pak stated: the plan is fulfilled. The peasants are content.\n\nWe drove back to the embassy."
    assert voice_of(inline, "peasants") == (REPORTED, "Pak")
    assert voice_of(inline, "drove") == (AUTHOR, None)
    block = "Pak stated the following: the plan is fulfilled.\n\nThe peasants are content."
    assert voice_of(block, "peasants") == (REPORTED, "Pak")


def test_a_colon_before_a_quotation_leaves_it_to_the_quotation():
    text = "Ri said: “The plan is fulfilled.” The granaries were half empty."
    assert voice_of(text, "granaries") == (AUTHOR, None)


@pytest.mark.parametrize("closing", [
    "Then I asked him about the fertiliser plant and the harvest.",
    "In reply, I pointed out that the harvest had been poor.",
    "I answered that the harvest had been poor.",
    "We thanked him for the information and the harvest figures.",
    "End of conversation. The harvest was discussed no further.",
    "The conversation took place in the ministry; the harvest was not discussed again.",
    "Comment: the harvest was poor.",
    "Conclusions: the harvest was poor.",
    "12 May 1960\n\nThe harvest was poor.",
    "II. The harvest\n\nThe granaries are empty.",
    "In our opinion, the harvest was poor.",
    "Ambassador: the harvest was poor.",
])
def test_a_closing_signal_gives_the_word_back_to_the_author(closing):
    text = f"Kim Il Sung said the following:\n\nThe dam is finished. The cooperatives are merged.\n\n{closing}"
    voice, speaker = voice_of(text, "harvest")
    assert (voice, speaker) != (REPORTED, "Kim Il Sung")
    assert voice_of(text, "cooperatives") == (REPORTED, "Kim Il Sung")


def test_a_new_speakers_frame_ends_the_stretch_and_opens_its_own():
    text = RECORD + "Ri stated the following:\n\nThe dam is finished.\n\nComrade Pak replied that the dam leaks. It must be repaired."
    assert voice_of(text, "dam is finished") == (REPORTED, "Ri")
    assert voice_of(text, "It must") == (REPORTED, "Comrade Pak")


def test_the_author_taking_the_word_back_ends_the_stretch():
    text = "Pak stated the following: the harvest doubled. The granaries are full, but in reality they are half empty."
    assert voice_of(text, "granaries") == (REPORTED, "Pak")
    assert voice_of(text, "half empty") == (AUTHOR, None)


# --- conversation turns ----------------------------------------------------------------------

def test_a_turn_runs_to_the_end_of_its_paragraph_in_a_record_of_conversation():
    text = RECORD + ("Deputy Minister Ri stated that the harvest had been good. The cooperatives now have tractors. "
                     "He further noted that the schools were full.\n\nWe drove back to the embassy.")
    assert voice_of(text, "tractors") == (REPORTED, "Deputy Minister Ri")
    assert voice_of(text, "schools") == (REPORTED, "Deputy Minister Ri")  # "he" inside the turn is Ri
    assert voice_of(text, "drove") == (AUTHOR, None)


def test_turns_apply_only_to_records_of_conversation():
    text = "Deputy Minister Ri stated at the plenum that the harvest had been good. The cooperatives now have tractors."
    assert voice_of(text, "tractors") == (AUTHOR, None)


def test_a_paragraph_continuing_with_he_carries_the_speaker_named_before():
    text = RECORD + ("The Korean side spoke about the situation in the south.\n\n"
                     "Continuing, he said that the students were restless. The police had closed two universities.")
    assert voice_of(text, "police") == (REPORTED, "the Korean side")


def test_after_the_authors_question_the_answer_is_the_interlocutors():
    text = RECORD + ("Ri spoke about the harvest.\n\nThen I asked him about the fertiliser plant. He replied that the "
                     "specialists had helped. The plant will be finished in May.")
    assert voice_of(text, "fertiliser") == (AUTHOR, None)
    assert voice_of(text, "plant will") == (REPORTED, "Ri")


def test_a_heading_forgets_who_he_was():
    text = RECORD + "Ri spoke about the harvest.\n\nII. Second conversation\n\nHe said that the dam leaks. It must be repaired."
    assert voice_of(text, "It must") == (REPORTED, "he")


def test_a_turn_ends_where_the_author_returns_within_the_paragraph():
    text = RECORD + "Ri said that the dam leaks. It must be repaired. I answered that our engineers would come. They will bring pumps."
    assert voice_of(text, "It must") == (REPORTED, "Ri")
    assert voice_of(text, "They will") == (AUTHOR, None)


def test_the_authors_own_turn_is_not_extended():
    text = RECORD + "I told him that the engineers would come. The pumps are in Nampo."
    assert voice_of(text, "pumps") == (AUTHOR, None)


# --- markers in stretches --------------------------------------------------------------------

def test_markers_in_a_stretch_are_the_speakers_not_the_authors():
    text = ("Kim Il Sung said the following:\n\nThe peasants are still backward. They must learn modern methods.\n\n"
            "Then I asked about the harvest. In our view, the cooperatives should be advised to wait.")
    found = [(m.text, m.voice, m.speaker) for m in find_markers(text, "en")]
    assert found == [("backward", REPORTED, "Kim Il Sung"), ("must", REPORTED, "Kim Il Sung"),
                     ("should be advised", AUTHOR, None)]


# --- the personal passive and attributions -----------------------------------------------------

@pytest.mark.parametrize("text, words, speaker", [
    ("The new chairman is said to have studied in Harbin.", "Harbin", None),
    ("Kim is reported to have criticised the cooperative chairmen.", "chairmen", None),
    ("He is believed to favour the Chinese line.", "Chinese", None),
    ("The minister is believed by the Chinese comrades to favour the plan.", "plan", "the Chinese comrades"),
    ("In the opinion of Comrade Pak, the dam was finished too early.", "dam", "Comrade Pak"),
    ("According to information from the Chinese embassy, two divisions moved north.", "divisions", "the Chinese embassy"),
    ("According to the statistics published in May, output doubled.", "output", None),
])
def test_hearsay_and_attribution_name_only_speakers(text, words, speaker):
    assert voice_of(text, words) == (REPORTED, speaker)


@pytest.mark.parametrize("text", [
    "The delegation was received according to protocol.",
    "According to the established order, the ambassador presents his credentials first.",
    "The factory was rebuilt according to the decision of the plenum.",
    "According to custom, the guests were seated by rank.",
    "The trains run according to the schedule.",
    "The incident was reported to the ministry on Monday.",
    "The factory is supposed to open in May.",
])
def test_conformity_and_near_misses_are_narration(text):
    voice_map = analyse(text)
    assert {voice_map.voice_at(i).voice for i in range(len(text))} == {AUTHOR}


def test_a_take_back_in_the_opening_sentence_ends_the_stretch_there():
    text = RECORD + "Then Ri stated that the harvest doubled, but in reality it fell. The granaries were empty."
    assert voice_of(text, "doubled") == (REPORTED, "Ri")
    assert voice_of(text, "granaries") == (AUTHOR, None)
    text = "Pak stated the following: the harvest doubled, but in reality it fell. The granaries were empty."
    assert voice_of(text, "granaries") == (AUTHOR, None)


def test_a_paragraph_opening_with_a_date_closes_a_stretch_but_may_open_a_turn():
    text = RECORD + ("Ri stated the following:\n\nThe dam is finished.\n\n"
                     "On 5 May Comrade Pak stated that the dam leaks. It must be repaired.\n\n"
                     "On 6 May the delegation left for Wonsan.")
    assert voice_of(text, "It must") == (REPORTED, "Comrade Pak")
    assert voice_of(text, "delegation left") == (AUTHOR, None)


def test_a_colon_after_a_few_words_of_circumstance_still_opens_a_stretch():
    text = "Comrade Pak stated in reply to my question:\n\nThe dam is finished. The turbines arrive in May."
    assert voice_of(text, "turbines") == (REPORTED, "Comrade Pak")


# --- turns over paragraphs, and the document type ---------------------------------------------

def known_record(text: str, words: str):
    """The voice at `words` of a text whose document type says it records a conversation."""
    voice = analyse(text, conversation=True).voice_at(text.index(words))
    return voice.voice, voice.speaker


def test_a_turn_runs_over_paragraphs_until_the_author_speaks_again():
    text = (RECORD + "Ri said that the quotas had been lowered.\n\nThe cooperatives could not deliver more. "
            "The peasants must first finish the sowing.\n\nIn my answer I pointed out that the embassy knew this. "
            "These figures must be checked.")
    assert known_record(text, "peasants must") == (REPORTED, "Ri")
    assert known_record(text, "embassy knew") == (REPORTED, "I")
    assert known_record(text, "figures must") == (AUTHOR, None)
    # Known only from its opening, the text keeps each turn to its paragraph.
    assert voice_of(text, "peasants must") == (AUTHOR, None)


def test_the_conversation_turning_to_a_subject_is_the_authors_narration():
    text = (RECORD + "Ri said that the quotas had been lowered.\n\nThe conversation then turned to the exhibition. "
            "The visitors must buy tickets.")
    assert known_record(text, "visitors must") == (AUTHOR, None)


def test_a_party_spoken_of_inside_a_turn_takes_no_turn():
    text = (RECORD + "Ri complained that the talks were slow. The Japanese spoke of a free choice; "
            "the returnees must wait.\n\nHe added that the Hungarian comrades should send catalogues.")
    assert known_record(text, "returnees must") == (REPORTED, "Ri")
    assert known_record(text, "Hungarian comrades should") == (REPORTED, "Ri")


def test_a_turn_ends_where_another_speaker_takes_the_word():
    text = (RECORD + "Ri said that the quotas had been lowered.\n\nThe peasants were tired.\n\n"
            "The Chinese counsellor, who was present, said nothing.\n\nKim Chang-man stated that the plan was fulfilled.\n\n"
            "The cooperatives must deliver more.")
    assert known_record(text, "peasants were") == (REPORTED, "Ri")
    assert known_record(text, "cooperatives must") == (REPORTED, "Kim Chang-man")


def test_the_document_type_can_say_that_a_text_records_a_conversation():
    # An excerpt without an opening that mentions a conversation: only the catalogue knows.
    text = "Chung expressed concern about the reversion of Okinawa. The Japanese should understand this."
    assert voice_of(text, "Japanese should") == (AUTHOR, None)
    voice = analyse(text, conversation=True).voice_at(text.index("Japanese should"))
    assert (voice.voice, voice.speaker) == (REPORTED, "Chung")
    [marker] = [m for m in find_markers(text, "en", conversation=True) if m.text == "should"]
    assert (marker.voice, marker.speaker) == (REPORTED, "Chung")


@pytest.mark.parametrize("document_type, expected", [
    ("memorandum_of_conversation", True), ("minutes", True), ("memorandum of conversation (FRUS)", True),
    ("report", None), ("telegram", None), ("", None), (None, None),
])
def test_which_document_types_record_conversations(document_type, expected):
    from mosaic.lib.markers.voice import records_conversation
    assert records_conversation(document_type) is expected

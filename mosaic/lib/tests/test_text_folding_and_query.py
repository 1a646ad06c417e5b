import pytest

from mosaic.lib.search_query import Term, allows_inflection, parse_query
from mosaic.lib.text_folding import fold, fold_letters, has_cjk


@pytest.mark.parametrize(
    "text, folded",
    [("Ştefănescu", "stefanescu"), ("Ștefănescu", "stefanescu"), ("nagykövetségről", "nagykovetsegrol"),
     ("Łódź", "lodz"), ("Čeřovský", "cerovsky"), ("Đorđević", "dordevic"), ("Ким Ир Сен", "ким ир сен")],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_letters_keeps_length_for_snippets():
    text = "Władysław Gomułka przyjechał do Pjongjangu"
    assert len(fold_letters(text)) == len(text)
    assert fold_letters(text).startswith("Wladyslaw Gomulka")


def test_cjk_detection():
    assert has_cjk("김일성") and has_cjk("金日成") and not has_cjk("Kim Il Sung")


def test_words_are_all_required():
    parsed = parse_query("Kim Il Sung")
    assert [t.words for t in parsed.required] == [("Kim",), ("Il",), ("Sung",)]
    assert not parsed.excluded


def test_phrase_prefix_and_exclusion():
    parsed = parse_query('"elder brother" Puzan* -Stalin')
    assert [(t.words, t.prefix, t.quoted) for t in parsed.required] == [(("elder", "brother"), False, True), (("Puzan",), True, False)]
    assert [t.words for t in parsed.excluded] == [("Stalin",)]


def test_operators_and_punctuation_are_not_terms():
    assert [t.text for t in parse_query("Kim AND (Nam Il) OR ...").required] == ["Kim", "Nam", "Il"]
    assert parse_query("  ***  ").is_empty
    assert parse_query("").is_empty


def test_hyphenated_name_is_a_phrase():
    assert [t.words for t in parse_query("Il-sung").required] == [("Il", "sung")]


def test_cjk_terms_are_substring_terms():
    term = parse_query("金日成").required[0]
    assert term.cjk and term.words == ("金日成",)


def test_unclosed_quote_is_a_phrase_to_the_end():
    assert [t.words for t in parse_query('"Kapsan faction').required] == [("Kapsan", "faction")]


def _reader(text):
    if text.replace("-", " ").casefold() == "kim il sung":
        return "Kim Il-sŏng (김일성)", ["Kim Ir Sen", "Ким Ир Сен", "Kim Ir Szen", "김일성", "Kim Il Sung"], "P001"
    return None


def test_expand_names_replaces_the_longest_name_run():
    from mosaic.lib.search_query import expand_names

    parsed = expand_names(parse_query("plenum Kim Il Sung speech"), _reader)
    assert [t.text for t in parsed.required] == ["plenum", "Kim Il Sung", "speech"]
    name = parsed.required[1]
    assert (name.expanded_as, name.reading_id) == ("Kim Il-sŏng (김일성)", "P001")
    assert name.alternatives == (("Kim", "Ir", "Sen"), ("Ким", "Ир", "Сен"), ("Kim", "Ir", "Szen"))


def test_expand_names_reads_phrases_whole_and_leaves_other_words():
    from mosaic.lib.search_query import expand_names

    assert expand_names(parse_query('"Kim Il Sung"'), _reader).required[0].alternatives
    assert expand_names(parse_query("Kim Il"), _reader).required == parse_query("Kim Il").required
    assert expand_names(parse_query("Kim Il-sung"), _reader).required[0].expanded_as
    assert expand_names(parse_query("Kim"), _reader).required == parse_query("Kim").required
    assert allows_inflection(("Ким", "Ир", "Сен")) and not allows_inflection(("Kim", "Il"))


def test_cjk_ranges_cover_hangul_jamo_han_kana_and_extension_b():
    from mosaic.lib.text_folding import is_cjk

    assert all(is_cjk(ch) and has_cjk(ch) for ch in "김金ひカㄱ𠀀")
    assert not any(is_cjk(ch) or has_cjk(ch) for ch in "KИ ,.é")

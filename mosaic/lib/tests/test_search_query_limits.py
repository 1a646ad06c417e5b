"""The query language's limits, and why repeated words cost nothing: the pure parser, no database."""
import pytest

from mosaic.lib.search_query import LIMITS, UNLIMITED, QueryLimits, QueryTooLarge, expand_names, parse_query


def _names(*people):
    """A reader that knows these names (each with one other rendering), counting how often it is asked."""
    known = {name.casefold(): (f"{name} (person)", [name, f"{name} Sen"], f"/people/{i}/") for i, name in enumerate(people)}

    def read_name(text):
        read_name.calls += 1
        return known.get(text.replace("-", " ").casefold())

    read_name.calls = 0
    return read_name


# --- limits ----------------------------------------------------------------------------------------


def test_the_default_limits_are_the_documented_ones():
    assert LIMITS == QueryLimits(characters=1000, terms=50, name_readings=10)


def test_a_query_of_the_maximum_length_is_read_and_one_character_more_is_refused():
    longest = ("plenum " * 200)[:LIMITS.characters]
    assert len(longest) == 1000 and not parse_query(longest).is_empty
    with pytest.raises(QueryTooLarge, match="1,001 characters long; Mosaic reads at most 1,000"):
        parse_query(longest + "x")


def test_fifty_different_terms_are_read_and_the_fifty_first_is_refused():
    fifty = " ".join(f"word{i}" for i in range(50))
    assert len(parse_query(fifty).required) == 50
    with pytest.raises(QueryTooLarge, match="more than 50 different words or phrases"):
        parse_query(fifty + " word50")


def test_repeats_and_case_do_not_count_against_the_term_limit():
    text = " ".join(f"{spelling}{i}" for spelling in ("w", "W", "w") for i in range(50))
    assert len(parse_query(text).required) == 150  # kept in order until names are read
    assert len(parse_query(text).distinct().required) == 50


def test_a_quotation_in_quotes_is_one_term():
    quotation = '"' + " ".join(f"word{i}" for i in range(120)) + '"'
    parsed = parse_query(quotation)
    assert len(parsed.required) == 1 and len(parsed.required[0].words) == 120


def test_excluded_terms_count_too():
    text = " ".join(f"word{i}" for i in range(25)) + " " + " ".join(f"-other{i}" for i in range(26))
    with pytest.raises(QueryTooLarge):
        parse_query(text)


def test_unlimited_reads_everything():
    text = " ".join(f"word{i}" for i in range(3000))
    assert len(parse_query(text, UNLIMITED).required) == 3000


def test_more_than_ten_names_are_refused_and_ten_are_read():
    people = [f"Person{i} Given{i}" for i in range(11)]
    reader = _names(*people)
    ten = expand_names(parse_query(" ".join(f'"{p}"' for p in people[:10])), reader)
    assert len([t for t in ten.required if t.alternatives]) == 10
    with pytest.raises(QueryTooLarge, match="names more than 10 people or terms"):
        expand_names(parse_query(" ".join(f'"{p}"' for p in people)), _names(*people))


def test_one_person_named_many_times_is_one_name_reading():
    reader = _names("Kim Il Sung")
    parsed = expand_names(parse_query("Kim Il Sung " * 30), reader)
    assert len(parsed.distinct().required) == 1


# --- de-duplication ------------------------------------------------------------------------------


def test_distinct_keeps_the_first_of_each_term_in_order():
    parsed = parse_query('plenum Kim PLENUM "kim" Puzan* puzan -Stalin -stalin').distinct()
    assert [(t.text, t.prefix) for t in parsed.required] == [("plenum", False), ("Kim", False), ("Puzan", True), ("puzan", False)]
    assert [t.text for t in parsed.excluded] == ["Stalin"]


def test_names_are_read_before_repeats_are_dropped():
    # "Kim" and "Il" repeat, but both names must still be read from their own runs.
    reader = _names("Kim Il Sung", "Kim Jong Il")
    parsed = expand_names(parse_query("Kim Il Sung Kim Jong Il"), reader).distinct()
    assert [t.expanded_as for t in parsed.required] == ["Kim Il Sung (person)", "Kim Jong Il (person)"]


def test_two_renderings_read_as_the_same_person_are_one_term():
    def reader(text):
        if text.casefold() in ("kim il sung", "kim ir sen"):
            return "Kim Il-sŏng", ["Kim Il Sung", "Kim Ir Sen"], "/people/P001/"
        return None

    parsed = expand_names(parse_query('"Kim Il Sung" plenum "Kim Ir Sen"'), reader).distinct()
    assert [t.text for t in parsed.required] == ["Kim Il Sung", "plenum"]


# --- linear work -------------------------------------------------------------------------------------


def _work(words: int, vocabulary: int):
    """What a query of `words` words drawn in turn from `vocabulary` different ones costs the engine:
    the name reader's calls, and the terms (FTS phrases) handed to the backend."""
    reader = _names("Kim Il Sung")
    text = " ".join(f"word{i % vocabulary}" if i % 7 else "Kim Il Sung" for i in range(words))
    parsed = expand_names(parse_query(text, UNLIMITED), reader, limits=UNLIMITED).distinct()
    phrases = sum(1 + len(t.alternatives) for t in (*parsed.required, *parsed.excluded))
    return reader.calls, phrases


def test_a_repeated_word_costs_nothing_more():
    # Before: 4 reader calls and one backend phrase per word typed; SQLite's snippets and ranking
    # then grew with the square of the phrases (1,000 words 4.8 s, 2,000 words 18 s).
    assert _work(2000, vocabulary=5) == _work(1000, vocabulary=5)


@pytest.mark.parametrize("words", [1000, 2000])
def test_different_words_cost_at_most_linearly(words):
    calls, phrases = _work(words, vocabulary=words)
    assert calls <= 4 * words  # at most the four runs starting at each word
    assert phrases <= words

"""Finding an annotated passage again after its text changed (no database)."""
from mosaic.annotations.anchoring import Quote, Span, anchor, find_quote, non_space_offsets, quote_at, squeeze

TEXT = "The plenum met in August.\n\nKim Il Sung spoke first. The plenum met again in September."


def test_an_unchanged_passage_keeps_its_position():
    span = Span(TEXT.index("Kim"), TEXT.index("Kim") + len("Kim Il Sung"))
    assert anchor(TEXT, Quote("Kim Il Sung"), span) == span


def test_after_an_edit_the_quote_is_found_where_it_moved():
    start = TEXT.index("Kim")
    span, quote = Span(start, start + 11), quote_at(TEXT, Span(start, start + 11))
    edited = "[Page 1]\n" + TEXT.replace("August.", "August 1956.")
    moved = anchor(edited, quote, span)
    assert edited[moved.start:moved.end] == "Kim Il Sung"


def test_prefix_and_suffix_choose_between_repeated_words():
    second = TEXT.rindex("plenum met")
    quote = quote_at(TEXT, Span(second, second + len("plenum met")))
    assert find_quote(TEXT, quote) == Span(second, second + len("plenum met"))
    assert find_quote(TEXT, Quote("plenum met")) == Span(4, 14)  # without context: the first


def test_of_equally_fitting_places_the_nearest_to_the_old_position_wins():
    text = "yes. yes. yes."
    assert find_quote(text, Quote("yes"), near=9) == Span(10, 13)
    assert find_quote(text, Quote("yes"), near=6) == Span(5, 8)


def test_whitespace_is_not_compared():
    """A quote taken from the page (its paragraphs and line breaks are no characters there) still
    matches the layer; the span found covers the layer's own whitespace."""
    found = find_quote(TEXT, Quote("August.Kim Il  Sung"))
    assert TEXT[found.start:found.end] == "August.\n\nKim Il Sung"
    text = "Слово\u00a0за\u3000словом\fдальше"
    found = find_quote(text, Quote("за словом дальше"))
    assert text[found.start:found.end] == "за\u3000словом\fдальше"


def test_a_passage_that_is_gone_is_orphaned():
    start = TEXT.index("Kim")
    quote = quote_at(TEXT, Span(start, start + 11))
    assert anchor(TEXT.replace("Kim Il Sung", "The chairman"), quote, Span(start, start + 11)) is None
    assert anchor("", quote, Span(start, start + 11)) is None
    assert find_quote(TEXT, Quote(" \n ")) is None


def test_a_position_past_the_end_of_a_shortened_text_falls_back_on_the_quote():
    assert anchor("Kim Il Sung", Quote("Sung"), Span(40, 44)) == Span(7, 11)


def test_non_space_offsets_are_what_the_page_script_counts():
    start = TEXT.index("Kim")
    skip, length = non_space_offsets(TEXT, Span(start, start + len("Kim Il Sung")))
    assert squeeze(TEXT)[skip:skip + length] == "KimIlSung"
    assert (skip, length) == (len("TheplenummetinAugust."), 9)


def test_astral_characters_count_once():
    text = "𠀋 one 𠀋 two"
    found = find_quote(text, Quote("two"))
    assert found == Span(text.index("two"), len(text))
    assert non_space_offsets(text, found) == (5, 3)  # 𠀋, o, n, e, 𠀋

"""lib's messages: English by str(), any language through the gettext a page passes."""
from mosaic.lib.messages import Message, WordedError
from mosaic.lib.partial_dates import InvalidDate, PartialDate

CATALOGUE = {
    '"%(text)s" is not a real date (%(problem)s)': "«%(text)s» n'est pas une vraie date (%(problem)s)",
    "month %(month)s does not exist": "le mois %(month)s n'existe pas",
}


def test_a_message_is_english_by_default_and_worded_by_the_gettext_given():
    message = Message("%(count)s of %(total)s pages", {"count": 3, "total": 10})
    assert str(message) == "3 of 10 pages"
    assert message.worded(lambda template: template.replace("of", "von")) == "3 von 10 pages"


def test_a_message_without_values_keeps_its_percent_signs_as_written():
    assert str(Message("100% public")) == "100% public"


def test_an_error_from_lib_nests_the_message_of_its_cause():
    try:
        PartialDate.parse("1956-13")
    except InvalidDate as error:
        assert str(error) == '"1956-13" is not a real date (month 13 does not exist)'
        assert error.wording.worded(lambda t: CATALOGUE.get(t, t)) == \
            "«1956-13» n'est pas une vraie date (le mois 13 n'existe pas)"
    else:
        raise AssertionError("1956-13 was read as a date")


def test_a_worded_error_is_a_value_error_with_its_english_text():
    error = WordedError("%(what)s is missing", what="a title")
    assert isinstance(error, ValueError) and error.args == ("a title is missing",)

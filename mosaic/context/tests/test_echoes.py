"""Echoes of official claims. Every text here is a test fixture written for these tests, not
archival text."""
import pytest

from mosaic.context.tests.test_context import make_document

pytestmark = pytest.mark.django_db

STATEMENT = ("In 1956 the grain harvest reached 2.87 million tons. Industrial output grew by 44 per cent "
             "over the year, and the cooperatives unite 1,200,000 peasant households.")


@pytest.fixture
def statement(db):
    document = make_document("fixture-official-1957-01", "1957-01-01", "DPRK", STATEMENT,
                             title="Test fixture: report on the 1956 plan (official statement)")
    document.doc_type = "official_statement"
    document.save()
    return document


def lens(client, public_id):
    return client.get(f"/api/documents/{public_id}/lens").json()


def test_attributed_disputed_and_unattributed_echoes(client, statement):
    make_document("fixture-attributed", "1957-03-02", "Hungary",
                  "According to the Korean comrades, the grain harvest of 1956 was 2,870,000 tons.")
    make_document("fixture-disputed", "1957-04-10", "GDR",
                  "The claimed growth of industrial output by 44% in 1956 is exaggerated.")
    make_document("fixture-unattributed", "1957-05-20", "Poland",
                  "In 1956 the cooperatives united 1,200,000 peasant households across the country.")
    make_document("fixture-unrelated", "1957-05-21", "Poland", "Coal output reached 2.87 million tons in 1956.")

    echoes = {pid: lens(client, pid)["echoes"] for pid in
              ["fixture-attributed", "fixture-disputed", "fixture-unattributed", "fixture-unrelated"]}
    assert [e["presentation"] for e in echoes["fixture-attributed"]] == ["attributed"]
    assert [e["presentation"] for e in echoes["fixture-disputed"]] == ["disputed"]
    assert [e["presentation"] for e in echoes["fixture-unattributed"]] == ["unattributed"]
    assert echoes["fixture-unrelated"] == []
    first = echoes["fixture-attributed"][0]
    assert first["official"]["document"] == "fixture-official-1957-01" and first["unit"] == "tonne"
    assert first["report"]["figure"] == "2,870,000 tons" and first["official"]["figure"] == "2.87 million tons"

    page = client.get("/documents/fixture-disputed/").content.decode()
    assert "Figures matching earlier official statements" in page and "exaggerated" in page


def test_a_statement_made_after_the_report_or_not_public_is_not_an_echo(client, statement):
    make_document("fixture-before", "1956-12-01", "Hungary", "The grain harvest of 1956 was 2.87 million tons.")
    assert lens(client, "fixture-before")["echoes"] == []
    statement.status = "draft"
    statement.save()
    make_document("fixture-after", "1957-03-01", "Hungary", "The grain harvest of 1956 was 2.87 million tons.")
    assert lens(client, "fixture-after")["echoes"] == []

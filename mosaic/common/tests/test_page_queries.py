"""Reader pages ask the database a fixed number of questions, however many names, credits and
documents a record has: a person named in thousands of documents, or a document with many
authors, costs no more queries than one with a single one (bench/load.py measures the time)."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mosaic.corpus.models import Credit, Document, DocumentAgent, NameLink
from mosaic.entities.models import Agent, Person

pytestmark = pytest.mark.django_db


def fetched(client, path) -> tuple[int, str]:
    """(queries made, page) for an anonymous reader's GET."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def document(n: int) -> Document:
    return Document.objects.create(public_id=f"doc-{n}", title=f"Report number {n}", status="published",
                                   origin_country="USSR", doc_type="report", date="1956",
                                   date_min=dt.date(1956, 1, 1), date_max=dt.date(1956, 12, 31))


def test_a_person_page_makes_the_same_queries_for_one_agent_or_many(client):
    person = Person.objects.create(person_id="P900", tradition=Person.OTHER, display_name="Andrei Gromyko")

    def name_in(n: int, agent: Agent) -> None:
        written = document(n)
        DocumentAgent.objects.create(document=written, agent=agent, role="author", as_written=agent.name)
        NameLink.objects.create(document=document(n + 1000), person=person, surface_form="Gromyko", confidence=0.9)

    name_in(1, Agent.objects.create(name="A. A. Gromyko", person=person))
    few, page = fetched(client, "/people/P900/")
    assert "Report number 1" in page and "Report number 1001" in page
    for n in range(2, 5):
        agent = Agent.objects.create(name=f"Gromyko ({n})", person=person)
        for copy in range(3):
            name_in(10 * n + copy, agent)
    many, page = fetched(client, "/people/P900/")
    assert "Report number 42" in page and "Gromyko (4)" in page and "Report number 1042" in page
    assert many == few


def test_a_document_page_makes_the_same_queries_for_one_author_and_credit_or_many(client):
    shown = document(1)
    author = Agent.objects.create(name="Vasily Ivanov")
    DocumentAgent.objects.create(document=shown, agent=author, role="author", as_written=author.name)
    Credit.objects.create(document=shown, role="translated", agent=Agent.objects.create(name="Gary Goldberg"))
    few, page = fetched(client, "/documents/doc-1/")
    assert "Vasily Ivanov" in page and "Gary Goldberg" in page
    for n in range(2, 6):
        agent = Agent.objects.create(name=f"Second Secretary {n}")
        DocumentAgent.objects.create(document=shown, agent=agent, role="author", as_written=agent.name, order=n)
        Credit.objects.create(document=shown, role="translated", agent=Agent.objects.create(name=f"Translator {n}"), order=n)
    many, page = fetched(client, "/documents/doc-1/")
    assert "Second Secretary 5" in page and "Translator 5" in page
    assert many == few

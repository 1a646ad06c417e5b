"""The document page reads each part of a document once, however many of its sections show it
(metadata, citation, texts, markers, echoes, the translation box), and still shows a reader only
what the access policy lets them see."""
import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mosaic.archives.models import Repository
from mosaic.corpus.models import Credit, Document, DocumentAgent, Locator, TextLayer
from mosaic.entities.models import Agent

pytestmark = pytest.mark.django_db

PARTS = ["corpus_textlayer", "corpus_credit", "corpus_documentagent", "corpus_locator"]


@pytest.fixture
def report():
    document = Document.objects.create(public_id="parts-1", title="Report on the harvest", status="published",
                                       origin_country="USSR", doc_type="report", date="1956-07-24",
                                       date_min=dt.date(1956, 7, 24), date_max=dt.date(1956, 7, 24))
    DocumentAgent.objects.create(document=document, agent=Agent.objects.create(name="Vasily Ivanov"), role="author",
                                 as_written="V. Ivanov")
    Credit.objects.create(document=document, role="translated", agent=Agent.objects.create(name="Gary Goldberg"))
    Credit.objects.create(document=document, role="funded", agent=Agent.objects.create(name="A Fixture Foundation"), order=1)
    repository, _ = Repository.objects.get_or_create(code="RGANI", defaults={"name": "Russian State Archive of Contemporary History"})
    Locator.objects.create(document=document, repository=repository, as_printed="RGANI, f. 5, op. 28, d. 410, ll. 1-3.",
                           folio_start=1, folio_end=3)
    TextLayer.objects.create(document=document, kind="translation", language="en", text="The harvest was good.")
    TextLayer.objects.create(document=document, kind="original", language="ru", text="RESTRICTEDCANARY урожай",
                             access="staff", order=1)
    return document


def reads_of_each_part(client, path) -> tuple[dict[str, int], str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    # Whole rows of a part (other questions, such as which people a document names, ask for columns).
    rows = [re.match(r'SELECT "(\w+)"\."id", ', query["sql"]) for query in captured.captured_queries]
    return {part: sum(bool(r) and r.group(1) == part for r in rows) for part in PARTS}, response.content.decode()


def test_each_part_is_read_once_and_the_page_shows_what_it_did(client, report):
    reads, page = reads_of_each_part(client, "/documents/parts-1/")
    assert reads == {part: 1 for part in PARTS}
    assert "Vasily Ivanov" in page and "V. Ivanov" in page  # the agent and how the record writes them
    assert "Gary Goldberg" in page and "A Fixture Foundation" in page
    assert "Russian State Archive of Contemporary History" in page and "Folios" in page
    assert "The harvest was good." in page
    assert "RESTRICTEDCANARY" not in page and "is held but not published" in page  # the staff-only original
    citation = re.search(r'<textarea id="citation-archive"[^>]*>([^<]*)</textarea>', page).group(1)
    assert "Report on the harvest" in citation and "RGANI" in citation and "Translated by Gary Goldberg" in citation
    assert "Not public" not in page


def test_a_curator_sees_the_restricted_text_and_whether_the_document_is_public(client, report, django_user_model):
    from mosaic.curation import roles

    roles.sync_roles()
    curator = django_user_model.objects.create_user("parts-curator", password="a-long-password-1")
    roles.grant(curator, "Curator")
    client.force_login(curator)
    page = client.get("/documents/parts-1/").content.decode()
    assert "RESTRICTEDCANARY" in page and "Not public" not in page
    Document.objects.filter(pk=report.pk).update(status="draft")
    assert "Not public" in client.get("/documents/parts-1/").content.decode()

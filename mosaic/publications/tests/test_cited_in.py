"""A document's page lists the published essays and publications that cite it, in a note or in
their appended document list, for one query."""
import pytest
from django.template import Context, Template

from mosaic.corpus.models import Document
from mosaic.publications.models import Footnote, Publication, PublicationDocument

pytestmark = pytest.mark.django_db


def test_the_document_page_lists_essays_citing_it_in_a_note_or_appending_it(essay, client):
    reader = Publication.objects.create(slug="reader", kind="document_reader", title="A reader of plenum documents",
                                        status="published")
    PublicationDocument.objects.create(publication=reader, document=Document.objects.get(public_id="ivanov-report"))
    draft = Publication.objects.create(slug="draft-essay", kind="essay", title="Unfinished essay", status="draft",
                                       body="Text.[^1]")
    Footnote.objects.create(publication=draft, marker="1", document=Document.objects.get(public_id="ivanov-report"))

    page = client.get("/documents/ivanov-report/").content.decode()
    cited_in = page[page.index("<dt>Cited in</dt>"):page.index("<dt>Identifier</dt>")]
    assert '<a href="/publications/plenum-essay/">Reading the August Plenum</a> <span class="meta">(essay, 2026)</span>' in cited_in
    assert '<a href="/publications/reader/">A reader of plenum documents</a>' in cited_in
    assert "Unfinished essay" not in page  # a draft cites nothing yet
    # Cited twice in the essay and appended to it: listed once.
    resolution = client.get("/documents/plenum-resolution/").content.decode()
    assert resolution.count('href="/publications/plenum-essay/"') == 1


def test_a_document_no_published_work_cites_has_no_cited_in(essay, client):
    essay.status = "withdrawn"
    essay.save()
    assert "Cited in" not in client.get("/documents/ivanov-report/").content.decode()


def test_the_cited_in_list_costs_one_query(essay, django_assert_num_queries):
    document = Document.objects.get(public_id="plenum-resolution")
    template = Template("{% load publication_citations %}{% cited_in document %}")
    with django_assert_num_queries(1):
        html = template.render(Context({"document": document}))
    assert "Reading the August Plenum" in html

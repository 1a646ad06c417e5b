import datetime as dt

import pytest

from mosaic.archives.models import Repository
from mosaic.corpus.models import Document, Locator
from mosaic.publications.models import Footnote, Publication, PublicationDocument

HIDDEN_TITLE = "Secret draft memorandum on the plenum"


@pytest.fixture
def essay(db):
    """A published essay whose notes cite a public document twice (at two pinpoints), a draft
    document, and nothing at all; a staff-only document is appended to its list."""
    garf = Repository.objects.create(code="GARF", name="State Archive of the Russian Federation")
    report = Document.objects.create(public_id="ivanov-report", title="Ivanov to Mikoyan on the August Plenum",
                                     status="published", date="1956-09-15", date_min=dt.date(1956, 9, 15),
                                     date_max=dt.date(1956, 9, 15), origin_country="USSR")
    Locator.objects.create(document=report, repository=garf, as_printed="GARF, Fond 5446, Opis 98, Delo 721, Listy 153-164. "
                                                                         "Translated by Gary Goldberg.")
    resolution = Document.objects.create(public_id="plenum-resolution", title="Resolution of the Plenum",
                                         status="published", date="1956-09-23", origin_country="DPRK")
    draft = Document.objects.create(public_id="draft-memo", title=HIDDEN_TITLE, status="draft", date="1956-08")
    staff_only = Document.objects.create(public_id="staff-memo", title="Staff-only memorandum", status="published",
                                         access="staff")
    publication = Publication.objects.create(
        slug="plenum-essay", kind="essay", title="Reading the August Plenum", status="published", date=dt.date(2026, 1, 5),
        body="<p>Ivanov reported at once.[^ivanov] A draft says more.[^draft]</p>"
             "<p>The resolution followed.[^2] Ivanov again.[^ivanov][^aside]</p>")
    Footnote.objects.create(publication=publication, marker="2", document=resolution)
    Footnote.objects.create(publication=publication, marker="ivanov", text="<em>Top secret</em>, copy no. 1.",
                            document=report, pinpoint="l. 153")
    Footnote.objects.create(publication=publication, marker="draft", text="Not yet open.", document=draft, pinpoint="p. 2")
    Footnote.objects.create(publication=publication, marker="aside", text="A remark that cites nothing.")
    PublicationDocument.objects.create(publication=publication, document=staff_only, order=1)
    PublicationDocument.objects.create(publication=publication, document=resolution, order=2)
    return publication

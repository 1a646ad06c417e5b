import datetime as dt
import io

import pytest

from mosaic.archives.models import Repository
from mosaic.context.models import Event
from mosaic.corpus.models import ArchivalUnit, Credit, Document, DocumentAgent, Locator, NameLink, TextLayer
from mosaic.entities.models import Agent, Person
from mosaic.preservation.models import DocumentFile
from mosaic.preservation.store import store_stream
from mosaic.preservation.tests.conftest import page_image
from mosaic.publications.models import Publication, PublicationAuthor, PublicationDocument

SECRET = "BOOKCANARY"  # only in what the public must not see
HANGUL_NAME = "김일성"
RUSSIAN_FORM = "Ким Ир Сен"


@pytest.fixture
def book_files(settings, tmp_path):
    settings.MOSAIC_BOOKS = tmp_path / "books"
    settings.MOSAIC_FILE_STORE = tmp_path / "store"
    settings.MOSAIC_DERIVATIVES = tmp_path / "derivatives"
    return settings.MOSAIC_BOOKS


def _document(public_id, title, date, **fields):
    from mosaic.lib.partial_dates import PartialDate

    interval = PartialDate.parse(date).interval()
    return Document.objects.create(public_id=public_id, title=title, date=date, date_min=interval.start,
                                   date_max=interval.end, status=fields.pop("status", "published"), **fields)


@pytest.fixture
def briefing_book(db, book_files):
    """A published briefing book of four documents: a translated Soviet report with its Russian
    original, a Korean document, a public document with a staff-only layer, and a staff-only
    document; a person of the name authority, an event inside the documents' period and one
    outside it, and a scan of the Korean document."""
    garf = Repository.objects.create(code="GARF", name="State Archive of the Russian Federation")
    kim = Person.objects.create(person_id="P001", display_name="Kim Il Sung", hangul=HANGUL_NAME, hanja="金日成",
                                mr="Kim Il-sŏng", rr="Gim Il-seong", born="1912-04-15", died="1994-07-08")
    translator = Agent.objects.create(name="Gary Goldberg")
    kim_agent = Agent.objects.create(name="Kim Il Sung", person=kim)

    report = _document("book-report", "Ivanov on the August Plenum", "1956-09-15", origin_country="USSR",
                       original_language="ru", classification="Top Secret", summary="The plenum and its aftermath.")
    locator = Locator.objects.create(document=report, repository=garf, as_printed="GARF, f. 5446, op. 98, d. 721, ll. 153-164.",
                                     folio_start=153, folio_end=164, folio_term="ll.")
    for order, (kind, value) in enumerate((("fond", "5446"), ("opis", "98"), ("delo", "721"))):
        ArchivalUnit.objects.create(locator=locator, order=order, unit_type=kind, value=value)
    Credit.objects.create(document=report, role="translated", agent=translator)
    TextLayer.objects.create(document=report, kind="translation", language="en", made_by="Gary Goldberg",
                             text="The plenum met at the end of August.\n\nKim Il Sung spoke first.")
    TextLayer.objects.create(document=report, kind="original", language="ru", text=f"Пленум собрался. {RUSSIAN_FORM} выступил.")
    DocumentAgent.objects.create(document=report, agent=kim_agent, role="mentioned", as_written="Kim Il Sung")

    korean = _document("book-korean", "Rodong Sinmun editorial", "1956-08-31", origin_country="DPRK", original_language="ko")
    TextLayer.objects.create(document=korean, kind="original", language="ko", text=f"{HANGUL_NAME} 동지의 연설")
    # (The name matcher may have suggested it already, where jobs run at once: a curator confirms it.)
    NameLink.objects.update_or_create(document=korean, person=kim, surface_form=HANGUL_NAME,
                                      defaults={"confidence": 1.0, "status": NameLink.CONFIRMED})
    DocumentFile.objects.create(document=korean, label="Front page",
                                stored_file=store_stream(io.BytesIO(page_image("Rodong", pages=2, fmt="TIFF")), name="rodong.tif"))
    DocumentFile.objects.create(document=korean, label=f"{SECRET} staff scan", access="staff",
                                stored_file=store_stream(io.BytesIO(page_image("Staff scan")), name="staff-scan.png"))

    partly = _document("book-partly", "Hungarian legation report", "1956-10-02", origin_country="Hungary")
    TextLayer.objects.create(document=partly, kind="translation", language="en", text="The legation heard of the plenum.")
    TextLayer.objects.create(document=partly, kind="original", language="hu", access="staff",
                             text=f"A követség {SECRET} Kim Ir Szen beszédéről.")
    # Confirmed by a curator, but written only in the staff-only original.
    NameLink.objects.update_or_create(document=partly, person=kim, surface_form="Kim Ir Szen",
                                      defaults={"confidence": 0.98, "status": NameLink.CONFIRMED})

    hidden = _document("book-hidden", f"{SECRET} staff-only telegram", "1956-09-20", access="staff")
    TextLayer.objects.create(document=hidden, kind="translation", language="en", text=f"{SECRET} telegram text")

    Event(row_id="E007", start="1956-08-30", end="1956-08-31", title="August Plenum of the KWP CC", category="purge",
          sources="test", confidence="high", needs_verification=False).save()
    Event(row_id="E099", start="1960-01", title="An event of another period", category="party", sources="test",
          confidence="low").save()

    book = Publication.objects.create(slug="plenum-book", kind="briefing_book", title="The August Plenum of 1956",
                                      date=dt.date(2026, 12, 1), status="published",
                                      body="<p>An introduction in the editor's words. See <a href=\"/documents/book-report/\">the report</a>.</p>")
    PublicationAuthor.objects.create(publication=book, agent=Agent.objects.create(name="Editorial team", kind="organisation"))
    for order, document in enumerate([korean, report, hidden, partly]):
        PublicationDocument.objects.create(publication=book, document=document, order=order)
    return book

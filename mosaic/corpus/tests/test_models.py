import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from mosaic.archives.models import Repository
from mosaic.corpus.models import ArchivalUnit, Document, Locator

pytestmark = pytest.mark.django_db


def test_clean_fills_the_interval_from_a_partial_date():
    doc = Document(public_id="d-1", title="T", date="1956-02")
    doc.full_clean()
    assert (doc.date_min, doc.date_max) == (dt.date(1956, 2, 1), dt.date(1956, 2, 29))
    assert doc.date_display == "February 1956"


def test_clean_refuses_an_impossible_date_in_words_a_curator_understands():
    doc = Document(public_id="d-2", title="T", date="1955-02-29")
    with pytest.raises(ValidationError) as error:
        doc.full_clean()
    assert "1955-02 has no day 29" in str(error.value)


def test_clean_requires_an_embargo_date():
    with pytest.raises(ValidationError, match="embargo ends"):
        Document(public_id="d-3", title="T", access="embargoed").full_clean()


def test_undated_document_displays_as_undated():
    assert Document(public_id="d-4", title="T").date_display == "Undated"


def test_locator_short_form():
    repository = Repository.objects.create(code="RGANI", name="Russian State Archive of Contemporary History")
    doc = Document.objects.create(public_id="d-5", title="T")
    locator = Locator.objects.create(document=doc, repository=repository, folio_start=301, folio_end=303, folio_term="Listy")
    for order, (unit_type, label, value) in enumerate([("fond", "Fond", "5"), ("opis", "Opis", "28"), ("delo", "Delo", "410")]):
        ArchivalUnit.objects.create(locator=locator, order=order, unit_type=unit_type, label=label, value=value)
    assert locator.short_form() == "RGANI, Fond 5, Opis 28, Delo 410, Listy 301–303"

import datetime as dt

import pytest

from mosaic.corpus.models import Document, TextLayer
from mosaic.entities.models import AuthorityTerm
from mosaic.search.index import get_backend
from mosaic.subjects.models import Subject
from mosaic.subjects.vocabulary import load_places, load_subjects


@pytest.fixture
def vocabulary(db):
    """The shipped subject vocabulary and gazetteer, with the index emptied (transactional tests
    empty Django's tables, not the index's own)."""
    get_backend().clear()
    load_subjects()
    load_places()
    return Subject.objects.in_bulk(field_name="slug"), AuthorityTerm.objects.filter(kind="place").in_bulk(field_name="term_id")


def make_document(public_id: str, *, title: str = "", country: str = "USSR", date: str = "1956-09-01", **fields) -> Document:
    day = dt.date.fromisoformat(date) if len(date) == 10 else dt.date(int(date[:4]), 1, 1)
    document = Document.objects.create(public_id=public_id, title=title or f"Record {public_id}", status=fields.pop("status", "published"),
                                       origin_country=country, date=date, date_min=day,
                                       date_max=day if len(date) == 10 else dt.date(int(date[:4]), 12, 31), **fields)
    TextLayer.objects.create(document=document, kind="translation", language="en", text=f"Text of {public_id}.")
    return document

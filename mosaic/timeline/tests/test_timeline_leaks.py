"""A staff-only, draft or embargoed document is never listed or counted on the timeline for a
reader who may not see it, in the API or on the page; a curator sees it."""
import datetime as dt

import pytest

from mosaic.corpus.models import Document
from mosaic.curation import roles

pytestmark = pytest.mark.django_db

MARK = "LEAKCANARY"


@pytest.fixture
def documents(db):
    span = {"date": "1956", "date_min": dt.date(1956, 1, 1), "date_max": dt.date(1956, 12, 31), "origin_country": "USSR"}
    Document.objects.create(public_id="open-doc", title="Open report", status="published", **span)
    Document.objects.create(public_id="staff-doc", title=f"{MARK} staff", status="published", access="staff", **span)
    Document.objects.create(public_id="draft-doc", title=f"{MARK} draft", status="draft", **span)
    Document.objects.create(public_id="embargo-doc", title=f"{MARK} embargo", status="published", access="embargoed",
                            embargo_until=dt.date(2999, 1, 1), **span)


@pytest.mark.parametrize("granularity", ["items", "month", "year"])
def test_the_anonymous_reader_neither_sees_nor_counts_hidden_documents(client, documents, granularity):
    response = client.get("/api/timeline", {"from": "1956", "to": "1956", "granularity": granularity})
    body = response.content.decode()
    assert response.status_code == 200 and MARK not in body and "staff-doc" not in body
    data = response.json()
    assert [d["id"] for d in data["documents"]] + [c["documents"] for c in data["counts"]] in (["open-doc"], [1])


def test_the_page_counts_only_what_the_reader_sees(client, documents, staff_member):
    page = client.get("/timeline/", {"from": "1956", "to": "1956"}).content.decode()
    assert ">1 document</a>" in page and MARK not in page
    client.force_login(staff_member(roles.CURATOR))
    assert ">4 documents</a>" in client.get("/timeline/", {"from": "1956", "to": "1956"}).content.decode()
    ids = [d["id"] for d in client.get("/api/timeline", {"from": "1956", "to": "1956"}).json()["documents"]]
    assert sorted(ids) == ["draft-doc", "embargo-doc", "open-doc", "staff-doc"]

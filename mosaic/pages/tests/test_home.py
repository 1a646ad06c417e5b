import datetime as dt

import pytest

from mosaic.corpus.models import Document

pytestmark = pytest.mark.django_db


def make(public_id, **fields):
    return Document.objects.create(public_id=public_id, title=f"Title of {public_id}", **fields)


def test_home_lists_only_what_the_public_may_see(client):
    make("open", status="published", date="1956-07-24", date_min=dt.date(1956, 7, 24), date_max=dt.date(1956, 7, 24))
    make("draft", status="draft")
    make("restricted", status="published", access="staff")
    make("embargo-over", status="published", access="embargoed", embargo_until=dt.date(2000, 1, 1))
    make("embargo-on", status="published", access="embargoed", embargo_until=dt.date(2999, 1, 1))

    body = client.get("/").content.decode()

    assert "<strong>2</strong> published documents" in body
    assert "Title of open" in body and "July 24, 1956" in body
    assert "Title of embargo-over" in body
    for hidden in ("draft", "restricted", "embargo-on"):
        assert f"Title of {hidden}" not in body


def test_empty_archive_says_how_to_fill_it(client):
    assert "mosaic demo" in client.get("/").content.decode()

"""Reader reports: the form on the document page, the throttle, the robot trap and the curators' queue."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mosaic.corpus.models import Document
from mosaic.reports.models import ProblemReport

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script> and \"><img src=x onerror=alert(1)>"


@pytest.fixture
def document(db):
    return Document.objects.create(public_id="su-1956-06", title="Journal of Ambassador Ivanov", status="published",
                                   date="1956-06-14", date_min=dt.date(1956, 6, 14), date_max=dt.date(1956, 6, 14))


@pytest.fixture
def curator_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("curator", "curator@example.org", "a-long-passphrase"))
    return client


def report_url(document):
    return reverse("reports:report", args=[document.public_id])


def report(client, document, address="127.0.0.1", **fields):
    data = {"kind": "wrong_name", "message": "Nam Il is spelled Nam Ir on page 2.", "contact_email": "", "website": ""}
    data.update(fields)
    return client.post(report_url(document), data, REMOTE_ADDR=address)


def test_the_document_page_carries_a_collapsed_report_form(client, document):
    body = client.get(f"/documents/{document.public_id}/").content.decode()
    assert '<details class="report-problem" id="report-problem">' in body
    assert f'action="/documents/{document.public_id}/report"' in body
    assert 'name="csrfmiddlewaretoken"' in body
    for label in ("Wrong or misspelled name", "Wrong date", "Missing or misordered page", "Translation error",
                  "Wrong archive reference", "Other"):
        assert label in body
    assert '<div hidden aria-hidden="true"><label for="report-website">' in body  # the robot trap, out of sight
    assert 'maxlength="2000"' in body


def test_the_report_route_also_serves_the_form_on_its_own(client, document):
    response = client.get(report_url(document))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Report a problem" in body and document.title in body and "<details class=\"report-problem\" id=\"report-problem\" open>" in body


def test_a_report_lands_in_the_curators_queue(client, document, django_user_model):
    response = report(client, document, kind="wrong_date", message="  The date should be 14 July 1956.  ",
                      contact_email="reader@example.org")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Thank you" in body and f'href="/documents/{document.public_id}/"' in body

    stored = ProblemReport.objects.get()
    assert (stored.document, stored.kind, stored.message, stored.contact_email, stored.status) == (
        document, "wrong_date", "The date should be 14 July 1956.", "reader@example.org", "open")
    assert stored.user is None

    curator = django_user_model.objects.create_superuser("curator", "curator@example.org", "a-long-passphrase")
    client.force_login(curator)
    queue = client.get(reverse("admin:reports_problemreport_changelist"))
    assert queue.status_code == 200
    listing = queue.content.decode()
    assert "The date should be 14 July 1956." in listing and "Wrong date" in listing and document.public_id in listing
    assert client.get(reverse("admin:reports_problemreport_change", args=[stored.pk])).status_code == 200


def test_a_signed_in_reader_is_recorded(client, document, django_user_model):
    reader = django_user_model.objects.create_user("reader", password="a-long-passphrase")
    client.force_login(reader)
    report(client, document)
    assert ProblemReport.objects.get().user == reader


def test_the_address_is_stored_only_as_a_keyed_hash(client, document):
    report(client, document, address="203.0.113.7")
    stored = ProblemReport.objects.get()
    assert len(stored.client_hash) == 64 and "203.0.113.7" not in stored.client_hash
    row = ProblemReport.objects.filter(pk=stored.pk).values().get()
    assert not any("203.0.113" in str(value) for value in row.values())


def test_the_hourly_limit_answers_429_with_when_to_try_again(client, document, settings):
    settings.MOSAIC_REPORTS_PER_HOUR = 5
    documents = [document] + [Document.objects.create(public_id=f"doc-{n}", title=f"Document {n}", status="published")
                              for n in range(4)]
    for n, target in enumerate(documents):
        assert report(client, target, message=f"Problem number {n}").status_code == 200
    assert ProblemReport.objects.count() == 5

    refused = report(client, document, message="One report too many")
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "not sent" in body and "5 reports within the last hour" in body and "try again after" in body
    assert "One report too many" in body  # given back to copy, not lost
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert ProblemReport.objects.count() == 5

    assert report(client, document, message="From another address", address="198.51.100.9").status_code == 200

    ProblemReport.objects.update(created=timezone.now() - dt.timedelta(minutes=61))
    assert report(client, documents[1], message="An hour later").status_code == 200


def test_the_limit_follows_the_setting(client, document, settings):
    settings.MOSAIC_REPORTS_PER_HOUR = 1
    assert report(client, document, message="First").status_code == 200
    assert report(client, document, message="Second").status_code == 429


def test_one_sender_may_report_one_document_only_a_few_times_a_day(client, document):
    for n in range(3):
        assert report(client, document, message=f"Problem number {n}").status_code == 200
    refused = report(client, document, message="Fourth about the same document")
    assert refused.status_code == 429
    assert "3 reports about this document within the last day" in refused.content.decode()
    other = Document.objects.create(public_id="other-doc", title="Other", status="published")
    assert report(client, other, message="A different document").status_code == 200


def test_sending_the_same_report_twice_stores_it_once(client, document):
    report(client, document)
    again = report(client, document)
    assert again.status_code == 200 and "Thank you" in again.content.decode()
    assert ProblemReport.objects.count() == 1


def test_the_robot_trap_drops_the_report_but_answers_like_a_success(client, document):
    response = report(client, document, website="https://spam.example/")
    assert response.status_code == 200
    assert response.content.decode() == report(client, document, message="A real one").content.decode()
    assert ProblemReport.objects.count() == 1  # only the real one


@pytest.mark.parametrize("fields, complaint", [
    ({"kind": "flattery"}, "Please choose what kind of problem this is from the list."),
    ({"kind": ""}, "Please choose what kind of problem this is."),
    ({"message": ""}, "Please describe the problem."),
    ({"message": "   \n  "}, "Please describe the problem."),
    ({"message": "x" * 2001}, "Please shorten the description to 2000 characters or fewer (it has 2001)."),
    ({"contact_email": "not an address"}, "This does not look like an email address."),
])
def test_an_invalid_report_is_sent_back_with_plain_errors_and_the_text_kept(client, document, fields, complaint):
    fields = {"message": "Kept text: Kim Ir Sen is Kim Il Sung", **fields}
    response = report(client, document, **fields)
    assert response.status_code == 400
    body = response.content.decode()
    assert "The report was not sent" in body and complaint in body
    if fields["message"].strip() and len(fields["message"]) <= 2000:
        assert fields["message"] in body
    assert "<details class=\"report-problem\" id=\"report-problem\" open>" in body
    assert ProblemReport.objects.count() == 0


@pytest.mark.parametrize("status, access", [("draft", "public"), ("published", "staff"), ("withdrawn", "public")])
def test_documents_the_reader_may_not_see_take_no_reports(client, status, access):
    hidden = Document.objects.create(public_id="hidden-doc", title="Hidden", status=status, access=access)
    assert client.get(report_url(hidden)).status_code == 404
    assert report(client, hidden).status_code == 404
    assert ProblemReport.objects.count() == 0


def test_unknown_documents_take_no_reports(client):
    assert client.post("/documents/no-such-doc/report", {"kind": "other", "message": "x"}).status_code == 404


def test_hostile_text_is_stored_as_typed_and_shown_escaped(client, document, django_user_model):
    assert report(client, document, message=HOSTILE, contact_email="").status_code == 200
    stored = ProblemReport.objects.get()
    assert stored.message == HOSTILE

    client.force_login(django_user_model.objects.create_superuser("curator", "curator@example.org", "a-long-passphrase"))
    for url in (reverse("admin:reports_problemreport_changelist"), reverse("admin:reports_problemreport_change", args=[stored.pk])):
        body = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in body and "<img src=x onerror" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_hostile_document_titles_are_escaped_on_the_report_pages(client):
    document = Document.objects.create(public_id="hostile", title=HOSTILE, status="published")
    for response in (client.get(report_url(document)), report(client, document, message="")):
        body = response.content.decode()
        assert "<script>alert(1)</script>" not in body and "<img src=x onerror" not in body


def test_curator_actions_record_who_handled_the_report_and_when(curator_client, document):
    reports = [ProblemReport.objects.create(document=document, kind="other", message=f"Report {n}", client_hash="h") for n in range(3)]
    changelist = reverse("admin:reports_problemreport_changelist")
    for action, report_, status in (("mark_in_progress", reports[0], "in_progress"), ("mark_resolved", reports[1], "resolved"),
                                    ("dismiss", reports[2], "dismissed")):
        response = curator_client.post(changelist, {"action": action, "_selected_action": [report_.pk]}, follow=True)
        assert response.status_code == 200 and "1 report marked" in response.content.decode()
        report_.refresh_from_db()
        assert report_.status == status
        assert report_.handled_by.username == "curator"
        assert timezone.now() - report_.handled_at < dt.timedelta(minutes=1)


def test_the_queue_filters_by_status_and_kind_and_searches(curator_client, document):
    ProblemReport.objects.create(document=document, kind="wrong_name", message="Pak Hon Yong misspelled", client_hash="h")
    ProblemReport.objects.create(document=document, kind="wrong_date", message="Date off by a year", client_hash="h",
                                 status="resolved")
    changelist = reverse("admin:reports_problemreport_changelist")
    open_only = curator_client.get(changelist, {"status__exact": "open"}).content.decode()
    assert "Pak Hon Yong" in open_only and "Date off by a year" not in open_only
    dates = curator_client.get(changelist, {"kind__exact": "wrong_date"}).content.decode()
    assert "Date off by a year" in dates and "Pak Hon Yong" not in dates
    found = curator_client.get(changelist, {"q": "Hon Yong"}).content.decode()
    assert "Pak Hon Yong" in found and "Date off by a year" not in found


def test_staff_may_change_status_and_note_but_not_what_the_reader_wrote(curator_client, document):
    stored = ProblemReport.objects.create(document=document, kind="wrong_name", message="Original words",
                                          contact_email="reader@example.org", client_hash="h")
    url = reverse("admin:reports_problemreport_change", args=[stored.pk])
    response = curator_client.post(url, {"kind": "translation_error", "status": "resolved", "curator_note": "Fixed the spelling.",
                                         "message": "Rewritten", "contact_email": "other@example.org"})
    assert response.status_code == 302, response.content.decode()[:2000]
    stored.refresh_from_db()
    assert (stored.kind, stored.status, stored.curator_note) == ("translation_error", "resolved", "Fixed the spelling.")
    assert (stored.message, stored.contact_email) == ("Original words", "reader@example.org")
    assert stored.handled_by.username == "curator" and stored.handled_at is not None
    assert curator_client.get(reverse("admin:reports_problemreport_add")).status_code == 403

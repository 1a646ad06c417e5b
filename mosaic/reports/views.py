import logging

from django.db import transaction
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from mosaic.corpus.views import visible_document_or_404
from mosaic.reports.forms import ProblemReportForm
from mosaic.reports.models import ProblemReport
from mosaic.common.throttle import DAY, refusal
from mosaic.reports.throttle import client_hash, throttled

logger = logging.getLogger(__name__)


@require_http_methods(["GET", "POST"])
def report_problem(request, public_id):
    """The report form of a document the reader may see; a POST files the report for curators."""
    document = visible_document_or_404(request, public_id)
    if request.method == "GET":
        return _form_page(request, document, ProblemReportForm())

    form = ProblemReportForm(request.POST)
    if form.filled_by_a_robot:
        # Answered like a success so that the robot learns nothing; nothing is stored.
        logger.info("Dropped a problem report on %s: the hidden field was filled in", document.public_id)
        return _thanks(request, document)

    sender = client_hash(request)
    limit = None
    # Counting and storing in one transaction: on SQLite (transaction_mode IMMEDIATE) it holds the
    # write lock, so concurrent server processes cannot all slip under the limit at once.
    with transaction.atomic():
        if form.is_valid() and _already_filed(form, document, sender):
            return _thanks(request, document)  # the same report sent twice, e.g. by reloading the page
        limit = throttled(sender, document)
        if limit is None and form.is_valid():
            report = form.save(commit=False)
            report.document = document
            report.client_hash = sender
            report.user = request.user if request.user.is_authenticated else None
            report.save()
    if limit is not None:
        return refusal(request, document, limit, noun="report", unsent=request.POST.get("message", ""))
    if not form.is_valid():
        return _form_page(request, document, form, status=400)
    return _thanks(request, document)


def _already_filed(form, document, sender) -> bool:
    return ProblemReport.objects.filter(
        client_hash=sender, document=document, kind=form.cleaned_data["kind"], message=form.cleaned_data["message"],
        created__gt=timezone.now() - DAY,
    ).exists()


def _form_page(request, document, form, status=200):
    return render(request, "reports/report_page.html", {"document": document, "form": form}, status=status)


def _thanks(request, document):
    return render(request, "reports/thanks.html", {"document": document})

"""Staff pages: the fixity audit log, and the foliation of each archival file we hold leaves of."""
from functools import wraps

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from mosaic.archives.models import Repository
from mosaic.common.numbers import parse_number
from mosaic.corpus import access
from mosaic.preservation.foliation import archival_files, file_foliation
from mosaic.preservation.models import Accession, AuditRun


def _staff_page(request, template: str, title: str, **context):
    """A page of the staff interface, with its header, sidebar and the user's tools."""
    return TemplateResponse(request, template, {**admin.site.each_context(request), "title": title, **context})


def for_those_who_see_all_records(view):
    """These pages name restricted files and layers (audit findings) and show accessions, which
    the access policy opens only to those who see all records; a translator, though staff, gets 403."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not access.sees_all_records(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


@for_those_who_see_all_records
def audit_log(request):
    runs = list(AuditRun.objects.all()[:50])
    chosen = runs[0] if runs else None
    if request.GET.get("run"):
        run_id = parse_number(request.GET["run"])  # a run that is no number is ignored
        chosen = get_object_or_404(AuditRun, pk=run_id) if run_id is not None else None
    return _staff_page(request, "preservation/audit_log.html", "Fixity audit log",
                       runs=runs, chosen=chosen, findings=chosen.findings.all() if chosen else [])


@for_those_who_see_all_records
def foliation_index(request):
    rows = archival_files(access.visible_documents(request.user))
    return _staff_page(request, "preservation/foliation_index.html", "Foliation of archival files", rows=rows)


@for_those_who_see_all_records
def foliation_file(request):
    repository = get_object_or_404(Repository, code=request.GET.get("repository", ""))
    units = request.GET.get("units", "").strip()
    if not units:
        raise Http404("no archival file named")
    report = file_foliation(repository, units, access.visible_documents(request.user))
    if not report.documents and report.record is None:
        raise Http404("no such archival file")
    comparison = None
    first, second = request.GET.get("a"), request.GET.get("b")
    if first and second:
        by_id = {acc.accession_id: acc for acc in report.accessions}
        if first not in by_id or second not in by_id:
            raise Http404("no such accession of this file")
        comparison = report.compare(by_id[first], by_id[second])
    else:
        comparison = report.default_comparison()
    return _staff_page(request, "preservation/foliation_file.html", f"Foliation of {report.reference}", report=report,
                       comparison=comparison, accession_ids=[a.accession_id for a in report.accessions])


@for_those_who_see_all_records
def accession_detail(request, accession_id):
    accession = get_object_or_404(Accession.objects.select_related("archival_file__repository"), accession_id=accession_id)
    return _staff_page(request, "preservation/accession.html", f"Accession {accession.accession_id}",
                       accession=accession, files=accession.files.select_related("stored_file"))

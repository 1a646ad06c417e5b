"""/staff/jobs/: the background queue as staff see it: how much waits, what runs, what failed and
why, with a retry button."""
from __future__ import annotations

import uuid
from functools import wraps

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django_tasks_db.models import DBTaskResult

from mosaic.corpus import access
from mosaic.jobs import queue


def for_those_who_see_all_records(view):
    """A job's arguments and errors name documents, restricted ones included."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not access.sees_all_records(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def _describe(job: DBTaskResult) -> dict:
    arguments = job.args_kwargs.get("args", [])
    documents = arguments[0] if arguments and isinstance(arguments[0], list) else []
    reason = arguments[1] if len(arguments) > 1 else ""
    last_line = job.traceback.strip().splitlines()[-1] if job.traceback.strip() else ""
    return {"job": job, "name": job.task_path.rsplit(".", 1)[-1].replace("_", " "), "documents": len(documents),
            "reason": reason, "attempts": queue.attempts(job), "error": last_line}


@for_those_who_see_all_records
def jobs_page(request):
    state = queue.queue_state()
    context = {
        **admin.site.each_context(request), "title": gettext("Background jobs"), "state": state,
        "running": [_describe(job) for job in state.running],
        "failed": [_describe(job) for job in state.failed],
        "max_attempts": queue.settings.MOSAIC_JOBS_MAX_ATTEMPTS,
    }
    return TemplateResponse(request, "jobs/jobs.html", context)


@require_POST
@for_those_who_see_all_records
def retry_job(request, job_id):
    try:
        job = get_object_or_404(DBTaskResult.objects.failed(), pk=uuid.UUID(job_id))
    except ValueError:
        raise Http404("no such job") from None
    queue.retry(job)
    messages.success(request, gettext("The job %(name)s (%(id)s) is queued again.") % {
        "name": job.task_path.rsplit(".", 1)[-1], "id": job.pk})
    return HttpResponseRedirect(reverse("jobs:jobs"))

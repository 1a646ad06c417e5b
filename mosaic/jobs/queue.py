"""What Mosaic adds to django-tasks' database queue: retries with backoff, recovery of jobs whose
worker died, and the figures the staff page shows.

The queue itself is django-tasks-db's table (`DBTaskResult`): a job is READY, RUNNING,
SUCCESSFUL or FAILED, and each time a worker claims it, the worker's id is appended to
`worker_ids`, so the length of that list is the number of attempts made.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from traceback import format_exception

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from mosaic.jobs.models import WorkerProcess

ABANDONED = "mosaic.jobs.WorkerStopped"
BACKOFF_CAP = dt.timedelta(hours=1)


def attempts(job: DBTaskResult) -> int:
    return len(job.worker_ids)


def backoff(attempt: int) -> dt.timedelta:
    """How long to wait after the `attempt`-th failed attempt: doubling from
    MOSAIC_JOBS_RETRY_SECONDS, at most an hour."""
    return min(dt.timedelta(seconds=settings.MOSAIC_JOBS_RETRY_SECONDS * 2 ** (attempt - 1)), BACKOFF_CAP)


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.MOSAIC_JOBS_LEASE_SECONDS)


def after_failure(job: DBTaskResult, error: BaseException) -> None:
    """A job raised: queue it again after its backoff, or, once it has had all its attempts,
    leave it failed for staff to look at. Either way its error is kept."""
    if attempts(job) >= settings.MOSAIC_JOBS_MAX_ATTEMPTS:
        job.set_failed(error)
        return
    _queue_again(job, f"{type(error).__module__}.{type(error).__qualname__}", "".join(format_exception(error)),
                 timezone.now() + backoff(attempts(job)))


def _queue_again(job: DBTaskResult, exception_class_path: str, traceback: str, run_after) -> None:
    job.status = TaskResultStatus.READY
    job.run_after = run_after
    job.exception_class_path = exception_class_path
    job.traceback = traceback
    job.save(update_fields=["status", "run_after", "exception_class_path", "traceback"])


def recover_abandoned() -> int:
    """Queue again every running job whose worker has fallen silent for longer than the lease:
    it was killed (`kill -9`, a crash, a lost machine) part way through. Jobs are idempotent, so
    running one again from the start is safe. Returns how many were recovered."""
    cutoff = timezone.now() - lease()
    alive = set(WorkerProcess.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True))
    recovered = 0
    with transaction.atomic():
        for job in DBTaskResult.objects.running().filter(started_at__lt=cutoff).select_for_update(skip_locked=True):
            if job.worker_ids and job.worker_ids[-1] in alive:
                continue  # a long job whose worker still answers
            message = (f"The worker running this job ({job.worker_ids[-1] if job.worker_ids else 'unknown'}) "
                       f"stopped without finishing it (killed, or its machine stopped); it was queued again.")
            if attempts(job) >= settings.MOSAIC_JOBS_MAX_ATTEMPTS:
                job.status = TaskResultStatus.FAILED
                job.finished_at = timezone.now()
                job.exception_class_path, job.traceback = ABANDONED, message
                job.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
            else:
                _queue_again(job, ABANDONED, message, timezone.now())
            recovered += 1
        WorkerProcess.objects.filter(seen_at__lt=cutoff).delete()
    return recovered


def retry(job: DBTaskResult) -> None:
    """A staff member's retry of a failed job: it gets its full number of attempts again."""
    job.status = TaskResultStatus.READY
    job.run_after = get_date_max()  # the library's "no delay"
    job.worker_ids = []
    job.started_at = job.finished_at = None
    job.save(update_fields=["status", "run_after", "worker_ids", "started_at", "finished_at"])


def workers_alive() -> list[WorkerProcess]:
    return list(WorkerProcess.objects.filter(seen_at__gte=timezone.now() - lease()))


@dataclass
class QueueState:
    waiting: int  # ready to run now
    retrying: int  # failed before, waiting for their backoff to pass
    running: list[DBTaskResult]
    failed: list[DBTaskResult]
    failed_count: int
    done_last_day: int
    workers: list[WorkerProcess]


def queue_state(failed_shown: int = 50) -> QueueState:
    now = timezone.now()
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    failed = DBTaskResult.objects.failed().order_by("-finished_at")
    return QueueState(
        waiting=ready.ready().count(),
        retrying=ready.filter(run_after__gt=now).exclude(run_after=get_date_max()).count(),
        running=list(DBTaskResult.objects.running().order_by("started_at")),
        failed=list(failed[:failed_shown]),
        failed_count=failed.count(),
        done_last_day=DBTaskResult.objects.successful().filter(finished_at__gte=now - dt.timedelta(days=1)).count(),
        workers=workers_alive(),
    )


def uses_database_queue() -> bool:
    """False where jobs run in the process that queues them (MOSAIC_JOBS_RUN=immediately)."""
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


def job_waiting(task) -> bool:
    """Whether a job of this task is queued and not started yet (always False when jobs run at
    once), so work that catches up on everything is queued only once."""
    if not uses_database_queue():
        return False
    return DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY).exists()

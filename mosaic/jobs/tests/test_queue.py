"""The database queue in this process: retries with backoff, failure after the last attempt,
recovery of a dead worker's job, and the staff page."""
import datetime as dt

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from mosaic.jobs import queue
from mosaic.jobs.models import WorkerProcess
from mosaic.jobs.tests.sample_jobs import fails_until
from mosaic.jobs.worker import run_queued_jobs

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.MOSAIC_JOBS_MAX_ATTEMPTS = 3
    settings.MOSAIC_JOBS_RETRY_SECONDS = 10


def _due_now(job):
    DBTaskResult.objects.filter(pk=job.pk).update(run_after=timezone.now() - dt.timedelta(seconds=1))


def test_backoff_doubles_up_to_an_hour(settings):
    settings.MOSAIC_JOBS_RETRY_SECONDS = 10
    assert [queue.backoff(n).total_seconds() for n in (1, 2, 3)] == [10, 20, 40]
    assert queue.backoff(20) == dt.timedelta(hours=1)


def test_a_failing_job_is_retried_after_its_backoff_and_then_succeeds(transactional_db, database_queue, tmp_path):
    result = fails_until.enqueue(str(tmp_path), 2)
    before = timezone.now()
    drained = run_queued_jobs()
    job = DBTaskResult.objects.get(pk=result.id)
    assert (drained.succeeded, drained.failed, drained.waiting_for_retry) == (0, 1, 1)
    assert job.status == TaskResultStatus.READY and "attempt 1 failed on purpose" in job.traceback
    assert before + dt.timedelta(seconds=9) < job.run_after < timezone.now() + dt.timedelta(seconds=11)
    assert run_queued_jobs().succeeded == 0  # not due yet: the worker leaves it alone
    _due_now(job)
    assert run_queued_jobs().succeeded == 1
    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL and job.return_value == 2 and queue.attempts(job) == 2


def test_a_job_failing_every_attempt_ends_failed_with_its_error_and_staff_can_retry_it(
        transactional_db, database_queue, tmp_path, client, staff_member):
    result = fails_until.enqueue(str(tmp_path), 99)
    for _ in range(3):
        run_queued_jobs()
        _due_now(DBTaskResult.objects.get(pk=result.id))
    job = DBTaskResult.objects.get(pk=result.id)
    assert job.status == TaskResultStatus.FAILED and queue.attempts(job) == 3
    assert "RuntimeError: attempt 3 failed on purpose" in job.traceback

    client.force_login(staff_member("Coordinator"))
    page = client.get("/staff/jobs/").content.decode()
    assert "fails until" in page and "RuntimeError: attempt 3 failed on purpose" in page
    assert 'id="failed-count">1<' in page
    client.post(f"/staff/jobs/{job.pk}/retry")
    job.refresh_from_db()
    assert job.status == TaskResultStatus.READY and job.worker_ids == []
    assert 'id="waiting">1<' in client.get("/staff/jobs/").content.decode()


def test_translators_do_not_see_the_jobs_page(transactional_db, database_queue, client, staff_member, tmp_path):
    result = fails_until.enqueue(str(tmp_path), 99)
    client.force_login(staff_member("Translator"))
    assert client.get("/staff/jobs/").status_code == 403
    assert client.post(f"/staff/jobs/{result.id}/retry").status_code == 403


def test_the_job_of_a_silent_worker_is_queued_again_but_a_live_workers_job_is_not(transactional_db, database_queue, settings, tmp_path):
    settings.MOSAIC_JOBS_LEASE_SECONDS = 30
    long_ago = timezone.now() - dt.timedelta(minutes=5)
    WorkerProcess.objects.create(worker_id="alive", hostname="here", pid=1, started_at=long_ago, seen_at=timezone.now())
    WorkerProcess.objects.create(worker_id="dead", hostname="here", pid=2, started_at=long_ago, seen_at=long_ago)
    abandoned, busy = fails_until.enqueue(str(tmp_path), 1), fails_until.enqueue(str(tmp_path), 1)
    DBTaskResult.objects.filter(pk=abandoned.id).update(status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["dead"])
    DBTaskResult.objects.filter(pk=busy.id).update(status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["alive"])

    assert queue.recover_abandoned() == 1
    recovered = DBTaskResult.objects.get(pk=abandoned.id)
    assert recovered.status == TaskResultStatus.READY and "stopped without finishing it" in recovered.traceback
    assert DBTaskResult.objects.get(pk=busy.id).status == TaskResultStatus.RUNNING
    assert list(WorkerProcess.objects.values_list("worker_id", flat=True)) == ["alive"]
    assert run_queued_jobs().succeeded == 1

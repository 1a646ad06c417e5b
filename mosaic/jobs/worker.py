"""`mosaic worker`: django-tasks-db's worker loop, with what Mosaic needs around it.

- Each worker process announces itself (`WorkerProcess`) and keeps announcing itself from a
  heartbeat thread, also while a long job runs; the same thread queues again the jobs of workers
  that fell silent (`queue.recover_abandoned`), so a job survives `kill -9` of its worker.
- A job that raises is queued again with a growing delay (`queue.after_failure`) before it is
  left failed for staff.
- `--concurrency N` runs N worker processes under one supervisor (processes, not threads: the
  marker engine and the name matcher are CPU-bound Python).
"""
from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

from django.db import OperationalError, close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from mosaic.jobs import queue
from mosaic.jobs.models import WorkerProcess

logger = logging.getLogger(__name__)


class MosaicWorker(Worker):
    def __init__(self, *, batch: bool = False, interval: float = 1.0, worker_id: str | None = None):
        super().__init__(queue_names=[DEFAULT_TASK_QUEUE_NAME], interval=interval, batch=batch,
                         backend_name=DEFAULT_TASK_BACKEND_ALIAS, startup_delay=not batch, max_tasks=None,
                         worker_id=worker_id or get_random_string(32), excluded_queue_names=[])
        self.succeeded = 0
        self.failed = 0  # raised, whether queued again or left failed
        self._stopping = threading.Event()

    def run(self) -> None:
        self._beat()
        queue.recover_abandoned()
        heartbeat = threading.Thread(target=self._keep_beating, name="mosaic-worker-heartbeat", daemon=True)
        heartbeat.start()
        try:
            super().run()
        finally:
            self._stopping.set()
            heartbeat.join(timeout=5)
            WorkerProcess.objects.filter(worker_id=self.worker_id).delete()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        # The library's run_task marks a job failed at its first error; here it is retried.
        self.running_task = True
        try:
            job = db_task_result
            arguments = job.args_kwargs
            try:
                value = job.task.call(*arguments["args"], **arguments["kwargs"])
            except Exception as error:
                logger.warning("Job %s (%s) failed on attempt %d: %s", job.id, job.task_path, queue.attempts(job), error)
                self.failed += 1
                queue.after_failure(job, error)
            else:
                job.set_successful(value)
                self.succeeded += 1
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _beat(self) -> None:
        now = timezone.now()
        WorkerProcess.objects.update_or_create(worker_id=self.worker_id, defaults={
            "hostname": socket.gethostname()[:255], "pid": os.getpid(), "seen_at": now,
        }, create_defaults={"hostname": socket.gethostname()[:255], "pid": os.getpid(), "started_at": now, "seen_at": now})

    def _keep_beating(self) -> None:
        every = max(queue.lease().total_seconds() / 4, 0.2)
        try:
            while not self._stopping.wait(every):
                try:
                    self._beat()
                    queue.recover_abandoned()
                except OperationalError as error:  # a busy SQLite database: try at the next beat
                    logger.info("Worker heartbeat skipped: %s", error)
        finally:
            connection.close()  # this thread's own connection


@dataclass
class Drained:
    succeeded: int
    failed: int
    waiting_for_retry: int


def run_queued_jobs() -> Drained:
    """Run every job that is ready, in this process, until none is left: for commands
    (`mosaic ingest`, `mosaic demo`) that must leave the archive complete where no worker runs.
    Shares the queue safely with any worker that does run."""
    if not queue.uses_database_queue():
        return Drained(0, 0, 0)
    close_old_connections()
    worker = MosaicWorker(batch=True, interval=0)
    worker.run()
    return Drained(worker.succeeded, worker.failed, queue.queue_state(failed_shown=0).retrying)


def supervise(concurrency: int, extra_arguments: list[str], *, batch: bool = False) -> None:
    """Run `concurrency` worker processes until told to stop (SIGTERM or Ctrl+C, passed on to
    each); a worker that dies is started again. With `batch`, until each has emptied the queue."""
    if batch:
        extra_arguments = [*extra_arguments, "--batch"]
    command = [sys.executable, "-m", "mosaic", "worker", "--concurrency", "1", *extra_arguments]
    children: list[subprocess.Popen] = [subprocess.Popen(command) for _ in range(concurrency)]
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while True:
        time.sleep(0.5)
        if stopping or (batch and all(child.poll() is not None for child in children)):
            for child in children:
                child.wait()
            return
        for number, child in enumerate(children):
            if child.poll() is not None and not (batch and child.returncode == 0):
                logger.warning("Worker process %d exited with %s; starting another", child.pid, child.returncode)
                children[number] = subprocess.Popen(command)


def finish_queued_work(write) -> None:
    """What a command that changed documents does last, so that it leaves the archive complete
    even where no worker runs yet: run the queued jobs here, saying so (`write` prints a line)."""
    if not queue.uses_database_queue():
        return
    waiting = queue.queue_state(failed_shown=0).waiting
    if not waiting:
        return
    write(f"Computing language markers and name links here: {waiting} queued job(s) "
          f"(normally `mosaic worker` does this in the background; `make run` starts one).")
    drained = run_queued_jobs()
    line = f"Done: {drained.succeeded} job(s)."
    if drained.failed:
        line += (f" {drained.failed} attempt(s) failed; {drained.waiting_for_retry} job(s) will be retried by "
                 f"`mosaic worker`, and the errors are listed at /staff/jobs/.")
    write(line)

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerProcess(models.Model):
    """A running `mosaic worker` process, as last heard from. A worker writes its row before it
    takes a job and refreshes it while it runs; a job whose worker has fallen silent for longer
    than the lease (MOSAIC_JOBS_LEASE_SECONDS) was abandoned (the worker was killed or its machine
    stopped) and is queued again."""

    worker_id = models.CharField(_("worker id"), max_length=64, primary_key=True)
    hostname = models.CharField(_("host name"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    seen_at = models.DateTimeField(_("last heard from"), db_index=True)

    class Meta:
        ordering = ["started_at"]
        verbose_name = _("worker process")
        verbose_name_plural = _("worker processes")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"

"""The other apps staff meet in the admin, named and labelled in Mosaic's own catalogue.

django-axes (sign-in throttling) and django-tasks-db (the job queue) ship no Korean. Their app
names are given by the configurations below (INSTALLED_APPS names them), and the labels of their
models are marked in LABELS, so that `make messages` puts them in mosaic/locale, where the
Korean is written (`mosaic/tests/test_translations.py` checks every one of them).
"""
from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _, gettext_noop, pgettext_lazy
from django_tasks_db.apps import TasksAppConfig


class SignInThrottling(AxesAppConfig):
    verbose_name = _("Sign-in throttling")


class JobQueue(TasksAppConfig):
    verbose_name = _("Background job queue")


LABELS = (
    # django-axes: its models' names and fields, and the words of its admin pages.
    gettext_noop("access attempt"), gettext_noop("access attempts"),
    gettext_noop("access attempt expiration"), gettext_noop("access attempt expirations"),
    gettext_noop("access failure"), gettext_noop("access failures"),
    gettext_noop("access log"), gettext_noop("access logs"),
    gettext_noop("Access Attempt"), gettext_noop("Access lock out"), gettext_noop("Attempt Time"),
    gettext_noop("Expires At"), gettext_noop("Failed Logins"), gettext_noop("GET Data"), gettext_noop("POST Data"),
    gettext_noop("HTTP Accept"), gettext_noop("IP Address"), gettext_noop("Logout Time"), gettext_noop("Path"),
    gettext_noop("Session key hash (sha256)"), gettext_noop("User Agent"), gettext_noop("Username"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("Locked Out"), gettext_noop("Attempt Remaining"), gettext_noop("Not set"),
    gettext_noop("Form Data"), gettext_noop("Meta Data"), gettext_noop("Clean up expired attempts"),
    # django-tasks-db: the task result and its states.
    gettext_noop("Task Result"), gettext_noop("Task Results"),
    pgettext_lazy("Task", "Ready"), pgettext_lazy("Task", "Running"), pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
    gettext_noop("enqueued at"), gettext_noop("started at"), gettext_noop("finished at"), gettext_noop("run after"),
    gettext_noop("args kwargs"), gettext_noop("priority"), gettext_noop("task path"), gettext_noop("queue name"),
    gettext_noop("backend name"), gettext_noop("worker id"), gettext_noop("return value"),
    gettext_noop("exception class path"), gettext_noop("traceback"),
)

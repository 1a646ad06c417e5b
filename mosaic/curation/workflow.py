"""The workflow every document, collection and publication follows:
draft → in review → published → withdrawn (and back to draft for rework).

Curators move records between draft and review; only a coordinator (permission
curation.publish) publishes, withdraws or takes a published record back.
"""
from __future__ import annotations

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy as _

from mosaic.changes.service import collecting
from mosaic.curation.models import WorkflowEvent
from mosaic.lib.vocabularies import PUBLICATION_STATUSES

TRANSITIONS: dict[str, set[str]] = {
    "draft": {"in_review"},
    "in_review": {"draft", "published"},
    "published": {"withdrawn"},
    "withdrawn": {"draft", "published"},
}
# Moves that change what the public sees.
PUBLISHING = {("in_review", "published"), ("withdrawn", "published"), ("published", "withdrawn")}

ACTION_NAMES = {
    "in_review": _("Submit for review"),
    "draft": _("Return to draft"),
    "published": _("Publish"),
    "withdrawn": _("Withdraw"),
}


class WorkflowError(Exception):
    pass


def allowed_moves(record, user) -> list[str]:
    return [status for status in sorted(TRANSITIONS.get(record.status, ()), key=list(PUBLICATION_STATUSES).index)
            if _permission_problem(record, record.status, status, user) is None]


def _permission_problem(record, current: str, target: str, user) -> str | None:
    if (current, target) in PUBLISHING and not user.has_perm("curation.publish"):
        if target == "withdrawn":
            return gettext("Only a coordinator can withdraw records; ask one to review %(record)s.") % {"record": record}
        return gettext("Only a coordinator can publish records; ask one to review %(record)s.") % {"record": record}
    opts = record._meta
    if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        return gettext("You may not change %(records)s.") % {"records": opts.verbose_name_plural}
    return None


def move(record, target: str, user, note: str = "") -> WorkflowEvent:
    """Move one record to a new status, checking the workflow and the user's permission, and
    record who did it and when (the saved state also goes into the record's history)."""
    current = record.status
    if target not in PUBLICATION_STATUSES:
        raise WorkflowError(gettext("“%(status)s” is not a workflow status.") % {"status": target})
    if target == current:
        raise WorkflowError(gettext("%(record)s is already %(status)s.") % {
            "record": record, "status": gettext(PUBLICATION_STATUSES[current]).lower()})
    if target not in TRANSITIONS[current]:
        options = gettext(" or ").join(gettext(PUBLICATION_STATUSES[s]).lower() for s in sorted(TRANSITIONS[current]))
        raise WorkflowError(gettext("%(record)s is %(status)s; from there it can only go to %(options)s.") % {
            "record": record, "status": gettext(PUBLICATION_STATUSES[current]).lower(), "options": options})
    problem = _permission_problem(record, current, target, user)
    if problem:
        raise WorkflowError(problem)
    # Publishing or withdrawing changes what the index may show; the record's save names the
    # documents it touches (itself, or a collection's members) to the change service.
    # The record's history and the change log keep English, whoever's language the page was in.
    with translation.override(settings.LANGUAGE_CODE):
        action = str(ACTION_NAMES[target])
    with collecting(f"workflow: {action.lower()}"), reversion.create_revision():
        if user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(f"{action}{': ' + note if note else ''}")
        record.status = target
        record.save()
        return record_move(record, current, target, user, note)


def record_move(record, from_status: str, to_status: str, user, note: str = "") -> WorkflowEvent:
    """Record that this user (None: a script) moved the record; `move` and a restore that puts an
    earlier status back both write the workflow log through here."""
    return WorkflowEvent.objects.create(
        content_type=ContentType.objects.get_for_model(record), object_id=str(record.pk), object_repr=str(record)[:255],
        from_status=from_status, to_status=to_status, user=user if user is not None and user.is_authenticated else None,
        note=note,
    )


def events_for(record):
    return WorkflowEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=str(record.pk)
    ).select_related("user")

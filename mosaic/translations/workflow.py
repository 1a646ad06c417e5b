"""What may happen to a translation task, and who may do it.

queued → in progress (a translator takes it or saves a draft) → in review (submitted) → done
(approved: the draft becomes a public translation layer, credited) or back to in progress
(returned with a note).

Translators (translations.change_translationtask) work only on the tasks assigned to them, or
take an unassigned one; curators assign (translations.assign_translationtask) and approve or
return (translations.approve_translationtask). A translation is approved by someone other than
its translator.
"""
from __future__ import annotations

import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext

from mosaic.changes.service import collecting
from mosaic.corpus.models import Credit, Document, TextLayer
from mosaic.curation import roles
from mosaic.entities.models import Agent
from mosaic.translations.backlog import is_in_backlog
from mosaic.translations.models import TARGET_LANGUAGES, TranslationTask

VIEW, CHANGE = "translations.view_translationtask", roles.TRANSLATES
ASSIGN, APPROVE = "translations.assign_translationtask", "translations.approve_translationtask"
TRANSLATOR_GROUP = "Translator"


class TaskRefused(Exception):
    """The action is not possible now (wrong status, already someone else's ...); the message says why."""


class StaleRevision(TaskRefused):
    """The draft was saved elsewhere since this page loaded; saving would overwrite that work."""

    def __init__(self, task: TranslationTask):
        self.task = task
        values = {"when": timezone.localtime(task.draft_saved_at).strftime("%H:%M") if task.draft_saved_at else "",
                  "revision": task.revision, "who": display_name(task.draft_saved_by) if task.draft_saved_by else ""}
        if values["who"] and values["when"]:
            message = gettext("Not saved: this draft was saved elsewhere by %(who)s at %(when)s (revision %(revision)s) after "
                              "you opened it.")
        elif values["when"]:
            message = gettext("Not saved: this draft was saved elsewhere at %(when)s (revision %(revision)s) after you "
                              "opened it.")
        else:
            message = gettext("Not saved: this draft was saved elsewhere (revision %(revision)s) after you opened it.")
        super().__init__(" ".join([message % values, gettext(
            "Nothing was overwritten. Copy your text if you need it, then reload the page to continue from the saved draft.")]))


def display_name(user) -> str:
    return (user.get_full_name() or user.get_username()).strip()


def can_see_backlog(user) -> bool:
    return any(user.has_perm(code) for code in (VIEW, CHANGE, ASSIGN, APPROVE))


def can_translate(user) -> bool:
    return user.has_perm(CHANGE)


def can_assign(user) -> bool:
    return user.has_perm(ASSIGN)


def can_approve(user) -> bool:
    return user.has_perm(APPROVE)


def can_open(user, task: TranslationTask) -> bool:
    """Curators see every task; a translator only their own."""
    if can_assign(user) or can_approve(user):
        return True
    return can_translate(user) and task.assignee_id == user.pk


def can_edit(user, task: TranslationTask) -> bool:
    return can_translate(user) and task.assignee_id == user.pk and task.is_editable


def can_review(user, task: TranslationTask) -> bool:
    return can_approve(user) and task.status == TranslationTask.IN_REVIEW and task.assignee_id != user.pk


def eligible_translators():
    """Active users who may translate: in the Translator group or holding the permission."""
    change = Permission.objects.filter(content_type__app_label="translations", codename="change_translationtask")
    return (get_user_model().objects.filter(is_active=True)
            .filter(Q(groups__name=TRANSLATOR_GROUP) | Q(groups__permissions__in=change)
                    | Q(user_permissions__in=change) | Q(is_superuser=True))
            .distinct().order_by("first_name", "last_name", "username"))


def _check_language(language: str) -> None:
    if language not in TARGET_LANGUAGES:
        raise TaskRefused(gettext("Translations are made into %(languages)s only, not “%(language)s”.") % {
            "languages": ", ".join(gettext(name) for name in TARGET_LANGUAGES.values()), "language": language})


def _open_task(document: Document, language: str) -> TranslationTask:
    """The document's open task for the language, created if there is none (locked for the caller's transaction)."""
    task = TranslationTask.objects.select_for_update().filter(document=document, target_language=language).exclude(
        status=TranslationTask.DONE).first()
    if task:
        return task
    if not is_in_backlog(document, language):
        raise TaskRefused(gettext("%(document)s needs no translation into %(language)s: it has one already, is written in "
                                  "it, or holds no text to translate.") % {"document": document.public_id,
                                                                          "language": gettext(TARGET_LANGUAGES[language])})
    try:
        with transaction.atomic():
            return TranslationTask.objects.create(document=document, target_language=language)
    except IntegrityError:  # created meanwhile by another request
        return TranslationTask.objects.select_for_update().get(document=document, target_language=language,
                                                              status__in=[s for s, _ in TranslationTask.STATUSES if s != TranslationTask.DONE])


def take(user, document: Document, language: str) -> TranslationTask:
    """A translator takes a queued document for themselves."""
    _check_language(language)
    if not can_translate(user):
        raise PermissionDenied(gettext("You may not translate documents."))
    with transaction.atomic():
        task = _open_task(document, language)
        if task.assignee_id == user.pk:
            if task.status == TranslationTask.QUEUED:
                task.status = TranslationTask.IN_PROGRESS
                task.save()
            return task
        if task.assignee_id is not None:
            raise TaskRefused(gettext("%(document)s is already assigned to %(who)s; ask a curator to reassign it.") % {
                "document": document.public_id, "who": display_name(task.assignee)})
        if task.status != TranslationTask.QUEUED:
            raise TaskRefused(gettext("%(document)s is %(status)s; only queued documents can be taken.") % {
                "document": document.public_id, "status": task.get_status_display().lower()})
        task.assignee = user
        task.status = TranslationTask.IN_PROGRESS
        task.save()
        return task


def assign(curator, document: Document, language: str, translator) -> TranslationTask:
    """A curator gives a document to a translator (or, with no translator, back to the queue)."""
    _check_language(language)
    if not can_assign(curator):
        raise PermissionDenied(gettext("You may not assign translations."))
    if translator is not None and not eligible_translators().filter(pk=translator.pk).exists():
        raise TaskRefused(gettext("%(who)s is not a translator.") % {"who": display_name(translator)})
    with transaction.atomic():
        task = _open_task(document, language)
        if task.status == TranslationTask.IN_REVIEW:
            raise TaskRefused(gettext("%(document)s is in review; approve or return it before reassigning it.") % {
                "document": document.public_id})
        task.assignee = translator
        if translator is None:
            task.status = TranslationTask.QUEUED
        task.save()
        return task


def save_draft(user, task: TranslationTask, text: str, revision: int) -> TranslationTask:
    """Store the draft if the page it came from had the latest revision; never overwrite a newer save."""
    if not can_edit(user, task):
        raise PermissionDenied(gettext("Only the translator assigned to this task can edit it while it is queued or in progress."))
    now = timezone.now()
    # One conditional UPDATE: two tabs saving at once cannot both win.
    saved = TranslationTask.objects.filter(
        pk=task.pk, revision=revision, assignee=user, status__in=TranslationTask.EDITABLE_STATUSES,
    ).update(draft=text, revision=F("revision") + 1, draft_saved_at=now, draft_saved_by=user,
             status=TranslationTask.IN_PROGRESS, modified=now)
    task.refresh_from_db()
    if not saved:
        if task.revision != revision:
            raise StaleRevision(task)
        raise TaskRefused(gettext("Not saved: the task is %(status)s now.") % {"status": task.get_status_display().lower()})
    return task


def submit(user, task: TranslationTask) -> TranslationTask:
    if not can_edit(user, task):
        raise PermissionDenied(gettext("Only the translator assigned to this task can submit it."))
    if not task.draft.strip():
        raise TaskRefused(gettext("There is no translation to submit yet."))
    with transaction.atomic():
        updated = TranslationTask.objects.filter(pk=task.pk, status__in=TranslationTask.EDITABLE_STATUSES).update(
            status=TranslationTask.IN_REVIEW, submitted_at=timezone.now(), modified=timezone.now())
        task.refresh_from_db()
        if not updated:
            raise TaskRefused(gettext("Not submitted: the task is %(status)s now.") % {"status": task.get_status_display().lower()})
    return task


def return_for_rework(reviewer, task: TranslationTask, note: str) -> TranslationTask:
    if not can_approve(reviewer):
        raise PermissionDenied(gettext("You may not review translations."))
    if not note.strip():
        raise TaskRefused(gettext("Say what needs changing: a returned translation needs a note for the translator."))
    with transaction.atomic():
        task = TranslationTask.objects.select_for_update().get(pk=task.pk)
        if task.status != TranslationTask.IN_REVIEW:
            raise TaskRefused(gettext("Only a submitted translation can be returned; this one is %(status)s.") % {
                "status": task.get_status_display().lower()})
        task.status = TranslationTask.IN_PROGRESS
        task.review_note = note.strip()
        task.reviewed_by = reviewer
        task.reviewed_at = timezone.now()
        task.save()
    return task


def _translator_agent(name: str) -> Agent:
    agent, _ = Agent.objects.get_or_create(kind=Agent.PERSON, name=name)
    return agent


def approve(reviewer, task: TranslationTask, note: str = "") -> TranslationTask:
    """Publish the draft as the document's translation, credited to its translator."""
    if not can_approve(reviewer):
        raise PermissionDenied(gettext("You may not approve translations."))
    with collecting("translation approved", from_signals=False) as changes, reversion.create_revision():
        task = TranslationTask.objects.select_for_update().select_related("document", "assignee").get(pk=task.pk)
        if task.status != TranslationTask.IN_REVIEW:
            raise TaskRefused(gettext("Only a submitted translation can be approved; this one is %(status)s.") % {
                "status": task.get_status_display().lower()})
        if task.assignee_id == reviewer.pk:
            raise TaskRefused(gettext("A translation is approved by someone other than its translator; ask another curator."))
        if task.assignee is None:
            raise TaskRefused(gettext("This task has no translator to credit; assign it before approving."))
        document, language = task.document, task.target_language
        if document.text_layers.filter(kind="translation", language=language).exists():
            raise TaskRefused(gettext("%(document)s has gained a %(language)s translation meanwhile; compare the two and "
                                      "remove one before approving.") % {"document": document.public_id,
                                                                         "language": gettext(TARGET_LANGUAGES[language])})
        translator = display_name(task.assignee)
        reversion.set_user(reviewer)
        reversion.set_comment(f"Approved the {TARGET_LANGUAGES[language]} translation by {translator}"
                              f"{': ' + note.strip() if note.strip() else ''}")
        next_layer = (document.text_layers.aggregate(last=Max("order"))["last"] or 0) + 1
        layer = TextLayer.objects.create(document=document, kind="translation", language=language, made_by=translator,
                                         text=task.draft, access="public", order=next_layer)
        next_credit = (document.credits.aggregate(last=Max("order"))["last"] or 0) + 1
        Credit.objects.create(document=document, role="translated", agent=_translator_agent(translator),
                              language=language, order=next_credit)
        task.status = TranslationTask.DONE
        task.reviewed_by = reviewer
        task.reviewed_at = timezone.now()
        task.review_note = note.strip()
        task.result_layer = layer
        task.save()
        # The new public text is indexed within this transaction; its markers and name links follow.
        changes.add([document.pk])
    return task

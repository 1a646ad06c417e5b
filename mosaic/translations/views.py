"""The translation backlog (staff), the translation workspace, review, and readers' requests."""
from __future__ import annotations

import json
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mosaic.common.numbers import parse_number
from mosaic.corpus import access
from mosaic.corpus.views import visible_document_or_404
from mosaic.lib.vocabularies import LANGUAGES
from mosaic.translations import workflow
from mosaic.translations.backlog import SOURCE_LAYER_KINDS, build_backlog, priority_config
from mosaic.translations.machine import MachineTranslationFailed, get_machine_translator, machine_translate
from mosaic.translations.models import DEFAULT_TARGET_LANGUAGE, TARGET_LANGUAGES, TranslationTask
from mosaic.translations.names import name_suggestions
from mosaic.translations.requests import record_request

LOGIN_URL = "/admin/login/"
ENTRIES_PER_PAGE = 50


def staff_only(allowed):
    """Sign-in first (anonymous readers go to the staff login), then staff status (these are
    pages of the staff interface) and `allowed(user)`, or 403. Which documents, layers and files
    the pages show is the access policy's to say: a translator sees their own tasks' documents."""

    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), login_url=LOGIN_URL)
            if not (request.user.is_staff and allowed(request.user)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorator


def _language(value: str | None) -> str:
    return value if value in TARGET_LANGUAGES else DEFAULT_TARGET_LANGUAGE


def _backlog_url(query: str = "") -> str:
    return reverse("translations:backlog") + (f"?{query}" if query else "")


def _safe_return(request, fallback: str) -> str:
    """Back to the filtered backlog the form was sent from, never off the site."""
    target = request.POST.get("next", "")
    if target.startswith(reverse("translations:backlog")) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def _assignee_filter(value: str) -> str:
    """"me", "none", a user's id, or "" (everyone): a value that is none of these is ignored."""
    return value if value in ("me", "none") or parse_number(value) is not None else ""


def _matches(entry, status: str, assignee: str, country: str, user) -> bool:
    if status and entry.status != status:
        return False
    if country and entry.document.origin_country != country:
        return False
    if assignee == "me":
        return entry.assignee is not None and entry.assignee.pk == user.pk
    if assignee == "none":
        return entry.assignee is None
    if assignee:
        return entry.assignee is not None and entry.assignee.pk == parse_number(assignee)
    return True


@require_GET
@staff_only(workflow.can_see_backlog)
def backlog_page(request):
    user = request.user
    language = _language(request.GET.get("language"))
    status = request.GET.get("status", "")
    status = status if status in dict(TranslationTask.STATUSES) else ""
    assignee = _assignee_filter(request.GET.get("assignee", ""))
    country = request.GET.get("country", "")
    config = priority_config()
    # A translator's backlog holds what they may see: public documents and their own tasks'.
    readable = access.visible_documents(user)
    entries = build_backlog(language, config, among=readable)
    countries = sorted({e.document.origin_country for e in entries if e.document.origin_country})
    assignees = {e.assignee.pk: e.assignee for e in entries if e.assignee is not None}
    finished = []
    if status == TranslationTask.DONE:
        # Done tasks have left the backlog (their documents are translated); list them as the record.
        finished = (TranslationTask.objects.filter(status=TranslationTask.DONE, target_language=language, document__in=readable)
                    .select_related("document", "assignee", "reviewed_by").order_by("-reviewed_at"))
        if country:
            finished = finished.filter(document__origin_country=country)
        if assignee == "me":
            finished = finished.filter(assignee=user)
        elif assignee == "none":
            finished = finished.filter(assignee=None)
        elif assignee:
            finished = finished.filter(assignee_id=parse_number(assignee))
        filtered = []
    else:
        filtered = [e for e in entries if _matches(e, status, assignee, country, user)]
    page = Paginator(filtered, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    kept_filters = {k: v for k, v in {"language": language, "status": status, "assignee": assignee, "country": country}.items() if v}
    context = {
        "language": language,
        "language_name": gettext(TARGET_LANGUAGES[language]),
        "languages": {code: gettext(name) for code, name in TARGET_LANGUAGES.items()},
        "statuses": TranslationTask.STATUSES,
        "status": status,
        "assignee": assignee,
        "country": country,
        "countries": countries,
        "assignees": sorted(assignees.values(), key=workflow.display_name),
        "page": page,
        "total": len(entries),
        "shown": len(filtered),
        "finished": finished,
        "config": config,
        "my_tasks": (TranslationTask.objects.filter(assignee=user).exclude(status=TranslationTask.DONE)
                     .select_related("document") if workflow.can_translate(user) else []),
        "awaiting_review": (TranslationTask.objects.filter(status=TranslationTask.IN_REVIEW, document__in=readable)
                            .select_related("document", "assignee").order_by("submitted_at") if workflow.can_approve(user) else []),
        "can_translate": workflow.can_translate(user),
        "can_assign": workflow.can_assign(user),
        "can_open_any": workflow.can_assign(user) or workflow.can_approve(user),
        "translators": list(workflow.eligible_translators()) if workflow.can_assign(user) else [],
        "here": request.get_full_path(),
        "page_query": urlencode(kept_filters),
    }
    return render(request, "translations/backlog.html", context)


@require_POST
@staff_only(workflow.can_translate)
def take_task(request):
    # Only a document the translator may see: taking a task must not open a restricted one.
    document = get_object_or_404(access.visible_documents(request.user), public_id=request.POST.get("document", ""))
    language = _language(request.POST.get("language"))
    try:
        task = workflow.take(request.user, document, language)
    except workflow.TaskRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(_safe_return(request, _backlog_url()))
    return redirect("translations:workspace", pk=task.pk)


@require_POST
@staff_only(workflow.can_assign)
def assign_task(request):
    document = get_object_or_404(access.visible_documents(request.user), public_id=request.POST.get("document", ""))
    language = _language(request.POST.get("language"))
    chosen = request.POST.get("assignee", "")
    translator = None  # no one chosen: back to the queue
    if chosen:
        translator_id = parse_number(chosen)
        if translator_id is None:
            return HttpResponseBadRequest(gettext("Choose the translator from the list."))
        translator = get_object_or_404(get_user_model(), pk=translator_id)
    try:
        task = workflow.assign(request.user, document, language, translator)
    except workflow.TaskRefused as refusal:
        messages.error(request, str(refusal))
    else:
        values = {"document": task.document.public_id, "language": task.get_target_language_display()}
        if translator:
            messages.success(request, gettext("%(document)s (%(language)s) is assigned to %(who)s.") % {
                **values, "who": workflow.display_name(translator)})
        else:
            messages.success(request, gettext("%(document)s (%(language)s) is assigned to nobody (back in the queue).") % values)
    return redirect(_safe_return(request, _backlog_url()))


def _task_for(request, pk) -> TranslationTask:
    task = get_object_or_404(TranslationTask.objects.select_related("document", "assignee", "reviewed_by", "draft_saved_by"), pk=pk)
    # The task's document must be one the policy shows this user: a translator's finished task
    # no longer opens its (perhaps restricted) document.
    if not (workflow.can_open(request.user, task) and access.visible_documents(request.user).filter(pk=task.document_id).exists()):
        raise PermissionDenied
    return task


def _source_layers(task: TranslationTask, user):
    """What the translator translates from: every text they may see except translations into the target."""
    layers = [layer for layer in access.visible_layers(task.document, user)
              if not (layer.kind == "translation" and layer.language == task.target_language)]
    return sorted(layers, key=lambda layer: (layer.kind not in SOURCE_LAYER_KINDS, layer.order))


def _saved_at(task: TranslationTask) -> str:
    return timezone.localtime(task.draft_saved_at).strftime("%H:%M") if task.draft_saved_at else ""


def _render_workspace(request, task: TranslationTask, *, status: int = 200, unsaved_text: str | None = None,
                      conflict: str = "", machine_suggestion: str = "", machine_error: str = ""):
    user = request.user
    sources = _source_layers(task, user)
    engine = get_machine_translator()
    context = {
        "task": task,
        "document": task.document,
        "target_language_name": gettext(TARGET_LANGUAGES[task.target_language]),
        "source_layers": sources,
        "translatable_source": next((layer for layer in sources if layer.kind in SOURCE_LAYER_KINDS), None),
        "can_edit": workflow.can_edit(user, task),
        "can_review": workflow.can_review(user, task),
        "is_own_submission": task.status == TranslationTask.IN_REVIEW and task.assignee_id == user.pk and workflow.can_approve(user),
        "translator_name": workflow.display_name(task.assignee) if task.assignee else "",
        "saved_at": _saved_at(task),
        "draft_names": name_suggestions([(task.draft, task.target_language)], only_differing=True),
        "source_names": name_suggestions([(layer.text, layer.language) for layer in sources], only_differing=False),
        "machine_engine": engine,
        "machine_suggestion": machine_suggestion,
        "machine_error": machine_error,
        "unsaved_text": unsaved_text,
        "conflict": conflict,
        "language_names": LANGUAGES,
    }
    return render(request, "translations/workspace.html", context, status=status)


@require_http_methods(["GET", "POST"])
@staff_only(workflow.can_see_backlog)
def workspace(request, pk):
    """Original on one side, the draft on the other. Without JavaScript the form saves or submits."""
    task = _task_for(request, pk)
    if request.method == "GET":
        return _render_workspace(request, task)
    action = request.POST.get("action")
    revision = parse_number(request.POST.get("revision"))
    if action not in ("save", "submit") or revision is None or "draft" not in request.POST:
        return HttpResponseBadRequest(gettext("Send the draft, its revision and an action (save or submit)."))
    text = request.POST["draft"]
    try:
        task = workflow.save_draft(request.user, task, text, revision)
        if action == "submit":
            task = workflow.submit(request.user, task)
            messages.success(request, gettext("Submitted for review. A curator will approve it or return it with a note."))
        else:
            messages.success(request, gettext("Saved at %(time)s.") % {"time": _saved_at(task)})
    except workflow.StaleRevision as stale:
        return _render_workspace(request, stale.task, status=409, unsaved_text=text, conflict=str(stale))
    except workflow.TaskRefused as refusal:
        messages.error(request, str(refusal))
    return redirect("translations:workspace", pk=task.pk)


@require_POST
def autosave(request, pk):
    """JSON: {"draft", "revision"} in, the new revision and time out; 409 if the page was stale."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": gettext("Not saved: you are signed out. Sign in again in another tab, then save.")}, status=401)
    if not (request.user.is_staff and workflow.can_see_backlog(request.user)):
        raise PermissionDenied
    task = _task_for(request, pk)
    try:
        payload = json.loads(request.body.decode("utf-8")) if request.content_type == "application/json" else request.POST
    except (UnicodeDecodeError, json.JSONDecodeError):
        return JsonResponse({"error": gettext("Not saved: the request was not readable JSON.")}, status=400)
    if not isinstance(payload, dict):
        return JsonResponse({"error": gettext("Not saved: send an object with the draft and its revision.")}, status=400)
    revision = parse_number(payload.get("revision"))
    draft = payload.get("draft")
    if revision is None or not isinstance(draft, str):
        return JsonResponse({"error": gettext("Not saved: send the draft text and the revision it was based on.")}, status=400)
    if not workflow.can_edit(request.user, task):
        return JsonResponse({"error": gettext("Not saved: only the assigned translator can edit this task while it is queued or in progress.")},
                            status=403)
    try:
        task = workflow.save_draft(request.user, task, draft, revision)
    except workflow.StaleRevision as stale:
        return JsonResponse({"error": str(stale), "revision": stale.task.revision, "saved_at": _saved_at(stale.task)}, status=409)
    except workflow.TaskRefused as refusal:
        return JsonResponse({"error": str(refusal)}, status=409)
    return JsonResponse({"revision": task.revision, "saved_at": _saved_at(task), "message": gettext("Saved at %(time)s") % {"time": _saved_at(task)}})


@require_POST
@staff_only(workflow.can_approve)
def review(request, pk):
    task = _task_for(request, pk)
    decision = request.POST.get("decision")
    note = request.POST.get("note", "")
    try:
        if decision == "approve":
            task = workflow.approve(request.user, task, note)
            messages.success(request, gettext("Approved: the %(language)s translation of %(document)s is published, credited "
                                              "to %(who)s.") % {"language": task.get_target_language_display(),
                                                                "document": task.document.public_id,
                                                                "who": task.result_layer.made_by})
        elif decision == "return":
            task = workflow.return_for_rework(request.user, task, note)
            messages.success(request, gettext("Returned to %(who)s with your note.") % {"who": workflow.display_name(task.assignee)})
        else:
            return HttpResponseBadRequest(gettext("Choose approve or return."))
    except workflow.TaskRefused as refusal:
        messages.error(request, str(refusal))
    return redirect("translations:workspace", pk=task.pk)


@require_POST
@staff_only(workflow.can_see_backlog)
def machine_draft(request, pk):
    """Show the configured engine's translation beside the draft; it is never stored."""
    task = _task_for(request, pk)
    if not workflow.can_edit(request.user, task):
        raise PermissionDenied
    engine = get_machine_translator()
    source = next((layer for layer in _source_layers(task, request.user) if layer.kind in SOURCE_LAYER_KINDS), None)
    if engine is None:
        return _render_workspace(request, task, machine_error=gettext("No machine translation engine is configured."))
    if source is None:
        return _render_workspace(request, task, machine_error=gettext("There is no original text to translate: only scans are held."))
    try:
        suggestion = machine_translate(engine, source.text, source.language, task.target_language)
    except MachineTranslationFailed as failure:
        return _render_workspace(request, task, machine_error=str(failure))
    return _render_workspace(request, task, machine_suggestion=suggestion)


@require_POST
def request_translation(request, public_id):
    """A reader asks for a translation; the document page then says what happened."""
    document = visible_document_or_404(request, public_id)
    language = request.POST.get("language", DEFAULT_TARGET_LANGUAGE)
    if language not in TARGET_LANGUAGES:
        return HttpResponseBadRequest(gettext("Translations can be requested into English or Korean."))
    outcome = record_request(request, document, language)
    return redirect(reverse("pages:document", args=[document.public_id]) + f"?translation-request={outcome}#translation-request")

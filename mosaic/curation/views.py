from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from reversion.models import Version

from mosaic.corpus import access
from mosaic.curation import history


def trash(request):
    if not access.sees_all_records(request.user):
        raise PermissionDenied  # deleted records are listed with their titles, whatever their access was
    context = {
        **admin.site.each_context(request),
        "title": gettext("Trash"),
        "deleted": history.deleted_records(),
        "can_restore": request.user.has_perm("curation.restore_deleted"),
    }
    return TemplateResponse(request, "curation/trash.html", context)


def restore_from_trash(request, version_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.has_perm("curation.restore_deleted"):
        raise PermissionDenied
    version = get_object_or_404(Version, pk=version_id)
    if version._model._meta.label not in history.TRASHABLE:
        raise PermissionDenied
    try:
        restored = history.restore(version, user=request.user)
    except history.RestoreFailed as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(reverse("curation:trash"))
    if restored.kept:  # only when someone holds restore_deleted without every coordinator power
        messages.success(request, gettext("Restored “%(record)s” with its parts.") % {"record": restored.record})
        for kept in restored.kept:
            messages.warning(request, gettext("Not restored: %(what)s") % {"what": kept})
    else:
        messages.success(request, gettext("Restored “%(record)s” with its parts, exactly as it was when deleted.") % {
            "record": restored.record})
    opts = restored.record._meta
    return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[restored.record.pk]))

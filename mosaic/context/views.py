from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from mosaic.context.lag import find_candidates, lags
from mosaic.search.backends.base import SearchTooSlow
from mosaic.context.models import Event, EventMention
from mosaic.corpus import access


def event_list(request):
    return render(request, "context/event_list.html", {"events": Event.objects.all()})


def _chart(rows) -> dict:
    """Bar geometry for the lag chart (days on a shared scale), computed here so the template
    only draws."""
    longest = max((row.lag_days for row in rows), default=0) or 1
    bars = [{"lag": row, "y": 10 + index * 26, "width": max(2, round(row.lag_days / longest * 420))}
            for index, row in enumerate(rows)]
    return {"bars": bars, "height": 20 + 26 * len(bars), "longest": longest}


def event_page(request, row_id):
    event = get_object_or_404(Event, row_id=row_id)
    rows = lags(event)
    can_decide = request.user.has_perm("context.change_eventmention") and access.sees_all_records(request.user)
    candidates = []
    if can_decide:
        candidates = (event.mentions.filter(document__in=access.visible_documents(request.user))
                      .select_related("document").order_by("status", "document__date_min"))
    return render(request, "context/event.html", {
        "event": event, "lags": rows, "chart": _chart(rows), "can_decide": can_decide, "candidates": candidates,
    })


def _staff_post(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(request.path)
    if not (access.sees_all_records(request.user) and request.user.has_perm("context.change_eventmention")):
        raise PermissionDenied
    return None


def find_mentions(request, row_id):
    refused = _staff_post(request)
    if refused:
        return refused
    event = get_object_or_404(Event, row_id=row_id)
    try:
        created = find_candidates(event)
    except SearchTooSlow as error:  # nothing recorded: a partial candidate list would look complete
        messages.error(request, gettext("No candidates recorded: %(reason)s") % {"reason": error.wording.worded(gettext)})
    else:
        messages.info(request, ngettext("%(count)d new candidate mention found; confirm or reject it below.",
                                        "%(count)d new candidate mentions found; confirm or reject them below.", created)
                      % {"count": created})
    return redirect("context:event", row_id=event.row_id)


def decide_mention(request, row_id, pk):
    refused = _staff_post(request)
    if refused:
        return refused
    mention = get_object_or_404(EventMention, pk=pk, event__row_id=row_id)
    decision = request.POST.get("decision")
    if decision not in (EventMention.CONFIRMED, EventMention.REJECTED, EventMention.CANDIDATE):
        messages.error(request, gettext("Choose confirm or reject."))
    else:
        mention.status, mention.decided_by, mention.decided_at = decision, request.user.get_username(), timezone.now()
        mention.save()
    return redirect("context:event", row_id=row_id)

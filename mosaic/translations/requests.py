"""Readers asking for a translation: each reader counts once per document, and no address can
flood the queue.

A reader is recognised by their account, their session and a salted hash of their network
address (the address itself is never stored). Past the hourly limit for one address, requests
are refused with a message, not an error page.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mosaic.corpus import access
from mosaic.corpus.models import Document
from mosaic.common import clients
from mosaic.translations.models import TranslationRequest

DEFAULT_REQUESTS_PER_HOUR = 20
SESSION_KEY = "translation_requests"

RECORDED, ALREADY_ASKED, THROTTLED, NOT_NEEDED = "recorded", "already", "throttled", "not-needed"
OUTCOME_MESSAGES = {
    RECORDED: _("Thank you: your request for a translation is recorded. Requests help decide what is translated next."),
    ALREADY_ASKED: _("You have already asked for this translation; each reader is counted once."),
    THROTTLED: _("Too many translation requests have come from your network in the last hour. Please try again later."),
    NOT_NEEDED: _("This document cannot be requested for translation: it is already readable in that language, "
                  "or its text is not held here."),
}


def requests_per_hour() -> int:
    return int(getattr(settings, "MOSAIC_TRANSLATION_REQUESTS_PER_HOUR", DEFAULT_REQUESTS_PER_HOUR))


def address_hash(request) -> str:
    return clients.client_hash(request, "translation-requests")


def has_visible_translation(document: Document, user, language: str) -> bool:
    return any(layer.kind == "translation" and layer.language == language for layer in access.visible_layers(document, user))


def can_be_requested(document: Document, user, language: str) -> bool:
    """Judged only from what this reader can see, so the answer reveals nothing withheld."""
    return not (document.catalogue_only or document.original_language == language
                or has_visible_translation(document, user, language))


def request_count(document: Document, language: str) -> int:
    return TranslationRequest.objects.filter(document=document, target_language=language).count()


def record_request(request, document: Document, language: str) -> str:
    """Count this reader's request once; returns the outcome (one of OUTCOME_MESSAGES)."""
    if not can_be_requested(document, request.user, language):
        return NOT_NEEDED
    key = f"{document.pk}:{language}"
    asked_in_session = request.session.get(SESSION_KEY, [])
    address = address_hash(request)
    earlier = TranslationRequest.objects.filter(document=document, target_language=language)
    if (key in asked_in_session or earlier.filter(address_hash=address).exists()
            or (request.user.is_authenticated and earlier.filter(user=request.user).exists())):
        return ALREADY_ASKED
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    if TranslationRequest.objects.filter(address_hash=address, created__gte=an_hour_ago).count() >= requests_per_hour():
        return THROTTLED
    TranslationRequest.objects.create(document=document, target_language=language, address_hash=address,
                                      user=request.user if request.user.is_authenticated else None)
    request.session[SESSION_KEY] = [*asked_in_session, key]
    return RECORDED

import logging

from django.db import transaction
from django.shortcuts import render
from django.conf import settings
from django.utils import timezone, translation
from django.views.decorators.http import require_POST

from mosaic.corpus import access
from mosaic.corpus.views import visible_document_or_404
from mosaic.lens.forms import FlagDisputeForm
from mosaic.lens.lexicon_texts import lexicon_text
from mosaic.lens.markers import describe_layer, voice_description
from mosaic.lens.models import FlagDispute
from mosaic.lens.refresh import current_markers
from mosaic.common.throttle import DAY, refusal
from mosaic.lens.throttle import client_hash, throttled
from mosaic.lib.markers.lexicon import default_lexicon

logger = logging.getLogger(__name__)


@require_POST
def dispute_flag(request, public_id):
    """A reader disputes one flag on a text layer they may see; the dispute joins the curators' queue."""
    document = visible_document_or_404(request, public_id)
    form = FlagDisputeForm(request.POST)
    if form.filled_by_a_robot:
        # Answered like a success so that the robot learns nothing; nothing is stored.
        logger.info("Dropped a flag dispute on %s: the hidden field was filled in", document.public_id)
        return _thanks(request, document)
    form.is_valid()
    found = _visible_flag(document, request.user, form.cleaned_data) if form.flag_fields_valid() else None
    if found is None:
        return render(request, "lens/no_such_flag.html", {"document": document}, status=400)
    layer, flag = found
    if not form.is_valid():
        return _form_page(request, document, layer, flag, form, status=400)

    sender = client_hash(request)
    limit = None
    # Counting and storing in one transaction, as reader reports do, so that concurrent server
    # processes cannot all slip under the limit at once.
    with translation.override(settings.LANGUAGE_CODE):
        stored_description = describe_layer(layer)[:300]  # for staff, in the language of the staff records
    with transaction.atomic():
        if _already_filed(form, document, layer, flag, sender):
            return _thanks(request, document)  # the same dispute sent twice, e.g. by reloading the page
        limit = throttled(sender, document)
        if limit is None:
            FlagDispute.objects.create(
                document=document, layer=layer, layer_description=stored_description,
                start=flag.start, end=flag.end, text=flag.text, category=flag.category, rule_id=flag.rule_id,
                rule_version=flag.rule_version, lexicon_version=flag.lexicon_version, voice=flag.voice, speaker=flag.speaker,
                reason=form.cleaned_data["reason"], contact_email=form.cleaned_data["contact_email"],
                user=request.user if request.user.is_authenticated else None, client_hash=sender,
            )
    if limit is not None:
        return refusal(request, document, limit, noun="dispute", unsent=request.POST.get("reason", ""))
    return _thanks(request, document)


def _visible_flag(document, user, data):
    """(layer, flag) for the flag the form names, only on a layer this user may see."""
    layer = next((layer for layer in access.visible_layers(document, user) if layer.pk == data["layer"]), None)
    if layer is None:
        return None
    _, flags = current_markers(layer)
    flag = next((f for f in flags if (f.start, f.end, f.rule_id) == (data["start"], data["end"], data["rule"])), None)
    return (layer, flag) if flag else None


def _already_filed(form, document, layer, flag, sender) -> bool:
    return FlagDispute.objects.filter(
        client_hash=sender, document=document, layer=layer, start=flag.start, end=flag.end, rule_id=flag.rule_id,
        reason=form.cleaned_data["reason"], created__gt=timezone.now() - DAY,
    ).exists()


def _form_page(request, document, layer, flag, form, status=200):
    category = default_lexicon().categories.get(flag.category)
    context = {"document": document, "form": form, "flag": flag, "layer_description": describe_layer(layer),
               "category_label": lexicon_text(category.label) if category else flag.category,
               "voice_text": voice_description(flag.voice, flag.speaker or None)}
    return render(request, "lens/dispute_page.html", context, status=status)


def _thanks(request, document):
    return render(request, "lens/dispute_thanks.html", {"document": document})

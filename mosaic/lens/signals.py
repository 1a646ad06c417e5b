"""Recompute a text layer's markers after it is saved, once the saving transaction commits.

Raw saves are included: restoring a version from the history writes layers that way, and their
markers must follow. Bulk writers that skip signals (the importer's bulk_create) are caught by
the text digest: the page recomputes stale layers when it shows them, and
`mosaic lens_markers refresh` does them all.
"""
from django.db import transaction
from django.db.models.signals import post_save

from mosaic.corpus.models import TextLayer


def _layer_saved(sender, instance, **kwargs):
    from mosaic.lens.refresh import refresh_layer_by_id

    layer_id = instance.pk
    # robust: a failure here (say, a broken lexicon file) is logged and must not fail the save,
    # which has committed already; the page recomputes the layer once the lexicon is mended.
    transaction.on_commit(lambda: refresh_layer_by_id(layer_id), robust=True)


post_save.connect(_layer_saved, sender=TextLayer, dispatch_uid="lens-markers-layer-saved")

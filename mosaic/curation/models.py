"""Who moved which record through the workflow, and when."""
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from mosaic.common.models import translated_choices
from mosaic.lib.vocabularies import PUBLICATION_STATUSES


class WorkflowEvent(models.Model):
    content_type = models.ForeignKey(ContentType, verbose_name=_("kind of record"), on_delete=models.CASCADE)
    object_id = models.CharField(_("record identifier"), max_length=64)
    record = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("record"), max_length=255)
    from_status = models.CharField(_("status before"), max_length=20, choices=translated_choices(PUBLICATION_STATUSES))
    to_status = models.CharField(_("status after"), max_length=20, choices=translated_choices(PUBLICATION_STATUSES))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("moved by"), null=True, blank=True,
                             on_delete=models.SET_NULL)
    at = models.DateTimeField(_("moved at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        permissions = [
            ("publish", _("Can publish and withdraw documents, collections and publications")),
            ("change_access", _("Can change who may see a document or text layer (access level, embargo)")),
            ("restore_deleted", _("Can restore records from the trash")),
        ]
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")

    def __str__(self):
        return f"{self.object_repr}: {self.get_from_status_display()} → {self.get_to_status_display()}"

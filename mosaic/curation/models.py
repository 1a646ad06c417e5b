"""Who moved which record through the workflow, and when."""
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from mosaic.lib.vocabularies import PUBLICATION_STATUSES, choices


class WorkflowEvent(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    record = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField("record", max_length=255)
    from_status = models.CharField(max_length=20, choices=choices(PUBLICATION_STATUSES))
    to_status = models.CharField(max_length=20, choices=choices(PUBLICATION_STATUSES))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        permissions = [
            ("publish", "Can publish and withdraw documents, collections and publications"),
            ("change_access", "Can change who may see a document or text layer (access level, embargo)"),
            ("restore_deleted", "Can restore records from the trash"),
        ]

    def __str__(self):
        return f"{self.object_repr}: {self.get_from_status_display()} → {self.get_to_status_display()}"

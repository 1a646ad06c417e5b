from django.db import models

from mosaic.common.models import TimeStampedModel


class Agent(TimeStampedModel):
    """A person or organisation named in or credited for a document.

    Deliberately minimal: the name authority (renderings across scripts, offices, biographies)
    builds on this record rather than replacing it.
    """

    PERSON = "person"
    ORGANISATION = "organisation"
    KINDS = [(PERSON, "Person"), (ORGANISATION, "Organisation")]

    name = models.CharField(max_length=255, help_text="Display form, e.g. 'James F. Person'.")
    kind = models.CharField(max_length=20, choices=KINDS, default=PERSON)
    sort_name = models.CharField(max_length=255, blank=True, help_text="e.g. 'Person, James F.'")
    note = models.TextField(blank=True)
    external_ids = models.JSONField(default=dict, blank=True, help_text='e.g. {"history.state.gov": "107176"}')

    class Meta:
        ordering = ["sort_name", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="unique_agent_kind_name")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.sort_name:
            self.sort_name = self.name
        super().save(*args, **kwargs)

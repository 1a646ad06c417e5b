from django.db import models

from mosaic.common.models import TimeStampedModel
from mosaic.corpus.models import Document
from mosaic.entities.models import Agent
from mosaic.lib.vocabularies import PUBLICATION_STATUSES, choices

PUBLICATION_KINDS = {
    "working_paper": "Working paper",
    "document_reader": "Document reader",
    "e_dossier": "e-Dossier",
    "news_release": "News release",
    "essay": "Essay",
    "briefing_book": "Briefing book",
}


class Publication(TimeStampedModel):
    """Editorial work built on the archive; like NKIDP working papers, it appends its documents."""

    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=30, choices=choices(PUBLICATION_KINDS))
    title = models.CharField(max_length=500)
    series_number = models.CharField(max_length=40, blank=True, help_text='e.g. "5" for Working Paper #5.')
    date = models.DateField(null=True, blank=True)
    body = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=choices(PUBLICATION_STATUSES), default="draft")
    authors = models.ManyToManyField(Agent, through="PublicationAuthor", related_name="publications")
    documents = models.ManyToManyField(Document, through="PublicationDocument", related_name="publications")

    class Meta:
        ordering = ["-date", "title"]

    def __str__(self):
        return self.title


class PublicationAuthor(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="author_links")
    agent = models.ForeignKey(Agent, on_delete=models.PROTECT)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["publication", "order"]


class PublicationDocument(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="document_links")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="publication_links")
    order = models.PositiveIntegerField(default=0)
    heading = models.CharField(max_length=255, blank=True, help_text='e.g. "Document No. 3"')

    class Meta:
        ordering = ["publication", "order"]
        constraints = [models.UniqueConstraint(fields=["publication", "document"], name="unique_publication_document")]

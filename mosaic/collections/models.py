from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext, gettext_lazy as _

from mosaic.common.models import TimeStampedModel, translated_choices
from mosaic.corpus.models import Document
from mosaic.lib.vocabularies import PUBLICATION_STATUSES


class CollectionQuerySet(models.QuerySet):
    def with_public_counts(self):
        """Each collection annotated with `public_documents`: how many of its documents anyone may see."""
        from mosaic.corpus import access

        public = access.public_documents().values("pk")
        return self.annotate(public_documents=models.Count("memberships", filter=models.Q(memberships__document__in=public)))


class Collection(TimeStampedModel):
    """A curated, ordered set of documents; collections nest (a series of sub-collections)."""

    slug = models.SlugField(_("short name in web addresses"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=255)
    title_ko = models.CharField(_("title (Korean)"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    parent = models.ForeignKey("self", verbose_name=_("parent collection"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    order = models.PositiveIntegerField(_("position"), default=0, help_text=_("Position among its siblings."))
    status = models.CharField(_("status"), max_length=20, choices=translated_choices(PUBLICATION_STATUSES),
                              default="draft")
    translation_priority = models.PositiveSmallIntegerField(
        _("translation priority"), default=0, validators=[MaxValueValidator(5)],
        help_text=_("0 (none) to 5 (highest): how urgently this collection's untranslated documents should be "
                  "translated. One factor of the translation backlog's priority score."),
    )
    documents = models.ManyToManyField(Document, verbose_name=_("documents"), through="CollectionMembership",
                                       related_name="collections")

    objects = CollectionQuerySet.as_manager()

    class Meta:
        ordering = ["parent_id", "order", "title"]
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def __str__(self):
        return self.title

    def ancestors(self) -> list["Collection"]:
        """Parents from the top down; stops at a cycle so a bad edit cannot hang a page."""
        chain, seen, node = [], {self.pk}, self.parent
        while node is not None and node.pk not in seen:
            chain.insert(0, node)
            seen.add(node.pk)
            node = node.parent
        return chain

    def clean(self):
        from django.core.exceptions import ValidationError

        seen, node = set(), self.parent
        while node is not None and node.pk not in seen:
            if self.pk and node.pk == self.pk:
                raise ValidationError({"parent": gettext("A collection cannot sit inside itself.")})
            seen.add(node.pk)
            node = node.parent


class CollectionMembership(models.Model):
    collection = models.ForeignKey(Collection, verbose_name=_("collection"), on_delete=models.CASCADE,
                                   related_name="memberships")
    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="memberships")
    order = models.PositiveIntegerField(_("order"), default=0)
    note = models.TextField(_("note"), blank=True, help_text=_("Why the document is here, if not obvious."))

    class Meta:
        ordering = ["collection", "order", "document__date_min"]
        constraints = [models.UniqueConstraint(fields=["collection", "document"], name="unique_collection_document")]
        verbose_name = _("collection membership")
        verbose_name_plural = _("collection memberships")

    def __str__(self):
        return f"{self.collection} ← {self.document.public_id}"

"""What documents are about: headings of a curated subject vocabulary, and places of the name
authority (`entities.AuthorityTerm` of kind "place", which carry coordinates). Both links are parts
of the document's record, so its history and restores carry them, and both are search facets."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, gettext_lazy as _

from mosaic.common.models import TimeStampedModel
from mosaic.lib.subject_headings import heading_problem, heading_slug, normalise_heading


class Subject(TimeStampedModel):
    """A heading in the style of the Wilson Center's catalogue: a topic with its subdivisions
    joined by "--" ("Korea (North)--Foreign relations--Soviet Union")."""

    heading = models.CharField(_("heading"), max_length=255, unique=True)
    heading_ko = models.CharField(_("heading (Korean)"), max_length=255, blank=True, help_text=_(
        "How Korean pages show the heading, its parts joined by \"--\" like the English one. The English heading "
        "stays its key."))
    slug = models.SlugField(_("search key"), max_length=255, unique=True,
                            help_text=_("The heading's stable key in search links; made from the heading."))
    broader = models.ForeignKey("self", verbose_name=_("broader heading"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="narrower",
                                help_text=_('The wider heading, e.g. "Korea (North)--Foreign relations".'))
    scope_note = models.TextField(_("scope note"), blank=True,
                                  help_text=_("What the heading covers and what it does not."))
    scope_note_ko = models.TextField(_("scope note (Korean)"), blank=True)

    class Meta:
        ordering = ["heading"]
        verbose_name = _("subject heading")
        verbose_name_plural = _("subject headings")

    def __str__(self):
        return self.heading

    def clean(self):
        self.heading = normalise_heading(self.heading)
        self.heading_ko = normalise_heading(self.heading_ko) if self.heading_ko.strip() else ""
        problem = heading_problem(self.heading)
        if problem:
            raise ValidationError({"heading": problem.worded(gettext)})
        slug = self.slug or heading_slug(self.heading)
        twin = Subject.objects.filter(slug=slug).exclude(pk=self.pk).first()
        if twin:
            raise ValidationError({"heading": gettext("“%(heading)s” is already this heading (they differ only in case, spacing or "
                                                      "accents).") % {"heading": twin.heading}})
        ancestor, seen = self.broader, {self.pk}
        while ancestor is not None:
            if ancestor.pk in seen:
                raise ValidationError({"broader": gettext("A heading cannot be broader than itself.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.broader

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = heading_slug(self.heading)
        super().save(*args, **kwargs)


class DocumentSubject(models.Model):
    document = models.ForeignKey("corpus.Document", verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="subject_links")
    subject = models.ForeignKey(Subject, verbose_name=_("subject"), on_delete=models.PROTECT, related_name="document_links")
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["document", "order", "pk"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        constraints = [models.UniqueConstraint(fields=["document", "subject"], name="unique_document_subject")]

    def __str__(self):
        return self.subject.heading


class DocumentPlace(models.Model):
    document = models.ForeignKey("corpus.Document", verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="place_links")
    place = models.ForeignKey("entities.AuthorityTerm", verbose_name=_("place"), on_delete=models.PROTECT,
                              related_name="document_links", limit_choices_to={"kind": "place"})
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["document", "order", "pk"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [models.UniqueConstraint(fields=["document", "place"], name="unique_document_place")]

    def __str__(self):
        return self.place.preferred

    def clean(self):
        if self.place_id and self.place.kind != "place":
            raise ValidationError({"place": gettext("%(term)s is not a place of the authority.") % {"term": self.place}})

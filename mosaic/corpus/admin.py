from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext, gettext_lazy as _, ngettext

from mosaic.common.models import URL_FORM_FIELDS
from mosaic.collections.models import Collection, CollectionMembership
from mosaic.common.numbers import parse_number
from mosaic.corpus import access
from mosaic.curation.admin import AccessLockedInline, CuratedAdmin
from mosaic.lib.source_lines import UnitListError, format_unit_list, parse_unit_list
from mosaic.corpus.models import ArchivalUnit, Credit, Document, DocumentAgent, Locator, NameLink, TextLayer
from mosaic.preservation.admin import DocumentFileInline
from mosaic.relations.admin import DocumentRelationInline
from mosaic.subjects.admin import DocumentPlaceInline, DocumentSubjectInline
from mosaic.preservation.models import DocumentFile


class LocatorForm(forms.ModelForm):
    """A locator with its archival units edited inline as one line ("fond 5; opis 28; delo 410")."""

    units_text = forms.CharField(
        label=_("Archival units"), required=False, widget=forms.TextInput(attrs={"size": 60}),
        help_text=_("Unit type and value, separated by semicolons: “fond 5; opis 28; delo 410”, “doboz 4; tétel 5/a”."),
    )

    class Meta:
        model = Locator
        fields = ["order", "repository", "as_printed", "folio_term", "folio_start", "folio_end"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["units_text"] = format_unit_list((u.unit_type, u.value) for u in self.instance.units.all())

    def clean_units_text(self):
        try:
            return parse_unit_list(self.cleaned_data["units_text"])
        except UnitListError as error:
            raise forms.ValidationError(error.wording.worded(gettext))

    def save(self, commit=True):
        locator = super().save(commit=commit)
        if commit and "units_text" in self.changed_data:
            existing = list(locator.units.all())
            wanted = self.cleaned_data["units_text"]
            for order, (unit_type, value) in enumerate(wanted):
                unit = existing[order] if order < len(existing) else ArchivalUnit(locator=locator)
                # Keep the label as printed while the unit keeps its type.
                label = unit.label if unit.pk and unit.unit_type == unit_type else ""
                if (unit.unit_type, unit.value, unit.label, unit.order) != (unit_type, value, label, order):
                    unit.unit_type, unit.value, unit.label, unit.order = unit_type, value, label, order
                    unit.save()
            for unit in existing[len(wanted):]:
                unit.delete()
        return locator


class LocatorInline(admin.StackedInline):
    model = Locator
    form = LocatorForm
    extra = 0
    fields = ["order", "repository", "as_printed", "units_text", ("folio_term", "folio_start", "folio_end")]
    show_change_link = True


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["agent"]
    fields = ["order", "role", "agent", "on_behalf_of", "language"]


class DocumentAgentInline(admin.TabularInline):
    model = DocumentAgent
    extra = 0
    autocomplete_fields = ["agent"]
    fields = ["order", "role", "agent", "as_written"]


class TextLayerInline(AccessLockedInline, admin.StackedInline):
    model = TextLayer
    extra = 0
    fields = [("kind", "language", "made_by"), ("access", "embargo_until"), "text", "order"]


class CollectionMembershipInline(admin.TabularInline):
    model = CollectionMembership
    extra = 0
    autocomplete_fields = ["collection"]
    fields = ["collection", "order", "note"]
    verbose_name = _("collection")
    verbose_name_plural = _("collections")


@admin.register(Document)
class DocumentAdmin(CuratedAdmin):
    formfield_overrides = URL_FORM_FIELDS
    list_display = ["public_id", "title", "date", "doc_type", "origin_country", "status", "access", "catalogue_only"]
    list_filter = ["status", "access", "doc_type", "origin_country", "original_language", "catalogue_only"]
    search_fields = ["public_id", "title", "summary"]
    readonly_fields = ["created", "modified", "import_source"]
    inlines = [LocatorInline, CreditInline, DocumentAgentInline, TextLayerInline, DocumentFileInline, CollectionMembershipInline, DocumentRelationInline,
               DocumentSubjectInline, DocumentPlaceInline]
    fieldsets = [
        (None, {"fields": ["public_id", "title", "doc_type", "summary"]}),
        (_("Date"), {"fields": ["date", ("date_min", "date_max"), "date_note"]}),
        (_("Provenance"), {"fields": ["origin_country", "original_language", "classification", "catalogue_only", "held_at",
                                      "source_url"]}),
        (_("Rights and access"), {"fields": ["rights", ("access", "embargo_until"), "status"]}),
        (_("Record"), {"fields": ["created", "modified", "import_source"], "classes": ["collapse"]}),
    ]
    actions = [*CuratedAdmin.actions, "add_to_collection"]

    # The staff interface shows what the access policy shows: a translator (staff, with view
    # permissions) lists and opens public documents and their own tasks' only, and on a document's
    # page sees only the layers, files and collections the policy lets them see.
    def get_queryset(self, request):
        return super().get_queryset(request) & access.visible_documents(request.user)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if obj is not None and obj.pk:
            if isinstance(inline, TextLayerInline):
                kwargs["queryset"] = kwargs["queryset"].filter(pk__in=[layer.pk for layer in access.visible_layers(obj, request.user)])
            elif isinstance(inline, DocumentFileInline):
                kwargs["queryset"] = kwargs["queryset"].filter(pk__in=[item.pk for item in access.visible_files(obj, request.user)])
            elif isinstance(inline, CollectionMembershipInline):
                kwargs["queryset"] = kwargs["queryset"].filter(collection__in=access.visible_collections(request.user))
        return kwargs

    def save_formset(self, request, form, formset, change):
        # Only a coordinator decides that a text or scan may be shown; a layer or file a curator
        # adds (perhaps an original the holding archive forbids us to publish) starts as staff-only.
        if formset.model in (TextLayer, DocumentFile) and not request.user.has_perm("curation.change_access"):
            for layer_form in formset.forms:
                if not layer_form.instance.pk and layer_form.has_changed():
                    layer_form.instance.access = "staff"
        super().save_formset(request, form, formset, change)

    @admin.action(description=_("Add the selected documents to a collection"))
    def add_to_collection(self, request, queryset):
        collections = Collection.objects.order_by("title")
        if "apply" in request.POST:
            chosen = parse_number(request.POST.get("collection"))
            collection = collections.filter(pk=chosen).first() if chosen is not None else None
            if collection is None:
                messages.error(request, gettext("Choose the collection to add the documents to."))
            else:
                with transaction.atomic():
                    next_order = (collection.memberships.order_by("-order").values_list("order", flat=True).first() or 0) + 1
                    already = set(collection.memberships.values_list("document_id", flat=True))
                    added = 0
                    for document in queryset.order_by("date_min", "public_id"):
                        if document.pk in already:
                            continue
                        CollectionMembership.objects.create(collection=collection, document=document, order=next_order + added)
                        added += 1
                if added < len(queryset):
                    text = gettext("Added %(count)d document(s) to “%(collection)s”; %(already)d were already in it.")
                else:
                    text = gettext("Added %(count)d document(s) to “%(collection)s”.")
                messages.success(request, text % {"count": added, "collection": collection, "already": len(queryset) - added})
                return None
        context = {**self.admin_site.each_context(request), "title": gettext("Add documents to a collection"),
                   "documents": queryset, "collections": collections, "opts": self.model._meta,
                   "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME}
        return TemplateResponse(request, "curation/add_to_collection.html", context)


class ArchivalUnitInline(admin.TabularInline):
    model = ArchivalUnit
    extra = 0
    fields = ["order", "unit_type", "label", "value"]


@admin.register(Locator)
class LocatorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "document", "repository"]
    list_filter = ["repository"]
    search_fields = ["as_printed", "document__public_id"]
    autocomplete_fields = ["document"]
    inlines = [ArchivalUnitInline]


@admin.register(NameLink)
class NameLinkAdmin(admin.ModelAdmin):
    """Curators confirm or reject the matcher's suggested links; decisions survive re-imports."""

    list_display = ["surface_form", "person", "document", "confidence", "basis", "occurrences", "status", "decided_by",
                    "someone_else"]
    list_select_related = ["person", "document"]
    list_filter = ["status", "basis", "language"]
    search_fields = ["surface_form", "person__display_name", "person__hangul", "document__public_id"]
    readonly_fields = ["document", "person", "surface_form", "language", "occurrences", "confidence", "basis", "decided_by",
                       "decided_at"]
    actions = ["confirm", "reject"]

    @admin.display(description=_("someone else?"))
    def someone_else(self, link):
        """The person meant is not in the authority: add them in one step, from this name as written."""
        query = urlencode({"written": link.surface_form, "language": link.language, "document": link.document.public_id,
                           "display_name": link.surface_form})
        return format_html('<a href="{}?{}">{}</a>', reverse("pages:new-person"), query, _("add the person meant"))

    def _decide(self, request, queryset, status):
        from django.utils import timezone

        # One save per link (not a bulk update), so each decision is a version in its history.
        links = list(queryset)
        for link in links:
            link.status, link.decided_by, link.decided_at = status, request.user.get_username(), timezone.now()
            link.save(update_fields=["status", "decided_by", "decided_at", "modified"])
        if status == NameLink.CONFIRMED:
            text = ngettext("%(count)d link marked confirmed.", "%(count)d links marked confirmed.", len(links))
        else:
            text = ngettext("%(count)d link marked rejected.", "%(count)d links marked rejected.", len(links))
        self.message_user(request, text % {"count": len(links)})

    @admin.action(description=_("Confirm the selected links"))
    def confirm(self, request, queryset):
        self._decide(request, queryset, NameLink.CONFIRMED)

    @admin.action(description=_("Reject the selected links"))
    def reject(self, request, queryset):
        self._decide(request, queryset, NameLink.REJECTED)

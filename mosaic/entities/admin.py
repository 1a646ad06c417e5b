from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from mosaic.common.bilingual import side_by_side
from mosaic.curation.admin import CuratedAdmin
from mosaic.entities.models import Agent, AuthorityTerm, NameVariant, Office, Person, TermVariant


@admin.register(Agent)
class AgentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "sort_name"]
    autocomplete_fields = ["person"]


class OfficeInline(admin.TabularInline):
    model = Office
    extra = 0


class NameVariantInline(admin.TabularInline):
    model = NameVariant
    extra = 0
    fields = ["form", "language", "kind", "alias_type", "source"]


@admin.register(Person)
class PersonAdmin(CuratedAdmin):
    has_workflow = False
    actions = []
    list_display = ["person_id", "display_name", "hangul", "mr", "tradition"]
    list_filter = ["tradition"]
    search_fields = ["person_id", "display_name", "hangul", "hangul_rok", "hanja", "mr", "rr", "variants__form"]
    inlines = [OfficeInline, NameVariantInline]
    # The page a curator edits reads like the public page: the name, then who the person was.
    fieldsets = [
        (None, {"fields": ["person_id", "tradition", "display_name"]}),
        (_("Forms of the name"), {"fields": ["hangul", "hangul_rok", "hanja", "mr", "rr", "dprk_official"]}),
        (_("Life and biography"), {"fields": ["born", "died", *side_by_side("biography"), "biography_sources"]}),
        (_("Other records"), {"fields": ["external_ids"], "classes": ["collapse"]}),
    ]


class TermVariantInline(admin.TabularInline):
    model = TermVariant
    extra = 0


@admin.register(AuthorityTerm)
class AuthorityTermAdmin(admin.ModelAdmin):
    list_display = ["preferred", "kind", "hangul"]
    list_filter = ["kind"]
    search_fields = ["preferred", "hangul", "variants__form"]
    inlines = [TermVariantInline]

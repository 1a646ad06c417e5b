from django.contrib import admin

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


class TermVariantInline(admin.TabularInline):
    model = TermVariant
    extra = 0


@admin.register(AuthorityTerm)
class AuthorityTermAdmin(admin.ModelAdmin):
    list_display = ["preferred", "kind", "hangul"]
    list_filter = ["kind"]
    search_fields = ["preferred", "hangul", "variants__form"]
    inlines = [TermVariantInline]

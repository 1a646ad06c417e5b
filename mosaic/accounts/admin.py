"""Users and groups in the admin, with their permissions named in the staff member's language.

Django writes each permission's name into the database, in English, when a migration creates it
("Can change document"), so the Korean admin would list them in English. Here a permission is
named from what it is: one of the four actions Django gives every model, with the model's name in
the page's language, or a permission a Mosaic model declares, from the catalogue.
"""
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext, gettext_noop

MODEL_ACTIONS = {
    "add": gettext_noop("Can add %(model)s"),
    "change": gettext_noop("Can change %(model)s"),
    "delete": gettext_noop("Can delete %(model)s"),
    "view": gettext_noop("Can view %(model)s"),
}


def permission_label(permission) -> str:
    """“app | model | what it allows”, as Django shows a permission, in the page's language."""
    content_type = permission.content_type
    model = content_type.model_class()
    action = permission.codename.partition("_")[0]
    if model is not None and permission.codename == f"{action}_{model._meta.model_name}" and action in MODEL_ACTIONS:
        name = gettext(MODEL_ACTIONS[action]) % {"model": model._meta.verbose_name}
    else:
        name = gettext(permission.name)
    return f"{content_type} | {name}"


class _PermissionsInTheirLanguage:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field


class MosaicGroupAdmin(_PermissionsInTheirLanguage, GroupAdmin):
    pass


class MosaicUserAdmin(_PermissionsInTheirLanguage, UserAdmin):
    pass


admin.site.unregister(Group)
admin.site.register(Group, MosaicGroupAdmin)
admin.site.unregister(User)
admin.site.register(User, MosaicUserAdmin)

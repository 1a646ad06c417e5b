from django.contrib.auth.models import Permission


def grant(user, *codenames):
    """Give `user` these translations permissions; returns a fresh copy (permissions are cached per object)."""
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="translations", codename__in=codenames))
    return type(user).objects.get(pk=user.pk)

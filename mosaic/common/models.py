from functools import cache

from django.db import models
from django.utils.translation import gettext_lazy


@cache
def _choice_labels(model: type[models.Model], field_name: str) -> dict:
    return dict(model._meta.get_field(field_name).flatchoices)


def choice_label(instance: models.Model, field_name: str) -> str:
    """What `get_FOO_display()` returns, from a dictionary made once per field: Django builds it
    anew on every call, which was a tenth of an import's time (a version's title names each part
    of every record it writes)."""
    value = getattr(instance, field_name)
    return str(_choice_labels(type(instance), field_name).get(value, value))


def translated_choices(vocabulary: dict[str, str]) -> list[tuple[str, str]]:
    """Django `choices` for a vocabulary of mosaic/lib (whose labels are marked for the catalogue
    there): each label shown in the reader's language. Equal to the English labels for migrations."""
    return [(key, gettext_lazy(label)) for key, label in vocabulary.items()]


# Admin forms read a bare "example.org" as https (Django 6's default), not http.
URL_FORM_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class TimeStampedModel(models.Model):
    created = models.DateTimeField(gettext_lazy("created"), auto_now_add=True)
    modified = models.DateTimeField(gettext_lazy("last modified"), auto_now=True)

    class Meta:
        abstract = True

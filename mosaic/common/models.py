from django.db import models


# Admin forms read a bare "example.org" as https (Django 6's default), not http.
URL_FORM_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class TimeStampedModel(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

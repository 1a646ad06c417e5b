"""Readers' accounts: sign in and out, register as a researcher, change the password.

Sign-in goes through the same authentication backends as the staff interface, so django-axes
throttles it too; registration is throttled per (hashed) client address."""
import datetime as dt

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import UserCreationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_lazy as _

from mosaic.accounts import usernames
from mosaic.common import clients
from mosaic.curation.roles import RESEARCHER, grant, sync_roles


class ResearcherForm(UserCreationForm):
    email = forms.EmailField(required=True, help_text=_("For resetting your password; never shown to anyone."))
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
                              label=_("Leave this empty"))  # a field only robots fill in

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email"]

    def clean_username(self):
        """The username as Django's field normalised it (NFKC), refused when it is reserved or
        looks like a name already taken (see usernames.py), so no one can pass for staff or for
        another reader."""
        username = super().clean_username()
        if not username or self.has_error("username"):  # already taken as it is spelled: said once is enough
            return username
        if usernames.is_reserved(username):
            raise ValidationError(gettext("“%(username)s” is reserved for the archive and its staff, or looks like a name that is. "
                                          "Please choose another username.") % {"username": username}, code="reserved_username")
        taken = get_user_model().objects.values_list("username", flat=True)
        if usernames.looks_like_a_taken_name(username, taken):
            raise ValidationError(gettext("“%(username)s” looks too much like the name of an existing account (letters that look "
                                          "alike, accents or capitals aside). Please choose another username.")
                                  % {"username": username}, code="look_alike_username")
        return username


def _registrations_per_hour() -> int:
    return int(getattr(settings, "MOSAIC_REGISTRATIONS_PER_HOUR", 3))


def register(request):
    if request.user.is_authenticated:
        return redirect("pages:home")
    form = ResearcherForm(request.POST or None)
    if request.method == "POST":
        # A count per hashed address, in the cache shared by this server's threads.
        key = f"mosaic-registrations:{clients.client_hash(request, 'registrations')}:{dt.datetime.now():%Y%m%d%H}"
        if cache.get(key, 0) >= _registrations_per_hour():
            return render(request, "registration/register.html", {"form": form, "throttled": True}, status=429)
        if form.is_valid():
            cache.set(key, cache.get(key, 0) + 1, 3600)
            if form.cleaned_data["website"]:
                return redirect("pages:home")  # looks accepted; nothing stored
            user = form.save()
            sync_roles()
            grant(user, RESEARCHER)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            target = request.GET.get("next", "")
            return redirect(target if target and url_has_allowed_host_and_scheme(target, {request.get_host()}) else "pages:home")
        return render(request, "registration/register.html", {"form": form}, status=400)
    return render(request, "registration/register.html", {"form": form})

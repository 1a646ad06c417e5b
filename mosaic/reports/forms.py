from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy as _

from mosaic.reports.models import MESSAGE_MAX_LENGTH, ProblemReport

# A field people never see; form-filling robots fill it in and are recognised by it.
HONEYPOT_FIELD = "website"


class ProblemReportForm(forms.ModelForm):
    website = forms.CharField(
        required=False, label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = ProblemReport
        fields = ["kind", "message", "contact_email"]
        labels = {
            "kind": _("What is wrong?"),
            "message": _("Describe the problem"),
            "contact_email": _("Your email (optional)"),
        }
        help_texts = {
            "message": format_lazy(_("Say where (page, paragraph, name) and what it should be; up to {limit} characters."),
                                   limit=f"{MESSAGE_MAX_LENGTH:,}"),
            "contact_email": _("Only if you would like a curator to write back. It is never published."),
        }
        widgets = {
            "message": forms.Textarea(attrs={"rows": 4, "cols": 60}),
        }
        error_messages = {
            "kind": {
                "required": _("Please choose what kind of problem this is."),
                "invalid_choice": _("Please choose what kind of problem this is from the list."),
            },
            "message": {
                "required": _("Please describe the problem."),
                "max_length": _("Please shorten the description to %(limit_value)d characters or fewer (it has %(show_value)d)."),
            },
            "contact_email": {
                "invalid": _("This does not look like an email address. Leave the field empty if you prefer not to give one."),
            },
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "report-%s")
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", gettext("Choose one…")), *ProblemReport.KINDS.items()]

    @property
    def filled_by_a_robot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

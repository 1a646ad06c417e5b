from django import forms

from mosaic.reports.models import MESSAGE_MAX_LENGTH, ProblemReport

# A field people never see; form-filling robots fill it in and are recognised by it.
HONEYPOT_FIELD = "website"


class ProblemReportForm(forms.ModelForm):
    website = forms.CharField(
        required=False, label="Leave this field empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = ProblemReport
        fields = ["kind", "message", "contact_email"]
        labels = {
            "kind": "What is wrong?",
            "message": "Describe the problem",
            "contact_email": "Your email (optional)",
        }
        help_texts = {
            "message": f"Say where (page, paragraph, name) and what it should be; up to {MESSAGE_MAX_LENGTH:,} characters.",
            "contact_email": "Only if you would like a curator to write back. It is never published.",
        }
        widgets = {
            "message": forms.Textarea(attrs={"rows": 4, "cols": 60}),
        }
        error_messages = {
            "kind": {
                "required": "Please choose what kind of problem this is.",
                "invalid_choice": "Please choose what kind of problem this is from the list.",
            },
            "message": {
                "required": "Please describe the problem.",
                "max_length": "Please shorten the description to %(limit_value)d characters or fewer (it has %(show_value)d).",
            },
            "contact_email": {
                "invalid": "This does not look like an email address. Leave the field empty if you prefer not to give one.",
            },
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "report-%s")
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Choose one…"), *ProblemReport.KINDS.items()]

    @property
    def filled_by_a_robot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from mosaic.lens.models import REASON_MAX_LENGTH, FlagDispute

# A field people never see; form-filling robots fill it in and are recognised by it.
HONEYPOT_FIELD = "website"


class FlagDisputeForm(forms.ModelForm):
    """A reader's objection to one flag: which flag (layer, span, rule) and why it is wrong."""

    layer = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    start = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    end = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    rule = forms.CharField(widget=forms.HiddenInput, max_length=40)
    website = forms.CharField(
        required=False, label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = FlagDispute
        fields = ["reason", "contact_email"]
        labels = {"reason": _("Why is this flag wrong?"), "contact_email": _("Your email (optional)")}
        help_texts = {
            "reason": format_lazy(_("For example: the words are the speaker's, not the author's; “must” here means "
                                    "“probably”; the term is used of a machine, not of people. Up to {limit} characters."),
                                  limit=f"{REASON_MAX_LENGTH:,}"),
            "contact_email": _("Only if you would like a curator to write back. It is never published."),
        }
        widgets = {"reason": forms.Textarea(attrs={"rows": 3, "cols": 60})}
        error_messages = {
            "reason": {
                "required": _("Please say why the flag is wrong."),
                "max_length": _("Please shorten the reason to %(limit_value)d characters or fewer (it has %(show_value)d)."),
            },
            "contact_email": {
                "invalid": _("This does not look like an email address. Leave the field empty if you prefer not to give one."),
            },
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "dispute-%s")
        super().__init__(*args, **kwargs)

    @property
    def filled_by_a_robot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def flag_fields_valid(self) -> bool:
        """Whether the hidden fields name a flag at all (they come from the page, not the reader)."""
        return all(name not in self.errors for name in ("layer", "start", "end", "rule"))

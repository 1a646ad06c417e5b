"""A curator adds a person the authority lacks in one step, from the name check or the linking
queue: the name as the document wrote it becomes the person's first attested form, with the
document as its source, and the document's names are read again."""
from __future__ import annotations

from django import forms
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from mosaic.changes.service import documents_changed
from mosaic.corpus import access
from mosaic.entities.authority import dprk_official_form
from mosaic.entities.models import NameVariant, Person
from mosaic.lib.names.hangul import is_syllable
from mosaic.lib.names.hanja import has_han

CURATED_PREFIX = "C"


class NewPersonForm(forms.Form):
    written = forms.CharField(label=_("name as written"), max_length=255)
    language = forms.CharField(label=_("language"), max_length=40, required=False)
    document = forms.SlugField(label=_("document"), max_length=80)
    display_name = forms.CharField(label=_("display name"), max_length=255,
                                   help_text=_("The archive's house form; for a Korean, McCune–Reischauer."))
    tradition = forms.ChoiceField(label=_("name tradition"), choices=Person._meta.get_field("tradition").choices,
                                  initial=Person.KOREAN)
    hangul = forms.CharField(label=_("hangul"), max_length=40, required=False,
                             help_text=_("DPRK spelling, if known: with it, every rendering of the name is found."))
    hanja = forms.CharField(label=_("hanja"), max_length=40, required=False)
    country = forms.CharField(label=_("country served"), max_length=40, required=False)

    def clean_hangul(self):
        hangul = self.cleaned_data["hangul"].strip()
        if hangul and not all(is_syllable(char) for char in hangul):
            raise forms.ValidationError(_("Hangul syllables only, e.g. 박동초."))
        return hangul

    def clean_hanja(self):
        hanja = self.cleaned_data["hanja"].strip()
        if hanja and not has_han(hanja):
            raise forms.ValidationError(_("Chinese characters only."))
        return hanja

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_document(self):
        # Only a document the curator may see; none can be named through a person's sources otherwise.
        document = access.visible_documents(self.user).filter(public_id=self.cleaned_data["document"]).first()
        if document is None:
            raise forms.ValidationError(_("No such document."))
        return document

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("tradition") == Person.CHINESE and not cleaned.get("hanja"):
            self.add_error("hanja", _("A Chinese name needs its characters."))
        return cleaned


def next_curated_id() -> str:
    latest = (Person.objects.filter(person_id__regex=rf"^{CURATED_PREFIX}[0-9]+$")
              .aggregate(latest=Max("person_id"))["latest"])
    number = int(latest[len(CURATED_PREFIX):]) + 1 if latest else 1
    return f"{CURATED_PREFIX}{number:04d}"


@transaction.atomic
def add_person(data: dict) -> Person:
    """The person, and the written form as attested in the document; the document's names are
    then read again by the background worker."""
    document = data["document"]
    values = {"tradition": data["tradition"], "display_name": data["display_name"].strip(), "hanja": data["hanja"],
              "country": data["country"].strip(),
              # The document's id only: its title may be withheld from the readers of the person's page.
              "biography_sources": f"Added to the authority from document {document.public_id}"}
    if data["tradition"] == Person.KOREAN and data["hangul"]:
        values.update(hangul=data["hangul"], mr=data["display_name"].strip(),
                      dprk_official=dprk_official_form(data["hangul"], data["hanja"]))
    person = Person.objects.create(person_id=next_curated_id(), **values)
    NameVariant.objects.create(person=person, form=data["written"].strip(), language=data["language"].strip(),
                               kind="attested", source=f"document {document.public_id} (first attested)")
    documents_changed([document.pk], f"{person.display_name} added to the name authority")
    return person

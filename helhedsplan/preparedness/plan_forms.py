"""Forms of the beredskab plan pages: one person of the preparedness plan. Forms only validate;
the views copy cleaned_data onto the Contact."""

import re

from django import forms
from django.contrib.auth import get_user_model

from helhedsplan.core.form_merge import EditOrCreateForm
from helhedsplan.core.privacy import refuse_cpr
from helhedsplan.preparedness.models import Contact

_PHONE = re.compile(r"^[\d\s+()./,-]*$")


def validate_phone(value: str) -> None:
    if not _PHONE.match(value):
        raise forms.ValidationError(
            "Skriv kun cifre, mellemrum, + og evt. / mellem to numre, fx 20 21 82 40."
        )
    for part in re.split(r"[/,]", value):
        digits = re.sub(r"\D", "", part)
        if len(digits) < 8:
            raise forms.ValidationError("Et telefonnummer skal have mindst 8 cifre.")


class ContactForm(EditOrCreateForm, forms.Form):
    role = forms.CharField(
        label="Rolle",
        max_length=300,
        validators=[refuse_cpr],
        help_text="Personens rolle i beredskabet, fx «Boligsocial leder».",
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=None,
        required=False,
        empty_label="(ingen)",
        help_text="Den organisation, personen kommer fra.",
    )
    name = forms.CharField(
        label="Navn",
        max_length=200,
        required=False,
        validators=[refuse_cpr],
        help_text="Tom, hvis rollen ikke er besat endnu.",
    )
    phone = forms.CharField(
        label="Telefon",
        max_length=40,
        required=False,
        validators=[validate_phone],
        help_text="Flere numre adskilles med /.",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label="E-mail",
        required=False,
        help_text="Personen får besked her, når beredskabet aktiveres.",
    )
    deputy_for = forms.ModelChoiceField(
        label="Suppleant for",
        queryset=None,
        required=False,
        empty_label="(vælg medlem)",
        help_text="Det medlem, suppleanten ringes op i stedet for, hvis medlemmet ikke svarer.",
    )
    user = forms.ModelChoiceField(
        label="Bruger i systemet",
        queryset=None,
        required=False,
        empty_label="(ingen)",
        help_text="Giver personen adgang til beredskabet og til at aktivere det.",
    )
    confirmed_on = forms.DateField(
        label="Oplysninger bekræftet",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Datoen, hvor personen sidst har bekræftet navn og telefonnummer.",
    )
    note = forms.CharField(
        label="Note",
        required=False,
        validators=[refuse_cpr],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Fx hvornår personen kan træffes.",
    )

    def __init__(self, *args, plan, kind: str, contact: Contact | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = plan.organisations.all()
        members = Contact.objects.filter(plan=plan, kind=Contact.Kind.MEMBER)
        if contact is not None:
            members = members.exclude(pk=contact.pk)
        self.fields["deputy_for"].queryset = members
        self.fields["user"].queryset = (
            get_user_model().objects.filter(plan_memberships__plan=plan).order_by("username")
        )
        if kind == Contact.Kind.DEPUTY:
            self.fields["deputy_for"].required = True
        else:
            del self.fields["deputy_for"]
        if kind == Contact.Kind.RESOURCE:
            self.fields["role"].label = "Ressource"
            self.fields["role"].help_text = "Fx Brandvæsnet eller Viceværter."

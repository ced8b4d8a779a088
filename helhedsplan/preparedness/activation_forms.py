"""Forms of the activation pages. They validate only; the views call activations.py to act."""

from django import forms
from django.utils import timezone

from helhedsplan.core.once import OneTimeForm
from helhedsplan.core.privacy import refuse_cpr
from helhedsplan.preparedness.models import IncidentType

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


def _now_local() -> str:
    return timezone.localtime().strftime(DATETIME_FORMAT)


class ActivateForm(OneTimeForm, forms.Form):
    incident_type = forms.ChoiceField(
        label="Hændelse",
        choices=[("", "Vælg hændelse"), *IncidentType.choices],
        help_text="Vælg den type, der passer bedst; detaljerne skriver du i beskrivelsen.",
    )
    area = forms.ModelChoiceField(
        label="Boligområde",
        queryset=None,
        required=False,
        empty_label="Vælg boligområde (eller skriv adressen)",
        help_text="Vælg området, eller skriv adressen i feltet nedenfor.",
    )
    address = forms.CharField(
        label="Adresse eller sted",
        required=False,
        max_length=300,
        validators=[refuse_cpr],
        help_text="Fx «Husarvej 12». Boligområdet findes ud fra adressen.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    occurred_at = forms.DateTimeField(
        label="Tidspunkt for hændelsen",
        widget=DateTimeInput(),
        help_text="Udfyldt med nu; ret det, hvis hændelsen skete tidligere.",
    )
    description = forms.CharField(
        label="Beskrivelse",
        validators=[refuse_cpr],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Hvad er sket? Skriv ikke navne eller CPR-numre på beboere eller børn.",
    )
    requested_by_police = forms.BooleanField(
        label="På politiets anmodning",
        required=False,
        help_text="Sæt kryds, hvis politiet har bedt om, at beredskabet kaldes sammen.",
    )

    def __init__(self, *args, plan, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("occurred_at", _now_local())
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = plan.areas.all()

    def clean(self):
        data = super().clean()
        no_place = not data.get("area") and not (data.get("address") or "").strip()
        if no_place and "address" not in self.errors and "area" not in self.errors:
            self.add_error("address", "Vælg et boligområde eller skriv adressen.")
        return data


class CallForm(forms.Form):
    status = forms.ChoiceField(choices=[("reached", "Kontaktet"), ("no_answer", "Intet svar")])


class MeetingForm(forms.Form):
    at = forms.DateTimeField(
        label="Tidspunkt for det koordinerende møde",
        widget=DateTimeInput(),
        help_text="Hvornår beredskabsstyregruppen mødes (dato og klokkeslæt).",
    )
    note = forms.CharField(
        label="Sted og note",
        required=False,
        validators=[refuse_cpr],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Fx mødested eller telefonmøde. Ingen navne eller CPR-numre på beboere.",
    )


class ActionForm(forms.Form):
    title = forms.CharField(
        label="Handling",
        max_length=300,
        validators=[refuse_cpr],
        help_text="Hvad der skal gøres, fx «Ekstra vagt på Husarvej i aften».",
    )
    owner = forms.CharField(
        label="Ansvarlig",
        max_length=200,
        validators=[refuse_cpr],
        help_text="Den person eller organisation, der sørger for det.",
    )
    due = forms.DateTimeField(
        label="Frist",
        required=False,
        widget=DateTimeInput(),
        help_text="Valgfri: hvornår det skal være gjort.",
    )


class ResidentInfoForm(forms.Form):
    text = forms.CharField(
        label="Tekst til beboerne",
        validators=[refuse_cpr],
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Gemmes som udkast; styregruppen godkender, før den sendes.",
    )


class PressNoteForm(forms.Form):
    text = forms.CharField(
        label="Pressenote",
        validators=[refuse_cpr],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Pressen håndteres af boligorganisationernes ledelse.",
    )


class EvaluationForm(forms.Form):
    text = forms.CharField(
        label="Evaluering",
        validators=[refuse_cpr],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Hvad virkede, hvad skal gøres anderledes, og skal beredskabsplanen ændres?",
    )

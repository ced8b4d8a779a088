from django import forms

from helhedsplan.core.privacy import refuse_cpr
from helhedsplan.registrations.models import Participant, Registration
from helhedsplan.registrations.services import COUNTED_ELSEWHERE


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RegistrationForm(forms.Form):
    """One delivery for one activity. Forms validate only; the view saves through services."""

    date = forms.DateField(label="Dato", widget=DateInput())
    end_date = forms.DateField(
        label="Slutdato", required=False, widget=DateInput(), help_text="Kun for forløb."
    )
    kind = forms.ChoiceField(label="Type", choices=Registration.Kind.choices)
    count = forms.IntegerField(label="Antal", min_value=0, initial=1)
    participants = forms.IntegerField(label="Deltagere", min_value=0, required=False)
    completed = forms.IntegerField(label="Gennemført", min_value=0, required=False)
    criteria = forms.ModelMultipleChoiceField(
        label="Tæller med i succeskriterier",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sub_activity = forms.ModelChoiceField(
        label="Delaktivitet", queryset=None, required=False, empty_label="(ingen)"
    )
    codes = forms.CharField(
        label="Deltagerkoder",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off", "spellcheck": "false"}),
        help_text="Skriv eller indsæt koder (pseudonymer), én pr. linje eller adskilt af komma. "
        "Aldrig navne eller CPR-numre.",
        # The raw text is checked too: "010190 1234" would otherwise split into two codes.
        validators=[refuse_cpr],
    )
    known_codes = forms.MultipleChoiceField(
        label="Koder brugt før i aktiviteten",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    completed_codes = forms.CharField(
        label="Koder der har gennemført",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off", "spellcheck": "false"}),
        help_text="Kun for forløb: de deltagere, der har gennemført.",
        validators=[refuse_cpr],
    )
    age_band = forms.ChoiceField(
        label="Aldersgruppe for nye koder", choices=Participant.AgeBand.choices, required=False
    )
    area = forms.ModelChoiceField(
        label="Boligområde for nye koder",
        queryset=None,
        required=False,
        empty_label="(ikke oplyst)",
    )
    gender = forms.ChoiceField(
        label="Køn for nye koder", choices=Participant.Gender.choices, required=False
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[refuse_cpr],
    )
    confirm_duplicate = forms.BooleanField(
        label="Ja, det er ikke en dobbeltregistrering", required=False
    )

    def __init__(self, *args, activity, known_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity
        self.fields["criteria"].queryset = activity.success_criteria.exclude(
            kind__in=COUNTED_ELSEWHERE
        )
        self.fields["sub_activity"].queryset = activity.sub_activities.all()
        self.fields["area"].queryset = activity.plan.areas.all()
        self.fields["known_codes"].choices = [(code, code) for code in known_codes]
        if not activity.sub_activities.exists():
            del self.fields["sub_activity"]
        if not known_codes:
            del self.fields["known_codes"]


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label="Hvorfor slettes registreringen?",
        max_length=300,
        validators=[refuse_cpr],
        help_text="Begrundelsen gemmes i historikken sammen med registreringen.",
    )

from django import forms

from helhedsplan.core.form_merge import EditOrCreateForm
from helhedsplan.core.privacy import refuse_cpr
from helhedsplan.registrations.models import Participant, Registration
from helhedsplan.registrations.services import COUNTED_ELSEWHERE


class CriteriaChoices(forms.CheckboxSelectMultiple):
    """Each box says, in data-counts-for, the registration types it is ticked in advance for, so
    that registrations/form.js can tick them again when the type is changed (create form only)."""

    counts_for: dict[int, set[str]] | None = None

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if self.counts_for is not None:
            key = getattr(value, "value", value)
            option["attrs"]["data-counts-for"] = " ".join(sorted(self.counts_for.get(key, ())))
        return option


class CriteriaField(forms.ModelMultipleChoiceField):
    """The criteria by their text; one whose data another organisation delivers says who."""

    organisation_id: int | None = None

    def label_from_instance(self, criterion):
        found = criterion.deliverer
        if found is not None and found.id != self.organisation_id:
            return f"{criterion.text} (data leveres af {found.name})"
        return criterion.text


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RegistrationForm(EditOrCreateForm, forms.Form):
    """One delivery for one activity. Forms validate only; the view saves through services."""

    date = forms.DateField(
        label="Dato",
        widget=DateInput(),
        help_text="Dagen, leverancen fandt sted; for et forløb den første dag.",
    )
    end_date = forms.DateField(
        label="Slutdato",
        required=False,
        widget=DateInput(),
        help_text="Kun for forløb: den sidste dag.",
    )
    kind = forms.ChoiceField(
        label="Type",
        choices=Registration.Kind.choices,
        help_text="«Forløbsgang» er én gang af et forløb; «forløb» er hele forløbet.",
    )
    count = forms.IntegerField(
        label="Antal",
        min_value=0,
        initial=1,
        help_text="Hvor mange af typen, fx 3 kontakter. Oftest 1.",
    )
    participants = forms.IntegerField(
        label="Deltagere",
        min_value=0,
        required=False,
        help_text="Antal deltagere i alt, også dem uden kode. Tom: antallet af koder bruges.",
    )
    completed = forms.IntegerField(
        label="Gennemført",
        min_value=0,
        required=False,
        help_text="Kun for forløb: hvor mange der gennemførte, højst antallet af deltagere.",
    )
    criteria = CriteriaField(
        label="Tæller med i succeskriterier",
        queryset=None,
        required=False,
        widget=CriteriaChoices,
        help_text="Sæt kryds ved de succeskriterier, leverancen skal tælle med i.",
    )
    sub_activity = forms.ModelChoiceField(
        label="Delaktivitet",
        queryset=None,
        required=False,
        empty_label="(ingen)",
        help_text="Vælg delaktiviteten, hvis leverancen hører til en bestemt del af aktiviteten.",
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
        help_text="Sæt kryds ved deltagere, der har været med før, i stedet for at skrive koden.",
    )
    completed_codes = forms.CharField(
        label="Koder der har gennemført",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off", "spellcheck": "false"}),
        help_text="Kun for forløb: de deltagere, der har gennemført.",
        validators=[refuse_cpr],
    )
    age_band = forms.ChoiceField(
        label="Aldersgruppe for nye koder",
        choices=Participant.AgeBand.choices,
        required=False,
        help_text="Gemmes kun for koder, der ikke er brugt før.",
    )
    area = forms.ModelChoiceField(
        label="Boligområde for nye koder",
        queryset=None,
        required=False,
        empty_label="(ikke oplyst)",
        help_text="Hvor deltagerne bor. Gemmes kun for koder, der ikke er brugt før.",
    )
    gender = forms.ChoiceField(
        label="Køn for nye koder",
        choices=Participant.Gender.choices,
        required=False,
        help_text="Valgfrit. Gemmes kun for koder, der ikke er brugt før.",
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[refuse_cpr],
        help_text="Fx hvad der skete. Ingen navne eller CPR-numre.",
    )
    confirm_duplicate = forms.BooleanField(
        label="Gem alligevel – det er en anden registrering end den, der findes",
        required=False,
        help_text="Sæt kun kryds, hvis der virkelig var to leverancer. Ellers: annullér, så "
        "tæller leverancen kun med én gang.",
    )
    confirm_no_participants = forms.BooleanField(
        label="Gem alligevel – ingen deltog i arrangementet, eller antallet kendes ikke",
        required=False,
        help_text="Et arrangement uden deltagere og uden deltagerkoder tæller ikke med i "
        "deltagertallene. Skriv antallet i «Deltagere», hvis nogen deltog.",
    )

    def __init__(self, *args, activity, known_codes=(), organisation_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity
        self.fields["criteria"].queryset = activity.success_criteria.exclude(
            kind__in=COUNTED_ELSEWHERE
        ).select_related("responsible_organisation", "activity__responsible_organisation")
        self.fields["criteria"].organisation_id = organisation_id
        self.fields["sub_activity"].queryset = activity.sub_activities.all()
        self.fields["area"].queryset = activity.plan.areas.all()
        self.fields["known_codes"].choices = [(code, code) for code in known_codes]
        if not activity.sub_activities.exists():
            del self.fields["sub_activity"]
        if not known_codes:
            del self.fields["known_codes"]


# On the new-registration form, where some boxes are ticked in advance (views.create).
TICKED_IN_ADVANCE_HELP = (
    " Kryds er sat på forhånd kun ved dem, en registrering af den valgte type tæller med i, og "
    "som I leverer data til. Se dem igennem, og sæt selv kryds ved resten, hvis leverancen også "
    "tæller der."
)


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label="Hvorfor slettes registreringen?",
        max_length=300,
        validators=[refuse_cpr],
        help_text="Begrundelsen gemmes i historikken sammen med registreringen.",
    )
    # The registration's version when the page was read: a change since then stops the delete.
    version = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

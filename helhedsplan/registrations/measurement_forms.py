from django import forms

from helhedsplan.core.form_merge import VersionedForm
from helhedsplan.core.once import OneTimeForm
from helhedsplan.core.privacy import refuse_cpr
from helhedsplan.registrations.forms import DateInput
from helhedsplan.registrations.models import Assessment
from helhedsplan.registrations.services import MEASURED_KINDS


class MeasurementForm(OneTimeForm, forms.Form):
    target = forms.ChoiceField(
        label="Hvad er målt",
        help_text="Den lokalt opstillede måling eller det succeskriterium, tallet hører til.",
    )
    date = forms.DateField(
        label="Dato", widget=DateInput(), help_text="Den dag, værdien gælder for."
    )
    value = forms.DecimalField(
        label="Værdi",
        max_digits=14,
        decimal_places=4,
        help_text="Et tal i målingens enhed, fx 17.",
    )
    source = forms.CharField(
        label="Kilde",
        max_length=300,
        validators=[refuse_cpr],
        help_text="Fx «Boligstatistiske Nøgletal 2018».",
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[refuse_cpr],
        help_text="Fx hvordan tallet er opgjort. Ingen navne eller CPR-numre.",
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        # A measure fed from register data is not typed (registrations.services).
        typed = plan.local_measures.filter(register_measure="")
        measures = [(f"m:{m.key}", f"{m.number}. {m.text[:90]}") for m in typed]
        criteria = [
            (f"c:{c.key}", f"{c.activity.name}: {c.text[:80]}")
            for c in plan.success_criteria.filter(kind__in=MEASURED_KINDS).select_related(
                "activity"
            )
        ]
        self.fields["target"].choices = [
            ("", "Vælg …"),
            ("Lokalt opstillede målinger", measures),
            ("Succeskriterier (niveau og udvikling)", criteria),
        ]

    def measured_keys(self) -> dict:
        """The local measure's or the criterion's key, as build_measurement takes them."""
        kind, key = self.cleaned_data["target"].split(":", 1)
        return {
            "local_measure_key": key if kind == "m" else None,
            "criterion_key": key if kind == "c" else None,
        }


class AssessmentForm(VersionedForm, forms.Form):
    status = forms.ChoiceField(
        label="Vurdering",
        choices=Assessment.Status.choices,
        widget=forms.RadioSelect,
        help_text="Styregruppens vurdering af, hvor langt succeskriteriet er nået i tertialet.",
    )
    text = forms.CharField(
        label="Begrundelse",
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[refuse_cpr],
        help_text="Styregruppens vurdering med ord. Ingen navne på borgere.",
    )


class ApprovalForm(forms.Form):
    tertial = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label="Note", required=False, max_length=500, validators=[refuse_cpr])

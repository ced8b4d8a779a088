"""The small form the secretariat edits one meeting of the calendar with."""

import datetime

from django import forms

from helhedsplan.core.form_merge import VersionedForm
from helhedsplan.governance.calendar import TZ
from helhedsplan.governance.models import Meeting


class MeetingForm(VersionedForm, forms.ModelForm):
    date = forms.DateField(label="Dato", widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label="Klokkeslæt", widget=forms.TimeInput(attrs={"type": "time"}))

    class Meta:
        model = Meeting
        fields = ["duration_minutes", "location", "status"]
        help_texts = {
            "duration_minutes": "Mødets længde i minutter, fx 120 for to timer.",
            "location": "Fx «Beboerhuset» eller «Rådhuset, mødelokale 2».",
            "status": "Et foreslået møde bliver planlagt, når tidspunktet er aftalt. "
            "Et aflyst møde bliver stående i kalenderen som aflyst.",
        }

    field_order = ["date", "time", "duration_minutes", "location", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.starts_at:
            local = self.instance.starts_at.astimezone(TZ)
            self.fields["date"].initial = local.date()
            self.fields["time"].initial = local.time().replace(second=0, microsecond=0)

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if not 1 <= minutes <= 24 * 60:
            raise forms.ValidationError("Skriv en varighed mellem 1 og 1440 minutter.")
        return minutes

    def save(self, commit=True):
        meeting = super().save(commit=False)
        meeting.starts_at = datetime.datetime.combine(
            self.cleaned_data["date"], self.cleaned_data["time"], tzinfo=TZ
        )
        if commit:
            meeting.save()
        return meeting

from django import forms

from helhedsplan.core.form_merge import EditOrCreateForm
from helhedsplan.progress.milestones import month_label
from helhedsplan.progress.models import Milestone


class MilestoneForm(EditOrCreateForm, forms.ModelForm):
    month = forms.TypedChoiceField(
        label="Måned", coerce=str, help_text="Den måned, milepælen skal være nået."
    )

    class Meta:
        model = Milestone
        fields = ["month", "title", "owner", "status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "title": "Hvad der skal være nået, fx «Aftale med skolen underskrevet».",
            "owner": "Den person eller organisation, der sørger for milepælen.",
            "status": "Sæt «gennemført», når milepælen er nået; ellers vises den som forsinket, "
            "når måneden er gået.",
            "note": "Ingen navne eller CPR-numre på beboere.",
        }

    def __init__(self, *args, months, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [(m.isoformat(), month_label(m)) for m in months]
        if self.instance.pk:
            self.initial["month"] = self.instance.month.isoformat()

    def clean_month(self):
        import datetime

        return datetime.date.fromisoformat(self.cleaned_data["month"])

from django import forms

from helhedsplan.progress.milestones import month_label
from helhedsplan.progress.models import Milestone


class MilestoneForm(forms.ModelForm):
    month = forms.TypedChoiceField(label="Måned", coerce=str)

    class Meta:
        model = Milestone
        fields = ["month", "title", "owner", "status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, months, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [(m.isoformat(), month_label(m)) for m in months]
        if self.instance.pk:
            self.initial["month"] = self.instance.month.isoformat()

    def clean_month(self):
        import datetime

        return datetime.date.fromisoformat(self.cleaned_data["month"])

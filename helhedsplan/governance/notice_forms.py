from django import forms

from helhedsplan.core.once import OneTimeForm
from helhedsplan.governance.models import Notice


class NoticeForm(OneTimeForm, forms.ModelForm):
    """Subject and text of an underretning; the model's validators refuse CPR numbers."""

    class Meta:
        model = Notice
        fields = ["subject", "text"]
        labels = {"subject": "Emne", "text": "Forholdet"}
        help_texts = {
            "subject": "En kort overskrift, fx «Partner kan ikke levere det aftalte».",
            "text": (
                "Beskriv forholdet, og hvorfor det kan få betydning for helhedsplanen. "
                "Skriv ikke navne eller CPR-numre på beboere eller børn."
            ),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}

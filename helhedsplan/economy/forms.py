from django import forms

from helhedsplan.core.once import OneTimeForm
from helhedsplan.core.uploads import check_upload_size, upload_limits_text
from helhedsplan.economy.models import Expense, StaffHours
from helhedsplan.economy.services import check_month
from helhedsplan.plans.models import FocusArea, Organisation

MONTH_HELP = "Skriv måneden som ÅÅÅÅ-MM, fx 2018-03."


class MonthField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m", "%Y-%m-%d"])
        kwargs.setdefault("error_messages", {"invalid": "Skriv måneden som ÅÅÅÅ-MM, fx 2018-03."})
        super().__init__(**kwargs)

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day


class _PlanForm(OneTimeForm, forms.ModelForm):
    month = MonthField(label="Måned", help_text=MONTH_HELP)

    def __init__(self, *args, plan, today=None, **kwargs):
        self.plan = plan
        self.today = today
        super().__init__(*args, **kwargs)

    def clean_month(self):
        month = self.cleaned_data["month"]
        problem = check_month(self.plan, month, today=self.today)
        if problem:
            raise forms.ValidationError(problem)
        return month


class ExpenseForm(_PlanForm):
    class Meta:
        model = Expense
        fields = ["month", "focus_area", "financing", "amount", "note"]
        labels = {"amount": "Beløb (kr.)"}
        help_texts = {
            "financing": "Hvem betaler: Landsbyggefonden eller den lokale medfinansiering.",
            "amount": "Beløb i kroner uden tusindtalspunktum, fx 12500. Et negativt beløb "
            "registrerer en rettelse.",
            "note": "Fx bilagsnummer eller hvad udgiften dækker. Ingen navne på beboere.",
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["focus_area"]
        field.queryset = FocusArea.objects.for_plan(self.plan)
        field.empty_label = "Ikke fordelt på indsatsområder"
        field.help_text = "Vælg intet indsatsområde for udgifter, der ikke er fordelt."

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount == 0:
            raise forms.ValidationError("Beløbet må ikke være 0.")
        return amount


class StaffHoursForm(_PlanForm):
    class Meta:
        model = StaffHours
        fields = ["month", "organisation", "hours", "note"]
        labels = {"hours": "Erlagte timer"}
        help_texts = {
            "organisation": "Den organisation, der har lagt timerne.",
            "hours": "Timer i alt i måneden, fx 30.",
            "note": "Fx hvilke aktiviteter timerne er brugt på. Ingen navne på beboere.",
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"hours": {"min_value": "Timer kan ikke være negative."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_plan(self.plan)


class ImportForm(OneTimeForm, forms.Form):
    file = forms.FileField(
        label="Regneark (CSV eller XLSX)",
        help_text="Kolonner: month (ÅÅÅÅ-MM), focus_area (nøgle eller tom), financing (lbf eller "
        "local), amount, note.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text += f" {upload_limits_text()}"

    def clean_file(self):
        return check_upload_size(self.cleaned_data["file"])

"""Forms for starting a plan and putting it in force. They validate only; the views create."""

import datetime

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone

from helhedsplan.core import formats
from helhedsplan.core.privacy import refuse_cpr
from helhedsplan.core.uploads import check_upload_size, upload_text
from helhedsplan.planning.creation import TEMPLATES, slug_taken_message
from helhedsplan.plans.models import Plan
from helhedsplan.plans.planfile.schema import KEY_PATTERN
from helhedsplan.plans.planfile.source import PLAN_FILE_MAX_BYTES

DATE_FORMAT = "%Y-%m-%d"
START_HELP = (
    "Planår løber 1. juni-31. maj, så en plan starter normalt 1. juni. Planen varer fire år: "
    "slutdatoen bliver dagen før fireårsdagen (start 1. juni 2021 giver slut 31. maj 2025)."
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format=DATE_FORMAT, **kwargs)


def _date_field(label: str, help_text: str, required_message: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        widget=DateInput(),
        input_formats=formats.DATE_INPUT_FORMATS,
        error_messages={
            "required": required_message,
            "invalid": "Skriv datoen som ÅÅÅÅ-MM-DD, fx 2021-06-01.",
        },
    )


class _NewPlanForm(forms.Form):
    slug = forms.CharField(
        label="Kort navn",
        max_length=80,
        help_text=(
            "Bruges i planens adresser, fx /planer/nordby-2021-25/, og kan ikke ændres senere. "
            "Små bogstaver a-z, tal og bindestreger."
        ),
        validators=[
            RegexValidator(
                KEY_PATTERN,
                "Brug kun små bogstaver a-z, tal og enkelte bindestreger (fx nordby-2021-25).",
            )
        ],
        error_messages={"required": "Skriv et kort navn til planen."},
    )
    start = _date_field("Startdato", START_HELP, "Skriv planens startdato.")

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Plan.objects.filter(slug=slug).exists():
            raise forms.ValidationError(slug_taken_message(slug))
        return slug

    def clean_start(self):
        start = self.cleaned_data["start"]
        if not 2000 <= start.year <= 2100:
            raise forms.ValidationError("Startdatoen skal ligge mellem år 2000 og 2100.")
        return start


class TemplateForm(_NewPlanForm):
    template = forms.ChoiceField(
        label="Skabelon",
        choices=list(TEMPLATES.items()),
        initial="lbf-2019",
        widget=forms.RadioSelect,
        help_text=(
            "Landsbyggefondens skabelon har de fire indsatsområder fra reglerne for 2019-26, "
            "en bestyrelse, en styregruppe og et sekretariat. Den tomme plan har kun navn, "
            "periode og budget."
        ),
        error_messages={
            "required": "Vælg en skabelon.",
            "invalid_choice": "Vælg en af skabelonerne.",
        },
    )
    name = forms.CharField(
        label="Navn",
        max_length=300,
        validators=[refuse_cpr],
        help_text="Planens fulde navn, fx Boligsocial helhedsplan for Nordby 2021-25.",
        error_messages={"required": "Skriv planens navn."},
    )
    field_order = ["template", "slug", "name", "start"]


class SuccessorForm(_NewPlanForm):
    source = forms.ModelChoiceField(
        label="Den plan, der fortsættes",
        queryset=Plan.objects.none(),
        empty_label=None,
        help_text=(
            "Struktur, organisationer, indsatsområder, aktiviteter, succeskriterier, organer og "
            "medlemmer kopieres. Registreringer, målinger, økonomi og møder bliver i den gamle plan."
        ),
        error_messages={
            "required": "Vælg den plan, der fortsættes.",
            "invalid_choice": "Vælg en af dine planer.",
        },
    )
    name = forms.CharField(
        label="Navn",
        max_length=300,
        required=False,
        validators=[refuse_cpr],
        help_text=(
            "Lad feltet stå tomt for at bruge den gamle plans navn med de nye årstal "
            "(«... 2017-21» bliver «... 2021-25»)."
        ),
    )
    field_order = ["source", "slug", "name", "start"]

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = plans


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Planfil (YAML eller JSON)",
        help_text=(
            "Filen skal have planens korte navn (slug), navn og periode. Hele filen kontrolleres "
            "først: er der fejl, gemmes intet, og du får alle fejl med sti og linjenummer."
        ),
        error_messages={
            "required": "Vælg en planfil.",
            "empty": "Filen er tom.",
            "invalid": "Vælg en planfil.",
        },
    )

    def clean_file(self):
        upload = check_upload_size(self.cleaned_data["file"], PLAN_FILE_MAX_BYTES, split=False)
        return upload_text(upload)


class InForceForm(forms.Form):
    board_approved_on = _date_field(
        "Bestyrelsens godkendelse",
        "Datoen for bestyrelsens beslutning om planen.",
        "Skriv datoen for bestyrelsens godkendelse.",
    )
    lbf_approved_on = _date_field(
        "Landsbyggefondens godkendelse",
        "Datoen i Landsbyggefondens godkendelsesbrev. Fonden godkender efter bestyrelsen.",
        "Skriv datoen for Landsbyggefondens godkendelse.",
    )

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        self.today = today or timezone.localdate()
        super().__init__(*args, **kwargs)

    def _not_future(self, name: str, who: str) -> datetime.date:
        day = self.cleaned_data[name]
        if day > self.today:
            raise forms.ValidationError(f"{who} godkendelse kan ikke ligge i fremtiden.")
        return day

    def clean_board_approved_on(self):
        return self._not_future("board_approved_on", "Bestyrelsens")

    def clean_lbf_approved_on(self):
        return self._not_future("lbf_approved_on", "Landsbyggefondens")

    def clean(self):
        data = super().clean()
        board, lbf = data.get("board_approved_on"), data.get("lbf_approved_on")
        if board and lbf and lbf < board:
            self.add_error(
                "lbf_approved_on",
                "Landsbyggefonden godkender efter bestyrelsen: datoen kan ikke ligge før "
                f"bestyrelsens ({formats.date_short(board)}).",
            )
        return data

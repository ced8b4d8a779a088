from django import forms

from helhedsplan.accounts.memberships import users_with_access
from helhedsplan.accounts.models import role_label
from helhedsplan.core.form_merge import EditOrCreateForm, VersionedForm
from helhedsplan.core.once import OneTimeForm
from helhedsplan.core.privacy import refuse_cpr
from helhedsplan.core.uploads import check_upload_size, upload_text
from helhedsplan.governance.models import (
    AgendaItem,
    ChangeRequest,
    Decision,
    Meeting,
    Recommendation,
)
from helhedsplan.plans.models import Activity, Membership, Organisation, SuccessCriterion
from helhedsplan.plans.planfile.source import PLAN_FILE_MAX_BYTES


class AgendaItemForm(OneTimeForm, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "title": "Punktets overskrift, fx «Status på lektiecaféen».",
            "note": "Kommer med på dagsordenen. Ingen navne eller CPR-numre på beboere.",
        }


class MinutesForm(VersionedForm, forms.ModelForm):
    """The minutes and who was there: saved together, checked together for a newer version."""

    what = "referatet og fremmødet"

    til_stede = forms.MultipleChoiceField(
        label="Til stede",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Sæt kryds ved de medlemmer, der var til stede. De øvrige står med afbud.",
    )

    class Meta:
        model = Meeting
        fields = ["minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 10})}
        help_texts = {"minutes": "Skriv ikke navne eller CPR-numre på beboere eller børn."}

    def __init__(self, *args, members=(), present=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["til_stede"].choices = [(str(member.pk), str(member)) for member in members]
        self.fields["til_stede"].initial = [str(pk) for pk in present]
        self.order_fields(["til_stede", "minutes"])

    def add_prefix(self, field_name):
        # The ticks keep the name the meeting page has always sent.
        return field_name if field_name == "til_stede" else super().add_prefix(field_name)


class DecisionForm(OneTimeForm, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text", "consensus"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "text": "Beslutningen, som den skal stå i referatet.",
            "consensus": "Sæt kryds, hvis alle var enige. Ændringer i aftalerne kræver konsensus.",
        }


class RecommendationForm(OneTimeForm, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "title": "En kort overskrift, fx «Lektiecaféen udvides til to dage om ugen».",
            "text": "Hvad styregruppen indstiller til bestyrelsen, og hvorfor.",
        }


class ForwardForm(forms.Form):
    board_meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), label="Bestyrelsesmøde")

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board_meeting"].queryset = meetings


class ChangeRequestForm(OneTimeForm, forms.Form):
    title = forms.CharField(
        label="Overskrift",
        max_length=300,
        validators=[refuse_cpr],
        help_text="En kort overskrift, som bestyrelsen kan kende forslaget på.",
    )
    reason = forms.CharField(
        label="Begrundelse",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        validators=[refuse_cpr],
        help_text="Hvorfor ændringen foreslås. Kommer med i forslaget til bestyrelsen.",
    )


class CriterionChangeForm(ChangeRequestForm):
    criterion = forms.ModelChoiceField(
        queryset=SuccessCriterion.objects.none(),
        label="Succeskriterium",
        help_text="Det succeskriterium, hvis mål skal ændres.",
    )
    target = forms.CharField(label="Nyt mål", max_length=30, help_text="Fx 60 eller 1,5.")
    target_max = forms.CharField(
        label="Ny øvre grænse",
        max_length=30,
        required=False,
        help_text="Kun når målet er et spænd, fx 4 i «2-4 gange om året».",
    )
    per = forms.ChoiceField(
        label="Målet gælder",
        choices=[("", "uændret"), *SuccessCriterion.Per.choices],
        required=False,
        help_text="Om målet gælder for hvert planår eller for hele planperioden.",
    )
    text = forms.CharField(
        label="Ny tekst",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Tom: uændret.",
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = (
            SuccessCriterion.objects.for_plan(plan)
            .select_related("activity__focus_area")
            .order_by("activity__focus_area__number", "activity__number", "order")
        )
        self.fields["criterion"].label_from_instance = lambda c: (
            f"{c.activity.focus_area.number}.{c.activity.number} {c.key}: {c.text[:80]}"
        )


class PlanFileChangeForm(ChangeRequestForm):
    file = forms.FileField(
        label="Ny planfil (YAML)",
        help_text="Hent den gældende planfil, ret den, og upload den her.",
    )

    def clean_file(self):
        upload = check_upload_size(self.cleaned_data["file"], PLAN_FILE_MAX_BYTES, split=False)
        return upload_text(upload)


class DecideChangeForm(forms.Form):
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        label="Bestyrelsesmøde",
        help_text="Det møde, hvor bestyrelsen behandlede forslaget.",
    )
    text = forms.CharField(
        label="Beslutning",
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[refuse_cpr],
        help_text="Beslutningen, som den står i referatet.",
    )
    consensus = forms.BooleanField(
        label="Vedtaget ved konsensus",
        required=False,
        help_text="Kun en konsensusbeslutning kan ændre aftalerne.",
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class LbfApprovalForm(forms.ModelForm):
    class Meta:
        model = ChangeRequest
        fields = ["lbf_approved_on", "lbf_reference"]
        widgets = {"lbf_approved_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "lbf_approved_on": "Datoen på Landsbyggefondens godkendelse.",
            "lbf_reference": "Fx journalnummeret i Landsbyggefondens brev.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lbf_approved_on"].required = True


class PlanUserField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        who = f"{name} ({obj.get_username()})" if name else obj.get_username()
        return f"{who} – {role_label(obj.plan_role)}"


class MembershipForm(EditOrCreateForm, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "name", "organisation", "email", "start", "end", "delivers_for", "user"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
            "delivers_for": forms.CheckboxSelectMultiple,
        }
        field_classes = {"user": PlanUserField}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_plan(plan).order_by("name")
        self.fields["delivers_for"].queryset = Activity.objects.for_plan(plan).order_by(
            "focus_area__number", "number"
        )
        self.fields["name"].help_text = "Kontaktpersonens navn (ikke beboere eller børn)."
        # Only people who can open the plan: a link to anyone else would give nothing.
        self.fields["user"].queryset = users_with_access(plan)
        self.fields["user"].label = "Bruger i systemet"
        self.fields["user"].empty_label = "Ingen (medlemmet logger ikke ind)"
        self.fields["user"].help_text = (
            "Hvis medlemmet selv bruger Helhedsplan: vælg medlemmets bruger. Kun personer med "
            "adgang til planen kan vælges; sekretariatet inviterer nye under «Personer»."
        )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "Medlemskabet kan ikke slutte, før det begynder.")
        return data

"""Forms for the people page: invite, change a role, and set a password from an invitation."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import SetPasswordForm

from helhedsplan.accounts.models import ROLE_HELP, Role
from helhedsplan.plans.models import Activity, Organisation

ROLE_CHOICES = [(role.value, role.label) for role in Role]


class ActivityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.focus_area.number}.{obj.number} {obj.name}"


class RoleForm(forms.Form):
    """Role, organisation and the partner's extra activities: shared by invite and change."""

    role = forms.ChoiceField(
        label="Rolle",
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        help_text="Hvad personen må i planen.",
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        required=False,
        help_text="Skal udfyldes for en partner: den organisation, personen leverer data for. "
        "En partner registrerer for de aktiviteter, organisationen er ansvarlig for.",
    )
    activities = ActivityChoiceField(
        label="Leverer også data for",
        queryset=Activity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Kun for partnere: aktiviteter ud over dem, organisationen er ansvarlig "
        "for. Lad felterne stå tomme, hvis organisationens egne aktiviteter er nok. De andre "
        "roller ser alle aktiviteter, så for dem ses der bort fra valget.",
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["organisation"].queryset = Organisation.objects.for_plan(plan).order_by("name")
        self.fields["activities"].queryset = (
            Activity.objects.for_plan(plan)
            .select_related("focus_area")
            .order_by("focus_area__number", "number")
        )

    def role_options(self):
        """The role radios with what each role may do, for the template's fieldset."""
        return [
            {"choice": choice, "help": ROLE_HELP[Role(choice.data["value"])]}
            for choice in self["role"]
        ]

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == Role.PARTNER and not data.get("organisation"):
            self.add_error(
                "organisation",
                "Vælg partnerens organisation: den organisation, personen leverer data for.",
            )
        if role and role != Role.PARTNER:
            # The other roles see every activity; ticks left from a partner role mean nothing.
            data["activities"] = []
        return data


class InviteForm(RoleForm):
    email = forms.EmailField(
        label="E-mail",
        max_length=150,
        help_text="Personen får et link til at vælge en adgangskode og logger siden ind med "
        "denne e-mail. Linket virker én gang og i 7 dage.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    field_order = ["email", "role", "organisation", "activities"]

    def __init__(self, *args, days: int = 7, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = self.fields["email"].help_text.replace(
            "7 dage", f"{days} dage"
        )


class AcceptForm(SetPasswordForm):
    """Django's set-password form (its validators, typed twice) with Danish help."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Vælg en adgangskode"
        # Django's rules as plain sentences (its own help text is an HTML list).
        self.fields["new_password1"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )
        self.fields["new_password2"].label = "Skriv adgangskoden igen"
        self.fields[
            "new_password2"
        ].help_text = "Samme adgangskode en gang til, så du ved, at den er skrevet rigtigt."

"""The plan's focus areas and what sits inside them: the sub-agreement (delaftale) with its
parties, the local measures with their figures, the activities with their sub-activities and
success criteria. plans/models.py holds the plan's frame and organisation."""

from django.db import models
from django.db.models import Q

from helhedsplan.plans.planfile import vocabulary
from helhedsplan.plans.planfile.fields import (
    ACTIVITY_PART,
    BASELINE_PART,
    COMPARISON_PART,
    CRITERION_PART,
    FOCUS_AREA_PART,
    MEASURE_PART,
    PARTY_PART,
    SUB_ACTIVITY_PART,
)
from helhedsplan.plans.register_measures import REGISTER_CHOICES
from helhedsplan.plans.scoped import PlanPart, key_unique_in_plan


class FocusArea(PlanPart):
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="focus_areas")
    key = models.SlugField("nøgle", max_length=80)
    number = models.PositiveSmallIntegerField(**FOCUS_AREA_PART.django("number"))
    name = models.CharField(max_length=200, **FOCUS_AREA_PART.django("name"))
    priority = models.PositiveSmallIntegerField(
        null=True, blank=True, **FOCUS_AREA_PART.django("priority")
    )
    purpose = models.TextField(blank=True, **FOCUS_AREA_PART.django("purpose"))
    goals = models.JSONField(default=list, blank=True, **FOCUS_AREA_PART.django("goals"))
    background = models.TextField(blank=True, **FOCUS_AREA_PART.django("background"))
    note = models.TextField(blank=True, **FOCUS_AREA_PART.django("note"))

    class Meta:
        verbose_name = "indsatsområde"
        verbose_name_plural = "indsatsområder"
        ordering = ["plan", "number"]
        constraints = [key_unique_in_plan("focus_area")]


class SubAgreement(models.Model):
    """The delaftale of a focus area: who agrees, the staff hours, the money, how long."""

    focus_area = models.OneToOneField(
        FocusArea, on_delete=models.CASCADE, related_name="sub_agreement"
    )
    staff_hours_per_week = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        **FOCUS_AREA_PART.django("sub_agreement.staff_hours_per_week"),
    )
    staff_note = models.TextField(blank=True, **FOCUS_AREA_PART.django("sub_agreement.staff_note"))
    budget_lbf = models.BigIntegerField(**FOCUS_AREA_PART.django("sub_agreement.budget_lbf"))
    budget_local = models.BigIntegerField(**FOCUS_AREA_PART.django("sub_agreement.budget_local"))
    valid_from = models.DateField(
        null=True, blank=True, **FOCUS_AREA_PART.django("sub_agreement.valid_from")
    )
    valid_to = models.DateField(
        null=True, blank=True, **FOCUS_AREA_PART.django("sub_agreement.valid_to")
    )
    municipal_interplay = models.TextField(
        blank=True, **FOCUS_AREA_PART.django("sub_agreement.municipal_interplay")
    )

    class Meta:
        verbose_name = "delaftale"
        verbose_name_plural = "delaftaler"

    def __str__(self):
        return f"Delaftale: {self.focus_area.name}"

    @property
    def budget_total(self) -> int:
        return self.budget_lbf + self.budget_local


class SubAgreementParty(models.Model):
    sub_agreement = models.ForeignKey(
        SubAgreement, on_delete=models.CASCADE, related_name="parties"
    )
    name = models.CharField(max_length=200, **PARTY_PART.django("name"))
    title = models.CharField(max_length=300, blank=True, **PARTY_PART.django("title"))
    organisation = models.ForeignKey(
        "plans.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **PARTY_PART.django("organisation"),
    )
    note = models.TextField(blank=True, **PARTY_PART.django("note"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "aftalepart"
        verbose_name_plural = "aftaleparter"
        ordering = ["sub_agreement", "order"]

    def __str__(self):
        return f"{self.name}, {self.title}" if self.title else self.name


class LocalMeasure(PlanPart):
    Direction = vocabulary.Direction

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="local_measures")
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, related_name="local_measures"
    )
    key = models.SlugField("nøgle", max_length=80)
    number = models.PositiveSmallIntegerField(**MEASURE_PART.django("number"))
    text = models.TextField(**MEASURE_PART.django("text"))
    data_source = models.CharField(max_length=300, blank=True, **MEASURE_PART.django("data_source"))
    # Values from an imported register series instead of typed measurements (registerdata).
    register_measure = models.CharField(
        max_length=60,
        blank=True,
        choices=REGISTER_CHOICES,
        **MEASURE_PART.django("register_measure"),
    )
    register_place = models.CharField(
        max_length=80, blank=True, **MEASURE_PART.django("register_place")
    )
    unit = models.CharField(max_length=100, blank=True, **MEASURE_PART.django("unit"))
    direction = models.CharField(
        max_length=10, choices=Direction.choices, **MEASURE_PART.django("direction")
    )
    tolerance = models.DecimalField(
        max_digits=14, decimal_places=4, null=True, blank=True, **MEASURE_PART.django("tolerance")
    )
    target_value = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        **MEASURE_PART.django("target_value"),
    )
    target_year = models.PositiveSmallIntegerField(
        null=True, blank=True, **MEASURE_PART.django("target_year")
    )
    target_note = models.TextField(blank=True, **MEASURE_PART.django("target_note"))
    baseline_text = models.TextField(blank=True, **MEASURE_PART.django("baseline_text"))
    note = models.TextField(blank=True, **MEASURE_PART.django("note"))

    class Meta:
        verbose_name = "lokalt opstillet måling"
        verbose_name_plural = "lokalt opstillede målinger"
        ordering = ["plan", "focus_area__number", "number"]
        constraints = [key_unique_in_plan("local_measure")]

    def __str__(self):
        return self.text


class MeasureFigure(models.Model):
    """A figure of a local measure: a baseline, or a comparison (e.g. Randers Kommune)."""

    class Role(models.TextChoices):
        BASELINE = "baseline", "baseline"
        COMPARISON = "comparison", "sammenligning"

    measure = models.ForeignKey(LocalMeasure, on_delete=models.CASCADE, related_name="figures")
    role = models.CharField("rolle", max_length=10, choices=Role.choices)
    label = models.CharField(max_length=200, blank=True, **COMPARISON_PART.django("label"))
    period = models.CharField(max_length=50, **BASELINE_PART.django("period"))
    value = models.DecimalField(
        max_digits=14, decimal_places=4, null=True, blank=True, **BASELINE_PART.django("value")
    )
    note = models.TextField(blank=True, **BASELINE_PART.django("note"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "tal for måling"
        verbose_name_plural = "tal for målinger"
        ordering = ["measure", "role", "order"]

    def __str__(self):
        return f"{self.get_role_display()} {self.label} {self.period}: {self.value}".replace(
            "  ", " "
        )


class Activity(PlanPart):
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="activities")
    focus_area = models.ForeignKey(FocusArea, on_delete=models.CASCADE, related_name="activities")
    key = models.SlugField("nøgle", max_length=80)
    number = models.PositiveSmallIntegerField(**ACTIVITY_PART.django("number"))
    name = models.CharField(max_length=300, **ACTIVITY_PART.django("name"))
    description = models.TextField(blank=True, **ACTIVITY_PART.django("description"))
    purpose = models.JSONField(default=list, blank=True, **ACTIVITY_PART.django("purpose"))
    target_groups = models.JSONField(
        default=list, blank=True, **ACTIVITY_PART.django("target_groups")
    )
    organisation_text = models.TextField(blank=True, **ACTIVITY_PART.django("organisation_text"))
    responsible = models.TextField(blank=True, **ACTIVITY_PART.django("responsible"))
    responsible_organisation = models.ForeignKey(
        "plans.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_activities",
        **ACTIVITY_PART.django("responsible_organisation"),
    )
    roles = models.TextField(blank=True, **ACTIVITY_PART.django("roles"))
    note = models.TextField(blank=True, **ACTIVITY_PART.django("note"))

    class Meta:
        verbose_name = "aktivitet"
        verbose_name_plural = "aktiviteter"
        ordering = ["plan", "focus_area__number", "number"]
        constraints = [key_unique_in_plan("activity")]


class SubActivity(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sub_activities")
    key = models.SlugField("nøgle", max_length=80)
    name = models.CharField(max_length=300, **SUB_ACTIVITY_PART.django("name"))
    description = models.TextField(blank=True, **SUB_ACTIVITY_PART.django("description"))
    note = models.TextField(blank=True, **SUB_ACTIVITY_PART.django("note"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "delaktivitet"
        verbose_name_plural = "delaktiviteter"
        ordering = ["activity", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "key"], name="sub_activity_key_unique_in_activity"
            )
        ]

    def __str__(self):
        return self.name


class SuccessCriterion(PlanPart):
    Kind = vocabulary.CriterionKind
    Combine = vocabulary.Combine
    Per = vocabulary.Per

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="success_criteria"
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="success_criteria"
    )
    sub_activity = models.ForeignKey(
        SubActivity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **CRITERION_PART.django("sub_activity"),
    )
    key = models.SlugField("nøgle", max_length=80)
    order = models.PositiveIntegerField(default=0)
    text = models.TextField(**CRITERION_PART.django("text"))
    kind = models.CharField(max_length=24, choices=Kind.choices, **CRITERION_PART.django("kind"))
    combine = models.CharField(
        max_length=10, choices=Combine.choices, blank=True, **CRITERION_PART.django("combine")
    )
    target = models.DecimalField(
        max_digits=14, decimal_places=4, null=True, blank=True, **CRITERION_PART.django("target")
    )
    target_max = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        **CRITERION_PART.django("target_max"),
    )
    per = models.CharField(
        max_length=10, choices=Per.choices, blank=True, **CRITERION_PART.django("per")
    )
    # Most criteria count up; a few trends must fall (e.g. school absence).
    direction = models.CharField(
        max_length=10,
        choices=LocalMeasure.Direction.choices,
        default="increase",
        **CRITERION_PART.django("direction"),
    )
    period_target = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        **CRITERION_PART.django("period_target"),
    )
    unit = models.CharField(max_length=100, blank=True, **CRITERION_PART.django("unit"))
    # Stated by the plan for a count (the plan file's `counts_persons`), never guessed from the
    # unit's wording: a word list missed "husstande" and hid "gruppeforløb". Unique participants
    # always count persons; other kinds do not read it. The default is the protected side.
    counts_persons = models.BooleanField(default=True, **CRITERION_PART.django("counts_persons"))
    data_source = models.CharField(
        max_length=300, blank=True, **CRITERION_PART.django("data_source")
    )
    responsible_organisation = models.ForeignKey(
        "plans.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_criteria",
        **CRITERION_PART.django("responsible_organisation"),
    )
    note = models.TextField(blank=True, **CRITERION_PART.django("note"))

    class Meta:
        verbose_name = "succeskriterium"
        verbose_name_plural = "succeskriterier"
        ordering = ["plan", "activity__focus_area__number", "activity__number", "order"]
        constraints = [
            key_unique_in_plan("criterion"),
            models.CheckConstraint(
                condition=Q(target_max__isnull=True)
                | Q(target__isnull=False, target_max__gte=models.F("target")),
                name="criterion_range_ordered",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def deliverer(self):
        """Who delivers its data: its own data deliverer, else its activity's responsible
        organisation (None when the plan names neither). One rule for the "mangler data" list,
        the reminders, the start pages and the registration form's pre-ticks."""
        return self.responsible_organisation or self.activity.responsible_organisation

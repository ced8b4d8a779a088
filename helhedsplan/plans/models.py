"""The plan as structured data: everything a helhedsplan agrees, scoped by plan.

Here the plan's frame (the strategic agreement: organisations, areas, departments, overall goals)
and its organisation (the kommissorium's bodies and members); the focus areas and all inside them
are in plans/focus_models.py, named here too (`models.SuccessCriterion`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from helhedsplan.plans.focus_models import (
    Activity,
    FocusArea,
    LocalMeasure,
    MeasureFigure,
    SubActivity,
    SubAgreement,
    SubAgreementParty,
    SuccessCriterion,
)
from helhedsplan.plans.planfile import vocabulary

# Each plan-file field's verbose name and help text are its words in plans/planfile/fields.py;
# the choices are the plan file's own (plans/planfile/vocabulary.py).
from helhedsplan.plans.planfile.fields import (
    AREA_PART,
    BODY_PART,
    COVERAGE_PART,
    DEPARTMENT_PART,
    GOAL_PART,
    MEMBER_PART,
    ORGANISATION_PART,
    PLAN,
)
from helhedsplan.plans.scoped import PlanPart, PlanScopedQuerySet, key_unique_in_plan

__all__ = [
    "Activity",
    "Area",
    "Body",
    "CoverageRule",
    "Department",
    "FocusArea",
    "LocalMeasure",
    "MeasureFigure",
    "Membership",
    "Organisation",
    "OverallGoal",
    "Plan",
    "PlanFileVersion",
    "PlanScopedQuerySet",
    "SubActivity",
    "SubAgreement",
    "SubAgreementParty",
    "SuccessCriterion",
]


class Plan(models.Model):
    class Status(models.TextChoices):
        # A draft is edited freely by the secretariat; a plan in force changes only through a
        # change request decided by the board (governance).
        DRAFT = "draft", "Udkast"
        IN_FORCE = "in_force", "I kraft"

    slug = models.SlugField(max_length=80, unique=True, **PLAN.django("slug"))
    name = models.CharField(max_length=300, **PLAN.django("name"))
    vision = models.TextField(blank=True, **PLAN.django("vision"))
    summary = models.TextField(blank=True, **PLAN.django("summary"))
    start = models.DateField(**PLAN.django("start"))
    end = models.DateField(**PLAN.django("end"))
    residents = models.PositiveIntegerField(null=True, blank=True, **PLAN.django("residents"))
    tenancies = models.PositiveIntegerField(null=True, blank=True, **PLAN.django("tenancies"))
    residents_source = models.CharField(
        max_length=300, blank=True, **PLAN.django("residents_source")
    )
    budget_lbf = models.BigIntegerField(**PLAN.django("budget_lbf"))
    budget_local = models.BigIntegerField(**PLAN.django("budget_local"))
    small_number_threshold = models.PositiveSmallIntegerField(
        default=5, **PLAN.django("small_number_threshold")
    )
    secretariat = models.ForeignKey(
        "Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **PLAN.django("secretariat"),
    )
    purposes = models.JSONField(default=list, blank=True, **PLAN.django("purposes"))
    note = models.TextField(blank=True, **PLAN.django("note"))
    # The plan file's `preparedness` section as written there (levels, press contacts, ad hoc
    # resources); the people themselves are kept in the app as preparedness.Contact.
    preparedness = models.JSONField("beredskabsplan", default=dict, blank=True)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.DRAFT)
    board_approved_on = models.DateField(
        "godkendt af bestyrelsen",
        null=True,
        blank=True,
        help_text="Datoen for bestyrelsens beslutning.",
    )
    lbf_approved_on = models.DateField(
        "godkendt af Landsbyggefonden",
        null=True,
        blank=True,
        help_text="Datoen i Landsbyggefondens godkendelsesbrev.",
    )
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="sat i kraft af",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The plan this one continues (Randers Nordby 2021-25 after 2017-21).
    predecessor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
        **PLAN.django("predecessor"),
    )

    history = HistoricalRecords(excluded_fields=["preparedness", "purposes"])

    class Meta:
        verbose_name = "helhedsplan"
        verbose_name_plural = "helhedsplaner"
        ordering = ["-start", "name"]
        permissions = [("create_plan", "Kan oprette nye planer")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="plan_end_after_start"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def budget_total(self) -> int:
        return self.budget_lbf + self.budget_local

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Organisation(PlanPart):
    Kind = vocabulary.OrganisationKind

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="organisations")
    key = models.SlugField("nøgle", max_length=80)
    name = models.CharField(max_length=300, **ORGANISATION_PART.django("name"))
    kind = models.CharField(max_length=20, choices=Kind.choices, **ORGANISATION_PART.django("kind"))
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        **ORGANISATION_PART.django("parent"),
    )
    note = models.TextField(blank=True, **ORGANISATION_PART.django("note"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisationer"
        ordering = ["plan", "order"]
        constraints = [key_unique_in_plan("organisation")]


class Area(PlanPart):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="areas")
    key = models.SlugField("nøgle", max_length=80)
    name = models.CharField(max_length=200, **AREA_PART.django("name"))
    aliases = models.JSONField(default=list, blank=True, **AREA_PART.django("aliases"))
    note = models.TextField(blank=True, **AREA_PART.django("note"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "boligområde"
        verbose_name_plural = "boligområder"
        ordering = ["plan", "order"]
        constraints = [key_unique_in_plan("area")]


class CoverageRule(models.Model):
    """One line of "Adresser i området": a street, which house numbers, optionally a range."""

    Numbers = vocabulary.CoverageNumbers

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="coverage")
    street = models.CharField(max_length=200, **COVERAGE_PART.django("street"))
    numbers = models.CharField(
        max_length=4, choices=Numbers.choices, **COVERAGE_PART.django("numbers")
    )
    from_number = models.PositiveIntegerField(
        null=True, blank=True, **COVERAGE_PART.django("from_number")
    )
    to_number = models.PositiveIntegerField(
        null=True, blank=True, **COVERAGE_PART.django("to_number")
    )
    note = models.TextField(blank=True, **COVERAGE_PART.django("note"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "adresseregel"
        verbose_name_plural = "adresseregler"
        ordering = ["area", "order"]

    def __str__(self):
        return f"{self.street}: {self.describe()}"

    def describe(self) -> str:
        text = self.Numbers(self.numbers).label
        if self.from_number is not None and self.from_number == self.to_number:
            return f"nr. {self.from_number}"
        if self.from_number is not None or self.to_number is not None:
            low = self.from_number if self.from_number is not None else ""
            high = self.to_number if self.to_number is not None else ""
            text += f" {low}-{high}"
        return text


class Department(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="departments")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="departments",
        **DEPARTMENT_PART.django("organisation"),
    )
    number = models.PositiveIntegerField(**DEPARTMENT_PART.django("number"))
    name = models.CharField(max_length=200, blank=True, **DEPARTMENT_PART.django("name"))
    # RESTRICT: an area with departments cannot be deleted alone, but goes with its plan.
    area = models.ForeignKey(
        Area,
        on_delete=models.RESTRICT,
        related_name="departments",
        **DEPARTMENT_PART.django("area"),
    )
    note = models.TextField(blank=True, **DEPARTMENT_PART.django("note"))
    order = models.PositiveIntegerField(default=0)

    objects = PlanScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "afdeling"
        verbose_name_plural = "afdelinger"
        ordering = ["plan", "order"]
        # afd. 24 exists in two organisations: the number is unique only per organisation.
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="department_number_unique_in_organisation"
            )
        ]

    def __str__(self):
        return f"Afd. {self.number}, {self.organisation.name}"


class OverallGoal(PlanPart):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="overall_goals")
    key = models.SlugField("nøgle", max_length=80)
    text = models.TextField(**GOAL_PART.django("text"))
    note = models.TextField(blank=True, **GOAL_PART.django("note"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "overordnet mål"
        verbose_name_plural = "overordnede mål"
        ordering = ["plan", "order"]
        constraints = [key_unique_in_plan("overall_goal")]

    def __str__(self):
        return self.text


class Body(PlanPart):
    Kind = vocabulary.BodyKind

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="bodies")
    key = models.SlugField("nøgle", max_length=80)
    name = models.CharField(max_length=200, **BODY_PART.django("name"))
    kind = models.CharField(max_length=20, choices=Kind.choices, **BODY_PART.django("kind"))
    meets_per_year = models.PositiveSmallIntegerField(
        null=True, blank=True, **BODY_PART.django("meets_per_year")
    )
    meeting_rule = models.TextField(blank=True, **BODY_PART.django("meeting_rule"))
    purpose = models.TextField(blank=True, **BODY_PART.django("purpose"))
    note = models.TextField(blank=True, **BODY_PART.django("note"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "organ"
        verbose_name_plural = "organer"
        ordering = ["plan", "order"]
        constraints = [key_unique_in_plan("body")]


class Membership(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(max_length=300, **MEMBER_PART.django("role"))
    name = models.CharField(max_length=200, blank=True, **MEMBER_PART.django("name"))
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **MEMBER_PART.django("organisation"),
    )
    note = models.TextField(blank=True, **MEMBER_PART.django("note"))
    order = models.PositiveIntegerField(default=0)
    # Kept by the secretariat in the app; a reload of the plan file leaves them as they are.
    email = models.EmailField("e-mail", blank=True)
    # Whether the member is (still) the plan file's: only those may a reload remove. A member
    # added in the app, or renamed there, is the secretariat's and survives any reload.
    from_file = models.BooleanField("fra planfilen", default=False, editable=False)
    start = models.DateField("medlem fra", null=True, blank=True)
    end = models.DateField("medlem til", null=True, blank=True)
    delivers_for = models.ManyToManyField(
        "Activity", verbose_name="leverer data for", blank=True, related_name="+"
    )
    # The member's login, when the member uses the system (kept in the app, not in the file).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="bruger",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="body_memberships",
        help_text="Den bruger i systemet, der er dette medlem.",
    )

    class Meta:
        verbose_name = "medlem"
        verbose_name_plural = "medlemmer"
        ordering = ["body", "order"]

    def __str__(self):
        return f"{self.role}, {self.name}" if self.name else self.role


class PlanFileVersion(models.Model):
    """Every plan file that was loaded, so the structure's history can be read and compared."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="file_versions")
    loaded_at = models.DateTimeField("indlæst", auto_now_add=True)
    loaded_by = models.CharField("indlæst af", max_length=150, blank=True)
    source_name = models.CharField("fil", max_length=300, blank=True)
    sha256 = models.CharField(max_length=64)
    content = models.TextField("planfil (YAML)")

    class Meta:
        verbose_name = "planfil-version"
        verbose_name_plural = "planfil-versioner"
        ordering = ["plan", "-loaded_at"]

    def __str__(self):
        return f"{self.plan.slug} {self.loaded_at:%Y-%m-%d %H:%M}"

"""The plan as structured data: everything a helhedsplan agrees, scoped by plan."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from helhedsplan.plans.planfile import vocabulary

# Each plan-file field's verbose name and help text are its words in plans/planfile/fields.py;
# the choices are the plan file's own (plans/planfile/vocabulary.py).
from helhedsplan.plans.planfile.fields import (
    ACTIVITY_PART,
    AREA_PART,
    BASELINE_PART,
    BODY_PART,
    COMPARISON_PART,
    COVERAGE_PART,
    CRITERION_PART,
    DEPARTMENT_PART,
    FOCUS_AREA_PART,
    GOAL_PART,
    MEASURE_PART,
    MEMBER_PART,
    ORGANISATION_PART,
    PARTY_PART,
    PLAN,
    SUB_ACTIVITY_PART,
)


class PlanScopedQuerySet(models.QuerySet):
    def for_plan(self, plan):
        return self.filter(plan=plan)


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


class Organisation(models.Model):
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

    objects = PlanScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisationer"
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="organisation_key_unique_in_plan")
        ]

    def __str__(self):
        return self.name


class Area(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="areas")
    key = models.SlugField("nøgle", max_length=80)
    name = models.CharField(max_length=200, **AREA_PART.django("name"))
    aliases = models.JSONField(default=list, blank=True, **AREA_PART.django("aliases"))
    note = models.TextField(blank=True, **AREA_PART.django("note"))
    order = models.PositiveIntegerField(default=0)

    objects = PlanScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "boligområde"
        verbose_name_plural = "boligområder"
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="area_key_unique_in_plan")
        ]

    def __str__(self):
        return self.name


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


class OverallGoal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="overall_goals")
    key = models.SlugField("nøgle", max_length=80)
    text = models.TextField(**GOAL_PART.django("text"))
    note = models.TextField(blank=True, **GOAL_PART.django("note"))
    order = models.PositiveIntegerField(default=0)

    objects = PlanScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "overordnet mål"
        verbose_name_plural = "overordnede mål"
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="overall_goal_key_unique_in_plan")
        ]

    def __str__(self):
        return self.text


class FocusArea(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="focus_areas")
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

    objects = PlanScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "indsatsområde"
        verbose_name_plural = "indsatsområder"
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="focus_area_key_unique_in_plan")
        ]

    def __str__(self):
        return self.name


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
        Organisation,
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


class LocalMeasure(models.Model):
    Direction = vocabulary.Direction

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="local_measures")
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, related_name="local_measures"
    )
    key = models.SlugField("nøgle", max_length=80)
    number = models.PositiveSmallIntegerField(**MEASURE_PART.django("number"))
    text = models.TextField(**MEASURE_PART.django("text"))
    data_source = models.CharField(max_length=300, blank=True, **MEASURE_PART.django("data_source"))
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

    objects = PlanScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "lokalt opstillet måling"
        verbose_name_plural = "lokalt opstillede målinger"
        ordering = ["plan", "focus_area__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="local_measure_key_unique_in_plan")
        ]

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


class Activity(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
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
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_activities",
        **ACTIVITY_PART.django("responsible_organisation"),
    )
    roles = models.TextField(blank=True, **ACTIVITY_PART.django("roles"))
    note = models.TextField(blank=True, **ACTIVITY_PART.django("note"))

    objects = PlanScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "aktivitet"
        verbose_name_plural = "aktiviteter"
        ordering = ["plan", "focus_area__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="activity_key_unique_in_plan")
        ]

    def __str__(self):
        return self.name


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


class SuccessCriterion(models.Model):
    Kind = vocabulary.CriterionKind
    Combine = vocabulary.Combine
    Per = vocabulary.Per

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="success_criteria")
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
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_criteria",
        **CRITERION_PART.django("responsible_organisation"),
    )
    note = models.TextField(blank=True, **CRITERION_PART.django("note"))

    objects = PlanScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "succeskriterium"
        verbose_name_plural = "succeskriterier"
        ordering = ["plan", "activity__focus_area__number", "activity__number", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="criterion_key_unique_in_plan"),
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


class Body(models.Model):
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

    objects = PlanScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "organ"
        verbose_name_plural = "organer"
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="body_key_unique_in_plan")
        ]

    def __str__(self):
        return self.name


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

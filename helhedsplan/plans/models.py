"""The plan as structured data: everything a helhedsplan agrees, scoped by plan."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class PlanScopedQuerySet(models.QuerySet):
    def for_plan(self, plan):
        return self.filter(plan=plan)


class Plan(models.Model):
    class Status(models.TextChoices):
        # A draft is edited freely by the secretariat; a plan in force changes only through a
        # change request decided by the board (governance).
        DRAFT = "draft", "Udkast"
        IN_FORCE = "in_force", "I kraft"

    slug = models.SlugField("kort navn", max_length=80, unique=True)
    name = models.CharField("navn", max_length=300)
    vision = models.TextField("vision", blank=True)
    summary = models.TextField("indledning", blank=True)
    start = models.DateField("start")
    end = models.DateField("slut")
    residents = models.PositiveIntegerField("beboere", null=True, blank=True)
    tenancies = models.PositiveIntegerField("lejemål", null=True, blank=True)
    residents_source = models.CharField("kilde til beboertal", max_length=300, blank=True)
    budget_lbf = models.BigIntegerField("budget, Landsbyggefonden (kr.)")
    budget_local = models.BigIntegerField("budget, lokal medfinansiering (kr.)")
    small_number_threshold = models.PositiveSmallIntegerField(
        "grænse for små tal", default=5, help_text="Personantal under grænsen vises som «<N»."
    )
    secretariat = models.ForeignKey(
        "Organisation",
        verbose_name="sekretariat",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    purposes = models.JSONField("formål", default=list, blank=True)
    note = models.TextField("note", blank=True)
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
        verbose_name="afløser",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
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
    class Kind(models.TextChoices):
        HOUSING = "housing", "Boligorganisation"
        MUNICIPALITY = "municipality", "Kommune"
        OTHER = "other", "Anden"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="organisations")
    key = models.SlugField("nøgle", max_length=80)
    name = models.CharField("navn", max_length=300)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="del af", null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.TextField("note", blank=True)
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
    name = models.CharField("navn", max_length=200)
    aliases = models.JSONField("andre navne", default=list, blank=True)
    note = models.TextField("note", blank=True)
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

    class Numbers(models.TextChoices):
        ALL = "all", "alle numre"
        ODD = "odd", "ulige numre"
        EVEN = "even", "lige numre"

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="coverage")
    street = models.CharField("vej", max_length=200)
    numbers = models.CharField("numre", max_length=4, choices=Numbers.choices)
    from_number = models.PositiveIntegerField("fra nr.", null=True, blank=True)
    to_number = models.PositiveIntegerField("til nr.", null=True, blank=True)
    note = models.TextField("note", blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "adresseregel"
        verbose_name_plural = "adresseregler"
        ordering = ["area", "order"]

    def __str__(self):
        return f"{self.street}: {self.describe()}"

    def describe(self) -> str:
        parts = {"all": "alle numre", "odd": "ulige numre", "even": "lige numre"}
        text = parts[self.numbers]
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
        Organisation, on_delete=models.CASCADE, related_name="departments"
    )
    number = models.PositiveIntegerField("afdelingsnummer")
    name = models.CharField("navn", max_length=200, blank=True)
    # RESTRICT: an area with departments cannot be deleted alone, but goes with its plan.
    area = models.ForeignKey(Area, on_delete=models.RESTRICT, related_name="departments")
    note = models.TextField("note", blank=True)
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
    text = models.TextField("mål")
    note = models.TextField("note", blank=True)
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
    number = models.PositiveSmallIntegerField("nummer")
    name = models.CharField("navn", max_length=200)
    priority = models.PositiveSmallIntegerField("prioritet", null=True, blank=True)
    purpose = models.TextField("formål", blank=True)
    goals = models.JSONField("konkrete mål", default=list, blank=True)
    background = models.TextField("problemkompleks", blank=True)
    note = models.TextField("note", blank=True)

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
        "medarbejdertimer pr. uge", max_digits=7, decimal_places=2, null=True, blank=True
    )
    staff_note = models.TextField("note om medarbejdertimer", blank=True)
    budget_lbf = models.BigIntegerField("budget, Landsbyggefonden (kr.)")
    budget_local = models.BigIntegerField("budget, lokal medfinansiering (kr.)")
    valid_from = models.DateField("gælder fra", null=True, blank=True)
    valid_to = models.DateField("gælder til", null=True, blank=True)
    municipal_interplay = models.TextField("samspil med den kommunale indsats", blank=True)

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
    name = models.CharField("navn", max_length=200)
    title = models.CharField("titel", max_length=300, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("note", blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "aftalepart"
        verbose_name_plural = "aftaleparter"
        ordering = ["sub_agreement", "order"]

    def __str__(self):
        return f"{self.name}, {self.title}" if self.title else self.name


class LocalMeasure(models.Model):
    class Direction(models.TextChoices):
        INCREASE = "increase", "skal stige"
        DECREASE = "decrease", "skal falde"
        MAINTAIN = "maintain", "skal fastholdes"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="local_measures")
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, related_name="local_measures"
    )
    key = models.SlugField("nøgle", max_length=80)
    number = models.PositiveSmallIntegerField("nummer")
    text = models.TextField("måling")
    data_source = models.CharField("datakilde", max_length=300, blank=True)
    unit = models.CharField("enhed", max_length=100, blank=True)
    direction = models.CharField("retning", max_length=10, choices=Direction.choices)
    tolerance = models.DecimalField(
        "tolerance", max_digits=14, decimal_places=4, null=True, blank=True
    )
    target_value = models.DecimalField(
        "mål", max_digits=14, decimal_places=4, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField("målår", null=True, blank=True)
    target_note = models.TextField("note om målet", blank=True)
    baseline_text = models.TextField("baseline (tekst)", blank=True)
    note = models.TextField("note", blank=True)

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
    label = models.CharField("hvem", max_length=200, blank=True)
    period = models.CharField("periode", max_length=50)
    value = models.DecimalField("værdi", max_digits=14, decimal_places=4, null=True, blank=True)
    note = models.TextField("note", blank=True)
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
    number = models.PositiveSmallIntegerField("nummer")
    name = models.CharField("navn", max_length=300)
    description = models.TextField("indhold og praksis", blank=True)
    purpose = models.JSONField("formål", default=list, blank=True)
    target_groups = models.JSONField("målgrupper", default=list, blank=True)
    organisation_text = models.TextField("organisering", blank=True)
    responsible = models.TextField("ansvar", blank=True)
    responsible_organisation = models.ForeignKey(
        Organisation,
        verbose_name="ansvarlig organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_activities",
    )
    roles = models.TextField("rollefordeling", blank=True)
    note = models.TextField("note", blank=True)

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
    name = models.CharField("navn", max_length=300)
    description = models.TextField("beskrivelse", blank=True)
    note = models.TextField("note", blank=True)
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
    class Kind(models.TextChoices):
        COUNT = "count", "antal"
        UNIQUE_PARTICIPANTS = "unique_participants", "unikke deltagere"
        AVERAGE = "average", "gennemsnit"
        SHARE = "share", "andel"
        LEVEL = "level", "niveau"
        TREND = "trend", "udvikling"
        QUALITATIVE = "qualitative", "kvalitativ vurdering"

    class Combine(models.TextChoices):
        SUM = "sum", "lægges sammen"
        UNIQUE = "unique", "unikke deltagere"
        LATEST = "latest", "seneste værdi"
        MAX = "max", "højeste værdi"
        AVERAGE = "average", "gennemsnit"
        SHARE = "share", "andel"

    class Per(models.TextChoices):
        YEAR = "year", "pr. planår"
        PERIOD = "period", "i hele perioden"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="success_criteria")
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="success_criteria"
    )
    sub_activity = models.ForeignKey(
        SubActivity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    key = models.SlugField("nøgle", max_length=80)
    order = models.PositiveIntegerField(default=0)
    text = models.TextField("succeskriterium")
    kind = models.CharField("type", max_length=24, choices=Kind.choices)
    combine = models.CharField("sammentælling", max_length=10, choices=Combine.choices, blank=True)
    target = models.DecimalField("mål", max_digits=14, decimal_places=4, null=True, blank=True)
    target_max = models.DecimalField(
        "mål, øvre grænse", max_digits=14, decimal_places=4, null=True, blank=True
    )
    per = models.CharField("målet gælder", max_length=10, choices=Per.choices, blank=True)
    # Most criteria count up; a few trends must fall (e.g. school absence).
    direction = models.CharField(
        "retning", max_length=10, choices=LocalMeasure.Direction.choices, default="increase"
    )
    period_target = models.DecimalField(
        "mål for hele perioden", max_digits=14, decimal_places=4, null=True, blank=True
    )
    unit = models.CharField("enhed", max_length=100, blank=True)
    # Stated by the plan for a count (the plan file's `counts_persons`), never guessed from the
    # unit's wording: a word list missed "husstande" and hid "gruppeforløb". Unique participants
    # always count persons; other kinds do not read it. The default is the protected side.
    counts_persons = models.BooleanField(
        "tæller personer",
        default=True,
        help_text=(
            "Ja, når tallet er et antal personer, familier eller husstande, eller forløb for én "
            "person eller én familie ad gangen: så vises små tal (1-4 ved grænsen 5) som «<5» "
            "uden for sekretariatet. Nej, når tallet tæller ting, møder, arrangementer eller "
            "gruppeforløb (et forløb for 8-10 unge er ét forløb, ikke én person)."
        ),
    )
    data_source = models.CharField("datakilde", max_length=300, blank=True)
    responsible_organisation = models.ForeignKey(
        Organisation,
        verbose_name="leverer data",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_criteria",
    )
    note = models.TextField("note", blank=True)

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
    class Kind(models.TextChoices):
        BOARD = "board", "bestyrelse"
        STEERING_GROUP = "steering_group", "styregruppe"
        POLITICAL_GROUP = "political_group", "politisk følgegruppe"
        RESIDENTS_COUNCIL = "residents_council", "beboerråd"
        PREPAREDNESS = "preparedness", "beredskabsstyregruppe"
        WORKING_GROUP = "working_group", "arbejdsgruppe"
        OTHER = "other", "andet"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="bodies")
    key = models.SlugField("nøgle", max_length=80)
    name = models.CharField("navn", max_length=200)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    meets_per_year = models.PositiveSmallIntegerField("møder pr. år", null=True, blank=True)
    meeting_rule = models.TextField("mødefrekvens", blank=True)
    purpose = models.TextField("formål og opgaver", blank=True)
    note = models.TextField("note", blank=True)
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
    role = models.CharField("rolle", max_length=300)
    name = models.CharField("navn", max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("note", blank=True)
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

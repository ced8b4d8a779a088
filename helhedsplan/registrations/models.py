"""What partners deliver: registrations, pseudonymous participants, measurements, assessments."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from helhedsplan.core import formats
from helhedsplan.core.privacy import refuse_cpr, validate_participant_code


class Participant(models.Model):
    """A pseudonym: the only trace of a person. No name, no CPR number, ever."""

    class AgeBand(models.TextChoices):
        UNKNOWN = "", "ikke oplyst"
        A0_2 = "0-2", "0-2 år"
        A3_5 = "3-5", "3-5 år"
        A6_9 = "6-9", "6-9 år"
        A10_14 = "10-14", "10-14 år"
        A15_17 = "15-17", "15-17 år"
        A18_24 = "18-24", "18-24 år"
        A25_29 = "25-29", "25-29 år"
        A30_64 = "30-64", "30-64 år"
        A65 = "65+", "65 år og derover"

    class Gender(models.TextChoices):
        UNKNOWN = "", "ikke oplyst"
        FEMALE = "k", "pige/kvinde"
        MALE = "m", "dreng/mand"
        OTHER = "a", "andet"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="participants")
    code = models.CharField("deltagerkode", max_length=40, validators=[validate_participant_code])
    age_band = models.CharField("aldersgruppe", max_length=5, choices=AgeBand.choices, blank=True)
    area = models.ForeignKey(
        "plans.Area", verbose_name="boligområde", null=True, blank=True, on_delete=models.SET_NULL
    )
    gender = models.CharField("køn", max_length=1, choices=Gender.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "deltager (pseudonym)"
        verbose_name_plural = "deltagere (pseudonymer)"
        ordering = ["plan", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="participant_code_unique_in_plan")
        ]

    def __str__(self):
        return self.code


class RegistrationQuerySet(models.QuerySet):
    def for_plan(self, plan):
        return self.filter(plan=plan)

    def visible_to(self, access):
        """What a role may read: partners only their organisation's activities."""
        if access.can_read_all_registrations:
            return self.filter(plan=access.plan)
        return self.filter(plan=access.plan, activity__in=access.activity_ids())


class Registration(models.Model):
    class Kind(models.TextChoices):
        EVENT = "event", "arrangement"
        SESSION = "session", "forløbsgang"
        COURSE = "course", "forløb"
        CONTACT = "contact", "kontakt"
        MEETING = "meeting", "møde"
        PUBLICATION = "publication", "udgivelse"
        OTHER = "other", "andet"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="registrations")
    activity = models.ForeignKey(
        "plans.Activity",
        verbose_name="aktivitet",
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    sub_activity = models.ForeignKey(
        "plans.SubActivity",
        verbose_name="delaktivitet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    criteria = models.ManyToManyField(
        "plans.SuccessCriterion",
        through="RegistrationCriterion",
        verbose_name="tæller med i",
        related_name="registrations",
    )
    date = models.DateField("dato")
    end_date = models.DateField("slutdato", null=True, blank=True, help_text="Kun for forløb.")
    kind = models.CharField("type", max_length=12, choices=Kind.choices)
    count = models.PositiveIntegerField(
        "antal", default=1, validators=[MinValueValidator(0)], help_text="Fx antal arrangementer."
    )
    participants = models.PositiveIntegerField("deltagere", null=True, blank=True)
    completed = models.PositiveIntegerField("gennemført", null=True, blank=True)
    codes = models.ManyToManyField(
        Participant,
        through="RegistrationParticipant",
        verbose_name="deltagerkoder",
        related_name="registrations",
        blank=True,
    )
    note = models.TextField("note", blank=True, validators=[refuse_cpr])
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="registreret af",
        null=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    organisation = models.ForeignKey(
        "plans.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField("demodata", default=False)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    updated_at = models.DateTimeField("ændret", auto_now=True)

    # A long change reason: a deletion records why, and the codes and criteria it had.
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))
    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = "registrering"
        verbose_name_plural = "registreringer"
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("date")),
                name="registration_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(completed__isnull=True)
                | Q(participants__isnull=False, completed__lte=F("participants")),
                name="registration_completed_within_participants",
            ),
        ]
        indexes = [
            # Serves the registration list per activity: one plan's registrations by date.
            models.Index(fields=["plan", "activity", "date"], name="registration_progress"),
            # Serves every progress aggregate (sums and unique participants up to a date) as an
            # index-only scan: one plan's rows lie scattered among all the other plans' rows.
            models.Index(
                fields=["plan", "date", "id", "count", "participants", "completed"],
                name="registration_plan_date",
            ),
        ]

    def __str__(self):
        return f"{self.activity} {formats.date_short(self.date)}: {self.get_kind_display()}"


class RegistrationCriterion(models.Model):
    """That a registration counts in a success criterion. PROTECT: a criterion that has
    registrations cannot leave the plan (a plan reload or an edit refuses with a message), so no
    registration silently stops counting."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE)
    successcriterion = models.ForeignKey("plans.SuccessCriterion", on_delete=models.PROTECT)

    class Meta:
        # The table Django made for the plain many-to-many link before it had a model.
        db_table = "registrations_registration_criteria"
        # As Django declared it for the link table it made (unique_together, not a named
        # constraint), so the state matches the database without changing it.
        unique_together = [("registration", "successcriterion")]

    def __str__(self):
        return f"{self.registration_id} → {self.successcriterion_id}"


class RegistrationParticipant(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="links")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="links")
    completed = models.BooleanField("gennemført", default=False)

    class Meta:
        verbose_name = "deltagelse"
        verbose_name_plural = "deltagelser"
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "participant"], name="participant_once_per_registration"
            )
        ]
        indexes = [
            # Serves unique-participant counts: distinct participants per registration set.
            models.Index(fields=["participant", "registration"], name="link_by_participant"),
        ]

    def __str__(self):
        return f"{self.participant} i {self.registration_id}"


class Measurement(models.Model):
    """A value for a local measure or a level/trend criterion, for a period, with its source."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="measurements")
    local_measure = models.ForeignKey(
        "plans.LocalMeasure",
        verbose_name="lokalt opstillet måling",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measurements",
    )
    criterion = models.ForeignKey(
        "plans.SuccessCriterion",
        verbose_name="succeskriterium",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measurements",
    )
    date = models.DateField("dato", help_text="Den dag, værdien gælder for.")
    period = models.CharField("periode", max_length=20, blank=True, help_text="Fx 2018/19-T2.")
    value = models.DecimalField("værdi", max_digits=14, decimal_places=4)
    source = models.CharField("kilde", max_length=300, validators=[refuse_cpr])
    note = models.TextField("note", blank=True, validators=[refuse_cpr])
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField("demodata", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "måling"
        verbose_name_plural = "målinger"
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(local_measure__isnull=False, criterion__isnull=True)
                | Q(local_measure__isnull=True, criterion__isnull=False),
                name="measurement_for_one_thing",
            )
        ]
        indexes = [
            # Serves "latest value up to a date" for criteria and for local measures.
            models.Index(fields=["criterion", "date"], name="measurement_criterion_date"),
            models.Index(fields=["local_measure", "date"], name="measurement_measure_date"),
        ]

    def __str__(self):
        return (
            f"{self.local_measure or self.criterion} {formats.date_short(self.date)}: {self.value}"
        )


class Assessment(models.Model):
    """The steering group's words on a qualitative criterion, per tertial."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", "på sporet"
        NEAR = "near", "tæt på"
        BEHIND = "behind", "bagud"
        NOT_STARTED = "not_started", "ikke startet"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="assessments")
    criterion = models.ForeignKey(
        "plans.SuccessCriterion", on_delete=models.PROTECT, related_name="assessments"
    )
    tertial = models.CharField("tertial", max_length=12)
    status = models.CharField("status", max_length=12, choices=Status.choices)
    text = models.TextField("vurdering", validators=[refuse_cpr])
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField("demodata", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "vurdering"
        verbose_name_plural = "vurderinger"
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "tertial"], name="one_assessment_per_tertial"
            )
        ]

    def __str__(self):
        return f"{self.criterion.key} {self.tertial}: {self.get_status_display()}"


class TertialApproval(models.Model):
    """A tertial approved after the steering-group meeting; its registrations are locked."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="approvals")
    tertial = models.CharField("tertial", max_length=12)
    approved = models.BooleanField("godkendt", default=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)
    note = models.TextField("note", blank=True, validators=[refuse_cpr])

    # Approval and reopening are both kept: the history holds every change of `approved`.
    history = HistoricalRecords()

    class Meta:
        verbose_name = "godkendelse af tertial"
        verbose_name_plural = "godkendelser af tertialer"
        constraints = [
            models.UniqueConstraint(fields=["plan", "tertial"], name="one_approval_per_tertial")
        ]

    def __str__(self):
        state = "godkendt" if self.approved else "genåbnet"
        return f"{self.tertial} {state}"

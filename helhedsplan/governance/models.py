"""Governance: meetings of the plan's bodies, their agendas, minutes and decisions, the steering
group's recommendations to the board, controlled changes to the agreements, reminders and
notices (underretning)."""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords

from helhedsplan.core import formats
from helhedsplan.core.privacy import refuse_cpr
from helhedsplan.documents.kinds import ReportKind


class HolidayPeriod(models.Model):
    """A period with no ordinary meetings (school holidays), configured per plan."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="holiday_periods")
    name = models.CharField("navn", max_length=100)
    start = models.DateField("fra")
    end = models.DateField("til")

    class Meta:
        verbose_name = "ferieperiode"
        verbose_name_plural = "ferieperioder"
        ordering = ["plan", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="holiday_end_after_start"
            )
        ]

    def __str__(self):
        return f"{self.name} {formats.period_short(self.start, self.end)}"


class Meeting(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "foreslået"
        PLANNED = "planned", "planlagt"
        HELD = "held", "afholdt"
        CANCELLED = "cancelled", "aflyst"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="meetings")
    body = models.ForeignKey(
        "plans.Body", verbose_name="organ", on_delete=models.PROTECT, related_name="meetings"
    )
    starts_at = models.DateTimeField("tidspunkt")
    duration_minutes = models.PositiveSmallIntegerField("varighed (minutter)", default=120)
    location = models.CharField("sted", max_length=200, blank=True, validators=[refuse_cpr])
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    extraordinary = models.BooleanField("ekstraordinært møde", default=False)
    reason = models.TextField("anledning", blank=True, validators=[refuse_cpr])
    minutes = models.TextField("referat", blank=True, validators=[refuse_cpr])
    report_kind = models.CharField("vedlagt rapport", max_length=20, blank=True)
    report_period = models.CharField("rapportens periode", max_length=12, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "møde"
        verbose_name_plural = "møder"
        ordering = ["starts_at", "body__order"]
        indexes = [models.Index(fields=["plan", "starts_at"], name="meeting_plan_start")]

    def __str__(self):
        return f"{self.body.name} {formats.date_short(self.starts_at)}"

    def save(self, *args, **kwargs):
        """A meeting has its fixed agenda items and the report it follows up on from the moment
        it is planned, whichever path creates it, not from when staff first open it."""
        from helhedsplan.governance.agenda import attached_report, fixed_items

        creating = self._state.adding
        if creating and not self.report_kind:
            self.report_kind, self.report_period = attached_report(self) or ("", "")
        with transaction.atomic():
            super().save(*args, **kwargs)
            if creating:
                AgendaItem.objects.bulk_create(fixed_items(self))

    def awaits_outcome(self, now=None) -> bool:
        """Its time has passed and nobody has said whether it was held or cancelled."""
        return self.status in {self.Status.PROPOSED, self.Status.PLANNED} and (
            self.starts_at < (now or timezone.now())
        )

    @property
    def report_label(self) -> str:
        """The report it follows up on, in words: «Monitoreringsrapport 2018/19-T2»."""
        if not self.report_kind:
            return ""
        kind = self.report_kind
        label = ReportKind(kind).label if kind in ReportKind.values else kind
        return f"{label} {self.report_period}".strip()


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField("nr.", default=0)
    title = models.CharField("punkt", max_length=300, validators=[refuse_cpr])
    fixed = models.BooleanField("fast punkt", default=False)
    note = models.TextField("bemærkning", blank=True, validators=[refuse_cpr])

    class Meta:
        verbose_name = "dagsordenspunkt"
        verbose_name_plural = "dagsordenspunkter"
        ordering = ["meeting", "order", "id"]

    def __str__(self):
        return f"{self.order}. {self.title}"


class Attendance(models.Model):
    """Who took part; the name is kept even if the membership is later removed."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(
        "plans.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField("deltager", max_length=300)
    present = models.BooleanField("til stede", default=True)

    class Meta:
        verbose_name = "fremmøde"
        verbose_name_plural = "fremmøde"
        ordering = ["meeting", "id"]

    def __str__(self):
        return f"{self.name}: {'til stede' if self.present else 'afbud'}"


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    text = models.TextField("beslutning", validators=[refuse_cpr])
    consensus = models.BooleanField("konsensus", default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("oprettet", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "beslutning"
        verbose_name_plural = "beslutninger"
        ordering = ["meeting__starts_at", "id"]

    def __str__(self):
        return self.text[:80]


class Recommendation(models.Model):
    """An indstilling from the steering group to the board, from proposal to decision."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "foreslået"
        FORWARDED = "forwarded", "sendt til bestyrelsen"
        DECIDED = "decided", "besluttet"
        WITHDRAWN = "withdrawn", "trukket tilbage"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="recommendations")
    from_meeting = models.ForeignKey(
        Meeting,
        verbose_name="fra mødet",
        on_delete=models.PROTECT,
        related_name="recommendations_made",
    )
    title = models.CharField("overskrift", max_length=300, validators=[refuse_cpr])
    text = models.TextField("indstilling", validators=[refuse_cpr])
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    board_meeting = models.ForeignKey(
        Meeting,
        verbose_name="behandles på",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations_received",
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="recommendations"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "indstilling"
        verbose_name_plural = "indstillinger"
        ordering = ["plan", "-id"]

    def __str__(self):
        return self.title


class ChangeRequest(models.Model):
    """A proposed change to the agreements: a new plan file, compared with the current one.

    It takes effect (the file is loaded) only after a consensus decision of the board, and for
    the strategic agreement and the kommissorium also a recorded approval from Landsbyggefonden.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", "foreslået"
        DECIDED = "decided", "vedtaget af bestyrelsen"
        APPLIED = "applied", "trådt i kraft"
        REJECTED = "rejected", "afvist"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="change_requests")
    title = models.CharField("overskrift", max_length=300, validators=[refuse_cpr])
    reason = models.TextField("begrundelse", blank=True, validators=[refuse_cpr])
    base_version = models.ForeignKey(
        "plans.PlanFileVersion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="ændrer version",
    )
    proposed_content = models.TextField("foreslået planfil (YAML)")
    changes = models.JSONField("ændringer i ord", default=list)
    documents = models.JSONField("berørte dokumenter", default=list)
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="change_requests"
    )
    lbf_approved_on = models.DateField("godkendt af Landsbyggefonden", null=True, blank=True)
    lbf_reference = models.CharField(
        "Landsbyggefondens j.nr. eller brev", max_length=200, blank=True
    )
    applied_version = models.ForeignKey(
        "plans.PlanFileVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("oprettet", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "ændringsforslag"
        verbose_name_plural = "ændringsforslag"
        ordering = ["plan", "-id"]

    def __str__(self):
        return self.title

    @property
    def needs_lbf(self) -> bool:
        return bool({"strategic", "kommissorium"} & set(self.documents))


class Reminder(models.Model):
    """A data-delivery reminder sent to a partner before a steering-group meeting; sent once."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")
    organisation = models.ForeignKey(
        "plans.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    recipients = models.TextField("modtagere")
    criteria = models.JSONField("manglende succeskriterier", default=list)
    sent_at = models.DateTimeField("sendt", auto_now_add=True)

    class Meta:
        verbose_name = "påmindelse"
        verbose_name_plural = "påmindelser"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"], name="one_reminder_per_partner"
            )
        ]

    def __str__(self):
        return f"{self.organisation} før {self.meeting}"


class Notice(models.Model):
    """Underretning: a board member raises a matter of importance for the plan (seed, pkt. 9)."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="notices")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField("emne", max_length=300, validators=[refuse_cpr])
    text = models.TextField("forholdet", validators=[refuse_cpr])
    created_at = models.DateTimeField("rejst", auto_now_add=True)
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notices",
        verbose_name="ekstraordinært møde",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "underretning"
        verbose_name_plural = "underretninger"
        ordering = ["plan", "-created_at"]

    def __str__(self):
        return self.subject

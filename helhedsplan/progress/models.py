"""Milestone plans (milepælsplaner): per activity and plan year, milestones month by month."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from helhedsplan.core.privacy import refuse_cpr


class Milestone(models.Model):
    """One milestone of an activity's milestone plan; the plan year follows from its month."""

    class Status(models.TextChoices):
        PLANNED = "planned", "planlagt"
        IN_PROGRESS = "in_progress", "i gang"
        DONE = "done", "gennemført"
        CANCELLED = "cancelled", "aflyst"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="milestones")
    activity = models.ForeignKey(
        "plans.Activity", on_delete=models.CASCADE, related_name="milestones"
    )
    month = models.DateField("måned", help_text="Den første dag i måneden.")
    title = models.CharField("milepæl", max_length=300, validators=[refuse_cpr])
    owner = models.CharField("ansvarlig", max_length=200, blank=True, validators=[refuse_cpr])
    status = models.CharField(
        "status", max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    note = models.TextField("note", blank=True, validators=[refuse_cpr])
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Made by `helhedsplan demo-data`, which deletes and remakes these rows (and only these).
    is_demo = models.BooleanField("demodata", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "milepæl"
        verbose_name_plural = "milepæle"
        ordering = ["activity", "month", "id"]
        indexes = [
            # Serves the overdue list: one plan's open milestones due before a date.
            models.Index(fields=["plan", "status", "month"], name="milestone_due"),
        ]

    def __str__(self):
        return f"{self.activity.key} {self.month:%m/%Y}: {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.PLANNED, self.Status.IN_PROGRESS}

"""Narratives: the text the secretariat writes for a report, kept per report, period and topic."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from helhedsplan.core.privacy import refuse_cpr
from helhedsplan.documents.kinds import ReportKind


class Narrative(models.Model):
    """One piece of text in one report for one period.

    `topic` names what the text is about: "" for the report as a whole, "activity:<key>" or
    "focus_area:<key>" for a part of the plan. Keys, not foreign keys: a text written for an
    activity is kept even if the activity later leaves the plan file.
    """

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="narratives")
    report = models.CharField("rapport", max_length=20, choices=ReportKind.choices)
    period = models.CharField("periode", max_length=12, help_text="Fx 2018/19-T2 eller 2018/19.")
    topic = models.CharField("emne", max_length=120, blank=True)
    text = models.TextField("tekst", blank=True, validators=[refuse_cpr])
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField("ændret", auto_now=True)
    is_demo = models.BooleanField("demodata", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "beretning"
        verbose_name_plural = "beretninger"
        ordering = ["plan", "report", "period", "topic"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "report", "period", "topic"], name="one_narrative_per_topic"
            )
        ]

    def __str__(self):
        return f"{self.get_report_display()} {self.period} {self.topic or 'samlet'}"

"""The economy of a plan: expenses per focus area and month, and contributed staff hours."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from helhedsplan.core import formats
from helhedsplan.core.privacy import refuse_cpr
from helhedsplan.plans.models import FocusArea, Organisation, Plan, PlanScopedQuerySet


class Financing(models.TextChoices):
    LBF = "lbf", "Landsbyggefonden"
    LOCAL = "local", "Lokal medfinansiering"


class Expense(models.Model):
    """An amount spent in a month; negative for a correction. No focus area: not assigned."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="expenses")
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name="indsatsområde",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expenses",
    )
    month = models.DateField("måned", help_text="Den første dag i måneden.")
    amount = models.DecimalField("beløb (kr.)", max_digits=12, decimal_places=2)
    financing = models.CharField("finansiering", max_length=10, choices=Financing.choices)
    note = models.TextField("note", blank=True, validators=[refuse_cpr])
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    # Made by `helhedsplan demo-data`, which deletes and remakes these rows (and only these).
    is_demo = models.BooleanField("demodata", default=False)
    history = HistoricalRecords()

    objects = PlanScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "udgift"
        verbose_name_plural = "udgifter"
        ordering = ["plan", "-month", "-id"]
        indexes = [
            # economy_overview: Sum per focus area and financing up to a month, within one plan.
            models.Index(fields=["plan", "month"], name="expense_plan_month"),
        ]

    def __str__(self):
        return f"{formats.month_short(self.month)}: {formats.amount(self.amount, 2)} ({self.get_financing_display()})"


class StaffHours(models.Model):
    """Erlagte medarbejdertimer: hours an organisation contributed to the plan in a month."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="staff_hours")
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField("måned", help_text="Den første dag i måneden.")
    hours = models.DecimalField(
        "timer", max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    note = models.TextField("note", blank=True, validators=[refuse_cpr])
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    # Made by `helhedsplan demo-data`, which deletes and remakes these rows (and only these).
    is_demo = models.BooleanField("demodata", default=False)
    history = HistoricalRecords()

    objects = PlanScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "erlagte medarbejdertimer"
        verbose_name_plural = "erlagte medarbejdertimer"
        ordering = ["plan", "-month", "-id"]
        indexes = [
            # economy_overview: Sum of hours per organisation up to a month, within one plan.
            models.Index(fields=["plan", "month"], name="staffhours_plan_month"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gte=0), name="staff_hours_not_negative"
            )
        ]

    def __str__(self):
        return f"{self.organisation}: {formats.number(self.hours)} timer ({formats.month_short(self.month)})"

"""A register series is many values: one per place, year and measure."""

from django.db import models
from simple_history.models import HistoricalRecords

from helhedsplan.plans.models import Plan, PlanScopedQuerySet
from helhedsplan.plans.register_measures import MEASURES


class RegisterValue(models.Model):
    """One published figure: a measure's value for a place (an area of the plan, the whole plan,
    the municipality, the region or the country) in a year. A re-import of a year replaces the
    year's values; the history keeps what was there before."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="register_values")
    place = models.CharField(
        "sted",
        max_length=80,
        help_text="En nøgle for et af planens boligområder, eller plan, kommune, region, land.",
    )
    year = models.PositiveSmallIntegerField("år")
    measure = models.CharField(
        "måling", max_length=60, choices=[(m.key, m.label) for m in MEASURES]
    )
    value = models.DecimalField("værdi", max_digits=14, decimal_places=4)
    source = models.CharField("kilde", max_length=200, blank=True)
    imported_at = models.DateTimeField("importeret", auto_now=True)
    # Made by `helhedsplan demo-data`, which deletes and remakes these rows (and only these).
    is_demo = models.BooleanField("demodata", default=False)
    history = HistoricalRecords()

    objects = PlanScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "registerværdi"
        verbose_name_plural = "registerværdier"
        ordering = ["plan", "place", "measure", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "place", "year", "measure"], name="register_value_unique"
            )
        ]

    def __str__(self):
        return f"{self.place} {self.year} {self.measure}: {self.value}"

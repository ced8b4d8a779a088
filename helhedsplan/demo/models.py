"""Which plans the demo made itself: only those may the demo delete and make again."""

from django.db import models

from helhedsplan.core import formats


class DemoPlan(models.Model):
    """A plan made by `helhedsplan demo-running`: invented, with demo data only.

    The mark is what lets a second `make demo` replace the running demo plan (whose short name
    follows the date) without ever touching a plan somebody made or loaded.
    """

    plan = models.OneToOneField(
        "plans.Plan", verbose_name="plan", on_delete=models.CASCADE, related_name="demo_mark"
    )
    source = models.ForeignKey(
        "plans.Plan",
        verbose_name="kopieret fra",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    today = models.DateField("demoens dag")
    seed = models.PositiveIntegerField("frø")
    made_at = models.DateTimeField("lavet", auto_now_add=True)

    class Meta:
        verbose_name = "demoplan"
        verbose_name_plural = "demoplaner"

    def __str__(self):
        return f"{self.plan.slug} (demo pr. {formats.date_short(self.today)})"

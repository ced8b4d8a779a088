"""What the plan editor remembers beside the plan file: the texts a person should read again."""

from django.db import models


class ReviewMark(models.Model):
    """One field of one part of a plan marked «Skal gennemses»: a text copied from the plan
    before (a successor's foreword still speaks of 2017-2021), or a period target and a
    criterion's text left as they were when the yearly target changed.

    The mark keeps the value it was set on: it holds while the field still has that value, so
    any edit of the field (in a form, a change request adopted, a file loaded) ends it; and
    «Gennemset» ends it for a text that may stand as it is."""

    class Reason(models.TextChoices):
        COPIED = "copied", "kopieret fra forrige plan"
        TARGET = "target", "målet er ændret"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="review_marks")
    part = models.CharField(
        "del", max_length=500, blank=True, help_text="Delens sti i editoren; tom for planen."
    )
    field = models.CharField("felt", max_length=100)
    reason = models.CharField("hvorfor", max_length=20, choices=Reason.choices)
    value = models.TextField("værdien, da den blev markeret")
    note = models.CharField("forklaring", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tekst, der skal gennemses"
        verbose_name_plural = "tekster, der skal gennemses"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "part", "field"], name="review_mark_one_per_field"
            )
        ]
        ordering = ["id"]

    def __str__(self):
        return f"{self.plan_id} {self.part or 'planen'}.{self.field}: {self.get_reason_display()}"

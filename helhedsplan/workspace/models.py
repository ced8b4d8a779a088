"""What the workspace remembers about a user: the plan whose start page `/` shows."""

from django.conf import settings
from django.db import models


class StartPlan(models.Model):
    """The plan a user last chose in the plan chooser or the header's plan picker.

    Kept across logins, so a person with several plans lands on the one they work in. A plan the
    user has since lost access to is ignored (and the chooser is shown again).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="start_plan"
    )
    plan = models.ForeignKey(
        "plans.Plan", verbose_name="plan", on_delete=models.CASCADE, related_name="+"
    )
    chosen_at = models.DateTimeField("valgt", auto_now=True)

    class Meta:
        verbose_name = "startplan"
        verbose_name_plural = "startplaner"

    def __str__(self):
        return f"{self.user} → {self.plan.slug}"

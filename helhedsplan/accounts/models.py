"""Who may do what in which plan: a user's role (a Django group) per plan."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models


class Role(models.TextChoices):
    SEKRETARIAT = "sekretariat", "Sekretariat"
    MEDARBEJDER = "medarbejder", "Boligsocial medarbejder"
    PARTNER = "partner", "Partner"
    STYREGRUPPE = "styregruppe", "Styregruppe"
    BESTYRELSE = "bestyrelse", "Bestyrelse"
    LAESER = "laeser", "Læser"


class PlanMembershipQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class PlanMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_memberships"
    )
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="memberships")
    group = models.ForeignKey(Group, verbose_name="rolle", on_delete=models.PROTECT)
    organisation = models.ForeignKey(
        "plans.Organisation",
        verbose_name="organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="For partnere: den organisation, brugeren leverer data for.",
    )

    objects = PlanMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "adgang til plan"
        verbose_name_plural = "adgange til planer"
        constraints = [
            models.UniqueConstraint(fields=["user", "plan"], name="one_role_per_user_and_plan")
        ]

    def __str__(self):
        return f"{self.user} – {self.plan.slug} ({self.role_label})"

    @property
    def role(self) -> str:
        return self.group.name

    @property
    def role_label(self) -> str:
        return Role(self.group.name).label if self.group.name in Role.values else self.group.name

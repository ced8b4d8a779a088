"""Which plan roles the municipality's login gave, so that they follow the IdP's groups."""

from django.db import models
from django.utils import timezone


class ClaimGrant(models.Model):
    """A plan role given because the IdP's role claim named a group in HELHEDSPLAN_SSO_ROLE_MAP.
    It is changed or taken away at the next login when the groups change; a role given by an
    invitation or by the secretariat has no ClaimGrant and is left alone."""

    membership = models.OneToOneField(
        "accounts.PlanMembership",
        verbose_name="adgang",
        on_delete=models.CASCADE,
        related_name="claim_grant",
    )
    claim_value = models.CharField("gruppe i kommunens login", max_length=255)
    granted_at = models.DateTimeField("givet", default=timezone.now)

    class Meta:
        verbose_name = "adgang fra kommunens login"
        verbose_name_plural = "adgange fra kommunens login"

    def __str__(self):
        return f"{self.membership} ← {self.claim_value}"

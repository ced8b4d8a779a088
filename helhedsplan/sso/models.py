"""What the municipality's login gave: plan roles that follow the IdP's groups, and who each person
is at the provider (issuer and subject), bound at the first login."""

from django.conf import settings
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


class ExternalIdentity(models.Model):
    """Who a person is at the municipality's login: the provider (the OpenID issuer, or the
    SAML IdP's entity id) and the provider's own id for the person (the ID token's `sub`, or the
    SAML NameID or HELHEDSPLAN_SAML_SUBJECT_ATTRIBUTE). Made at the person's first login; every
    later login finds the user by these two alone, never by e-mail, so an e-mail that changes or
    passes to someone else at the provider never moves a login to another user."""

    class Via(models.TextChoices):
        OIDC = "oidc", "OpenID Connect"
        SAML = "saml", "SAML"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="bruger",
        on_delete=models.CASCADE,
        related_name="external_identities",
    )
    via = models.CharField("protokol", max_length=4, choices=Via.choices)
    # SAML allows an entity id of 1,024 characters; OpenID Connect a `sub` of 255 and a SAML
    # NameID 256: 512 leaves room for a subject attribute too.
    issuer = models.CharField("udbyder", max_length=1024)
    subject = models.CharField("id hos udbyderen", max_length=512)
    email = models.CharField("e-mail hos udbyderen (seneste login)", max_length=254, blank=True)
    email_verified = models.BooleanField("e-mailen bekræftet af udbyderen", default=False)
    created_at = models.DateTimeField("knyttet", default=timezone.now)
    last_login_at = models.DateTimeField("seneste login", default=timezone.now)

    class Meta:
        verbose_name = "identitet i kommunens login"
        verbose_name_plural = "identiteter i kommunens login"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_subject"),
            # One person at a provider is one subject: a second subject with the same e-mail is
            # somebody else and never joins an already bound user.
            models.UniqueConstraint(fields=["user", "issuer"], name="sso_identity_one_per_user"),
        ]

    def __str__(self):
        return f"{self.user} ← {self.subject} hos {self.issuer}"


class UnboundLogin(models.Model):
    """A user the municipality's login made before issuers and subjects were kept (issue 17).
    Such a user counts as made by that login: its first login afterwards, with a verified e-mail,
    binds it (and this row goes), as long as it still has no password and is neither staff nor
    superuser. Made by migration 0002 only."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="bruger", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = "bruger fra kommunens login, endnu ikke knyttet"
        verbose_name_plural = "brugere fra kommunens login, endnu ikke knyttet"

    def __str__(self):
        return str(self.user)

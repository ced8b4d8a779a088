"""Who may do what in which plan: a user's role (a Django group) per plan, and invitations."""

import hashlib

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    SEKRETARIAT = "sekretariat", "Sekretariat"
    MEDARBEJDER = "medarbejder", "Boligsocial medarbejder"
    PARTNER = "partner", "Partner"
    STYREGRUPPE = "styregruppe", "Styregruppe"
    BESTYRELSE = "bestyrelse", "Bestyrelse"
    LAESER = "laeser", "Læser"


# What each role may do, in words a secretariat understands (the invite and change-role forms).
ROLE_HELP = {
    Role.SEKRETARIAT: "Holder planen: inviterer personer, registrerer, godkender tertialer, "
    "laver rapporter, forbereder møder og kører beredskabet.",
    Role.MEDARBEJDER: "Registrerer leverancer og målinger for alle aktiviteter og ser "
    "fremdrift, rapporter og møder. Kan ikke invitere personer.",
    Role.PARTNER: "Registrerer leverancer for sin organisations aktiviteter (og dem, der er "
    "valgt ud for personen) og ser planen. Ser kun egne aktiviteters registreringer.",
    Role.STYREGRUPPE: "Læser fremdrift, rapporter og møder; kan ikke registrere. Små "
    "persontal vises som «<5».",
    Role.BESTYRELSE: "Læser fremdrift, rapporter, økonomi og møder og modtager "
    "underretninger; kan ikke registrere. Små persontal vises som «<5».",
    Role.LAESER: "Læser planen, fremdriften og rapporterne; kan intet ændre.",
}


def role_label(name: str) -> str:
    return Role(name).label if name in Role.values else name


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


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
    # Beyond the activities its organisation is responsible for: a partner who also delivers
    # figures for another organisation's activity (a school's teacher in a library project).
    activities = models.ManyToManyField(
        "plans.Activity",
        verbose_name="leverer data for",
        blank=True,
        related_name="+",
        help_text="For partnere: aktiviteter ud over dem, organisationen er ansvarlig for.",
    )
    created_at = models.DateTimeField("adgang siden", default=timezone.now)

    # Who gave, changed and removed access is read from here (the people page's history).
    history = HistoricalRecords()

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
        return role_label(self.group.name)


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Neither used, withdrawn nor replaced by a newer link (expired ones included)."""
        return self.filter(accepted_at__isnull=True, withdrawn_at__isnull=True, replaced=False)


class Invitation(models.Model):
    """A one-time link that gives a person a role in a plan. Only the token's hash is kept."""

    class State(models.TextChoices):
        PENDING = "pending", "Venter"
        ACCEPTED = "accepted", "Brugt"
        EXPIRED = "expired", "Udløbet"
        REPLACED = "replaced", "Erstattet af et nyt link"
        WITHDRAWN = "withdrawn", "Trukket tilbage"

    # A username holds at most 150 characters, and an invited person's username is the e-mail.
    email = models.EmailField("e-mail", max_length=150)
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="invitations")
    group = models.ForeignKey(Group, verbose_name="rolle", on_delete=models.PROTECT)
    organisation = models.ForeignKey(
        "plans.Organisation",
        verbose_name="organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    activities = models.ManyToManyField(
        "plans.Activity", verbose_name="leverer data for", blank=True, related_name="+"
    )
    # Unique, so it is also the index that serves the lookup when a link is opened.
    token_hash = models.CharField("SHA-256 af linket", max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="inviteret af",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("inviteret", default=timezone.now)
    expires_at = models.DateTimeField("udløber")
    accepted_at = models.DateTimeField("taget imod", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="taget imod af",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replaced = models.BooleanField("erstattet af et nyt link", default=False)
    withdrawn_at = models.DateTimeField("trukket tilbage", null=True, blank=True)

    history = HistoricalRecords()
    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        verbose_name_plural = "invitationer"
        ordering = ["-created_at", "-id"]
        indexes = [
            # The people page's list of a plan's open invitations.
            models.Index(fields=["plan", "accepted_at"], name="invitation_plan_open"),
        ]

    def __str__(self):
        return f"{self.email} – {self.plan.slug} ({self.role_label})"

    @property
    def role(self) -> str:
        return self.group.name

    @property
    def role_label(self) -> str:
        return role_label(self.group.name)

    def state(self, now=None) -> str:
        if self.accepted_at is not None:
            return self.State.ACCEPTED
        if self.withdrawn_at is not None:
            return self.State.WITHDRAWN
        if self.replaced:
            return self.State.REPLACED
        if (now or timezone.now()) >= self.expires_at:
            return self.State.EXPIRED
        return self.State.PENDING

    @property
    def is_expired(self) -> bool:
        return self.state() == self.State.EXPIRED


class PasswordResetRequest(models.Model):
    """One request for a password-reset e-mail ("Glemt adgangskode?"), kept for the rate limit
    (helhedsplan/accounts/password_reset.py): in the database, like axes' failed logins, so the
    limit holds across gunicorn workers and restarts. Every request counts, whether the e-mail
    is known or not (the answer must not tell). The e-mail is kept only as a keyed hash (a
    leaked table does not list who asked), and rows older than the window are deleted."""

    email_hash = models.CharField("HMAC af e-mailen", max_length=64)
    address = models.GenericIPAddressField("adresse", null=True, blank=True)
    created_at = models.DateTimeField("tidspunkt", default=timezone.now)

    class Meta:
        verbose_name = "anmodning om ny adgangskode"
        verbose_name_plural = "anmodninger om ny adgangskode"
        indexes = [
            # The count per e-mail within the window, on every request.
            models.Index(fields=["email_hash", "created_at"], name="reset_request_email"),
            # The count per address within the window, on every request.
            models.Index(fields=["address", "created_at"], name="reset_request_address"),
            # Deleting the rows older than the window.
            models.Index(fields=["created_at"], name="reset_request_time"),
        ]

    def __str__(self):
        return f"{self.address or 'ukendt adresse'} {self.created_at:%Y-%m-%d %H:%M}"

"""Beredskab: the preparedness plan's people, and each activation with its call list, action
items, information to residents, press note, timeline and evaluation (seed: "Boligsocial
beredskabsplan"). Everything is kept in the audit history."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from helhedsplan.core import formats
from helhedsplan.core.privacy import refuse_cpr


class Contact(models.Model):
    """A person in the preparedness plan: a member of its steering group, a deputy, a press
    contact or an ad hoc resource. Created from the plan file, then kept in the app."""

    class Kind(models.TextChoices):
        MEMBER = "member", "medlem af beredskabsstyregruppen"
        DEPUTY = "deputy", "suppleant"
        PRESS = "press", "pressekontakt"
        RESOURCE = "resource", "ad hoc-ressource"

    class Level(models.TextChoices):
        COORDINATING = "coordinating", "koordinerende niveau"
        EXECUTING = "executing", "udførende niveau"

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="preparedness_contacts"
    )
    kind = models.CharField("type", max_length=10, choices=Kind.choices)
    level = models.CharField(
        "niveau", max_length=12, choices=Level.choices, default=Level.COORDINATING
    )
    role = models.CharField("rolle", max_length=300, validators=[refuse_cpr])
    organisation = models.ForeignKey(
        "plans.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="organisation",
    )
    name = models.CharField("navn", max_length=200, blank=True, validators=[refuse_cpr])
    phone = models.CharField("telefon", max_length=40, blank=True)
    email = models.EmailField("e-mail", blank=True)
    deputy_for = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputies",
        verbose_name="suppleant for",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="bruger i systemet",
        help_text="Giver adgang til beredskabet.",
    )
    confirmed_on = models.DateField("oplysninger bekræftet", null=True, blank=True)
    note = models.TextField("note", blank=True, validators=[refuse_cpr])
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "beredskabsperson"
        verbose_name_plural = "beredskabspersoner"
        ordering = ["plan", "order", "id"]

    def __str__(self):
        return f"{self.name or '(intet navn)'}, {self.role}"


class IncidentType(models.TextChoices):
    ARSON = "arson", "ildspåsættelse"
    VANDALISM = "vandalism", "omfattende hærværk"
    ASSAULT = "assault", "overfald"
    SHOOTING = "shooting", "skyderi"
    HARASSMENT = "harassment", "chikane"
    FIGHTS = "fights", "slåskampe"
    UNREST = "unrest", "anden voldsom uro"
    THREATS = "threats", "trusler mod medarbejdere"
    OTHER = "other", "andet"


class Activation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "aktiv"
        CLOSED = "closed", "afsluttet"

    class InfoStatus(models.TextChoices):
        NONE = "", "ikke påbegyndt"
        DRAFTED = "drafted", "udkast"
        APPROVED = "approved", "godkendt af styregruppen"
        SENT = "sent", "sendt til beboerne"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="activations")
    incident_type = models.CharField("hændelse", max_length=12, choices=IncidentType.choices)
    area = models.ForeignKey(
        "plans.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="boligområde",
    )
    address = models.CharField(
        "adresse eller sted", max_length=300, blank=True, validators=[refuse_cpr]
    )
    occurred_at = models.DateTimeField("tidspunkt for hændelsen")
    description = models.TextField("beskrivelse", validators=[refuse_cpr])
    requested_by_police = models.BooleanField("aktiveret på politiets anmodning", default=False)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,  # kept when the user is deleted; the activation stays editable
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="aktiveret af",
    )
    activated_at = models.DateTimeField("aktiveret", auto_now_add=True)
    status = models.CharField("status", max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField("afsluttet", null=True, blank=True)
    coordinating_meeting_at = models.DateTimeField("koordinerende møde", null=True, blank=True)
    coordinating_meeting_note = models.TextField(
        "referat af koordinerende møde", blank=True, validators=[refuse_cpr]
    )
    resident_info = models.TextField(
        "information til beboerne", blank=True, validators=[refuse_cpr]
    )
    resident_info_status = models.CharField(
        "status for beboerinformation",
        max_length=10,
        choices=InfoStatus.choices,
        blank=True,
        default="",
    )
    press_note = models.TextField("pressenote", blank=True, validators=[refuse_cpr])
    evaluation = models.TextField("evaluering", blank=True, validators=[refuse_cpr])
    evaluated_at = models.DateTimeField("evalueret", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "aktivering"
        verbose_name_plural = "aktiveringer"
        ordering = ["plan", "-activated_at"]

    def __str__(self):
        return f"{self.get_incident_type_display()} {formats.date_short(self.occurred_at)}"


class CallEntry(models.Model):
    """One line of the call list: who to reach; their deputy when they do not answer."""

    class Status(models.TextChoices):
        PENDING = "pending", "ikke ringet op"
        REACHED = "reached", "kontaktet"
        NO_ANSWER = "no_answer", "intet svar"

    activation = models.ForeignKey(Activation, on_delete=models.CASCADE, related_name="calls")
    contact = models.ForeignKey(Contact, null=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField("navn", max_length=300)
    phone = models.CharField("telefon", max_length=40, blank=True)
    is_deputy = models.BooleanField("suppleant", default=False)
    order = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reached_at = models.DateTimeField("kontaktet", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "opkald"
        verbose_name_plural = "opkaldsliste"
        ordering = ["activation", "order", "id"]

    def __str__(self):
        return f"{self.name}: {self.get_status_display()}"


class ActionItem(models.Model):
    activation = models.ForeignKey(Activation, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField("handling", max_length=300, validators=[refuse_cpr])
    owner = models.CharField("ansvarlig", max_length=200, validators=[refuse_cpr])
    due = models.DateTimeField("frist", null=True, blank=True)
    done_at = models.DateTimeField("udført", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "handling"
        verbose_name_plural = "handlinger"
        ordering = ["activation", "done_at", "due", "id"]

    def __str__(self):
        return self.title


class LogEntry(models.Model):
    """The activation's timeline: every step, by whom and when."""

    activation = models.ForeignKey(Activation, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField("tidspunkt", auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField("hændelse", validators=[refuse_cpr])

    class Meta:
        verbose_name = "logpost"
        verbose_name_plural = "log"
        ordering = ["activation", "at", "id"]

    def __str__(self):
        return f"{formats.date_short(self.at)} {formats.time_short(self.at)}: {self.text[:60]}"


class Notification(models.Model):
    """A message sent to a contact about an activation, through a channel (e-mail, SMS…)."""

    activation = models.ForeignKey(
        Activation, on_delete=models.CASCADE, related_name="notifications"
    )
    contact = models.ForeignKey(Contact, null=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField("kanal", max_length=20)
    recipient = models.CharField("modtager", max_length=200)
    sent_at = models.DateTimeField("sendt", auto_now_add=True)
    ok = models.BooleanField("leveret", default=True)
    error = models.TextField("fejl", blank=True)

    class Meta:
        verbose_name = "besked"
        verbose_name_plural = "beskeder"
        ordering = ["activation", "sent_at"]

    def __str__(self):
        return f"{self.channel} til {self.recipient}"

"""Data-delivery reminders: before each steering-group meeting, every partner that still lacks
data for the tertial the meeting follows up gets one e-mail listing what is missing.

`helhedsplan send-reminders` runs this daily from cron. A `Reminder` row per (meeting,
organisation) is written together with the sending, and the unique constraint on it makes sure
that a partner is reminded once per meeting however often the command runs.
"""

import datetime
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from helhedsplan.accounts.models import Role
from helhedsplan.core.periods import Period, tertial_of
from helhedsplan.governance.models import Meeting, Reminder
from helhedsplan.plans.models import Body, Membership, Organisation, Plan
from helhedsplan.progress.services import (
    CriterionProgress,
    missing_data,
    plan_progress,
)

NO_PARTNER = "Ingen ansvarlig angivet"


class Outcome:
    SEND = "send"
    NO_ADDRESS = "no_address"
    ALREADY_SENT = "already_sent"
    NO_PARTNER = "no_partner"
    FAILED = "failed"


@dataclass
class PlannedReminder:
    """One partner before one meeting: what it lacks, who would get the e-mail, and whether."""

    meeting: Meeting
    meeting_date: datetime.date
    tertial: Period
    organisation: Organisation | None
    rows: list[CriterionProgress]
    recipients: list[str] = field(default_factory=list)
    outcome: str = Outcome.SEND
    error: str = ""

    @property
    def partner_name(self) -> str:
        return self.organisation.name if self.organisation else NO_PARTNER

    def lines(self) -> list[str]:
        """One line per missing criterion: the activity and the criterion's text."""
        return [
            f"{row.criterion.activity.name}: {' '.join(row.criterion.text.split())}"
            for row in self.rows
        ]

    def criteria_json(self) -> list[dict]:
        return [
            {
                "activity": row.criterion.activity.key,
                "activity_name": row.criterion.activity.name,
                "criterion": row.criterion.key,
                "text": row.criterion.text,
            }
            for row in self.rows
        ]

    def as_json(self) -> dict:
        return {
            "plan": self.meeting.plan.slug,
            "meeting": self.meeting.pk,
            "meeting_date": self.meeting_date.isoformat(),
            "tertial": self.tertial.label,
            "organisation": self.organisation.key if self.organisation else None,
            "partner": self.partner_name,
            "recipients": self.recipients,
            "criteria": self.criteria_json(),
            "outcome": self.outcome,
        }


@dataclass
class ReminderRun:
    items: list[PlannedReminder] = field(default_factory=list)
    dry_run: bool = False

    def _count(self, outcome: str) -> int:
        return sum(1 for item in self.items if item.outcome == outcome)

    @property
    def sent(self) -> int:
        return 0 if self.dry_run else self._count(Outcome.SEND)

    @property
    def would_send(self) -> int:
        return self._count(Outcome.SEND)

    @property
    def skipped(self) -> list[PlannedReminder]:
        return [i for i in self.items if i.outcome in {Outcome.NO_ADDRESS, Outcome.NO_PARTNER}]

    @property
    def already_sent(self) -> int:
        return self._count(Outcome.ALREADY_SENT)

    @property
    def failed(self) -> list[PlannedReminder]:
        return [item for item in self.items if item.outcome == Outcome.FAILED]

    def summary(self) -> str:
        first = (
            f"Ville sende {self.would_send} påmindelser (prøvekørsel: intet er sendt)"
            if self.dry_run
            else f"Sendt: {self.sent} påmindelser"
        )
        text = (
            f"{first}. Sprunget over: {len(self.skipped)}. "
            f"Allerede sendt tidligere: {self.already_sent}."
        )
        if self.failed:
            text += f" Kunne ikke sendes: {len(self.failed)} (prøves igen ved næste kørsel)."
        return text


def followed_up_tertial(plan: Plan, meeting_date: datetime.date) -> Period | None:
    """The tertial a steering-group meeting follows up: the one containing the day before it.

    The steering group follows progress tertial by tertial and meets towards a tertial's end, so
    the data it looks at are those registered in the tertial running up to the meeting. Taking
    the day before (rather than the meeting day itself) matters only for a meeting held on the
    first day of a tertial: that meeting follows up the tertial that has just ended, not one in
    which nothing can have been registered yet. It is the same tertial the "Mangler data" page
    shows on the day before the meeting.
    """
    return tertial_of(meeting_date - datetime.timedelta(days=1), plan.start, plan.end)


def steering_groups(plan: Plan | None = None) -> list[Body]:
    """Each plan's steering group: the body keyed "styregruppe", else its first steering group.

    A plan may have further steering groups for one focus area; they do not follow up the
    tertials, so their meetings bring no reminders.
    """
    bodies = Body.objects.filter(kind=Body.Kind.STEERING_GROUP).order_by("plan_id", "order", "pk")
    if plan is not None:
        bodies = bodies.filter(plan=plan)
    chosen: dict[int, Body] = {}
    for body in bodies:
        if body.plan_id not in chosen or (
            body.key == "styregruppe" and chosen[body.plan_id].key != "styregruppe"
        ):
            chosen[body.plan_id] = body
    return list(chosen.values())


def coming_meetings(*, today: datetime.date, days: int, plan: Plan | None = None):
    """Proposed or planned steering-group meetings from today up to `days` days ahead."""
    tz = timezone.get_current_timezone()
    first = datetime.datetime.combine(today, datetime.time.min, tzinfo=tz)
    last = datetime.datetime.combine(
        today + datetime.timedelta(days=days + 1), datetime.time.min, tzinfo=tz
    )
    meetings = Meeting.objects.filter(
        body__in=steering_groups(plan),
        status__in=[Meeting.Status.PROPOSED, Meeting.Status.PLANNED],
        starts_at__gte=first,
        starts_at__lt=last,
    ).select_related("plan", "body")
    if plan is not None:
        meetings = meetings.filter(plan=plan)
    return meetings.order_by("starts_at", "pk")


def recipients_for(
    plan: Plan, organisation: Organisation, *, on: datetime.date, activity_ids: set[int]
) -> list[str]:
    """Who delivers the organisation's data: its partner users and its members of the bodies.

    A body member who is registered as delivering for named activities is reminded only when
    one of those activities lacks data; members without such a list are reminded for their
    organisation as a whole. Members whose membership has ended are left out.
    """
    users = get_user_model().objects.filter(
        plan_memberships__plan=plan,
        plan_memberships__organisation=organisation,
        plan_memberships__group__name=Role.PARTNER,
        is_active=True,
    )
    addresses = {email.strip().lower() for email in users.values_list("email", flat=True)}
    members = (
        Membership.objects.filter(body__plan=plan, organisation=organisation)
        .filter(Q(start__isnull=True) | Q(start__lte=on), Q(end__isnull=True) | Q(end__gte=on))
        .exclude(email="")
        .prefetch_related("delivers_for")
    )
    for member in members:
        delivers_for = {activity.id for activity in member.delivers_for.all()}
        if not delivers_for or delivers_for & activity_ids:
            addresses.add(member.email.strip().lower())
    return sorted(address for address in addresses if address)


def plan_reminders(
    *, today: datetime.date, days: int, plan: Plan | None = None
) -> list[PlannedReminder]:
    """Everything the command would do, without sending or recording anything."""
    items: list[PlannedReminder] = []
    progress_cache = {}
    for meeting in coming_meetings(today=today, days=days, plan=plan):
        meeting_date = timezone.localtime(meeting.starts_at).date()
        tertial = followed_up_tertial(meeting.plan, meeting_date)
        if tertial is None:
            continue  # a meeting outside the plan's period follows up nothing
        as_of = min(meeting_date, today)
        key = (meeting.plan_id, as_of)
        if key not in progress_cache:
            progress_cache[key] = plan_progress(meeting.plan, as_of)
        by_organisation: dict[int | None, list[CriterionProgress]] = {}
        organisations: dict[int, Organisation] = {}
        for _, rows in missing_data(progress_cache[key], tertial):
            for row in rows:
                organisation = row.criterion.deliverer
                org_id = organisation.id if organisation else None
                if organisation:
                    organisations[org_id] = organisation
                by_organisation.setdefault(org_id, []).append(row)
        already = set(
            Reminder.objects.filter(meeting=meeting).values_list("organisation_id", flat=True)
        )
        for org_id, rows in sorted(
            by_organisation.items(),
            key=lambda pair: organisations[pair[0]].name if pair[0] else "~",
        ):
            organisation = organisations.get(org_id)
            item = PlannedReminder(
                meeting=meeting,
                meeting_date=meeting_date,
                tertial=tertial,
                organisation=organisation,
                rows=rows,
            )
            if organisation is None:
                item.outcome = Outcome.NO_PARTNER
            elif org_id in already:
                item.outcome = Outcome.ALREADY_SENT
            else:
                item.recipients = recipients_for(
                    meeting.plan,
                    organisation,
                    on=today,
                    activity_ids={row.criterion.activity_id for row in rows},
                )
                if not item.recipients:
                    item.outcome = Outcome.NO_ADDRESS
            items.append(item)
    return items


def registration_link(plan: Plan) -> str:
    return settings.HELHEDSPLAN_BASE_URL.rstrip("/") + reverse(
        "registrations:index", args=[plan.slug]
    )


def render_reminder(item: PlannedReminder) -> tuple[str, str]:
    """The Danish subject and body of one reminder."""
    plan = item.meeting.plan
    context = {
        "plan": plan,
        "meeting": item.meeting,
        "meeting_date": item.meeting_date,
        "tertial": item.tertial,
        "organisation": item.organisation,
        "rows": item.rows,
        "lines": item.lines(),
        "link": registration_link(plan),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("governance/email/reminder_subject.txt", context)
        body = render_to_string("governance/email/reminder.txt", context)
    return " ".join(subject.split()), body


def send_reminders(
    *, today: datetime.date, days: int, plan: Plan | None = None, dry_run: bool = False
) -> ReminderRun:
    """Send (or, with dry_run, only plan) the reminders due today; each is recorded once."""
    run = ReminderRun(items=plan_reminders(today=today, days=days, plan=plan), dry_run=dry_run)
    if dry_run:
        return run
    for item in run.items:
        if item.outcome == Outcome.SEND:
            send_one(item)
    return run


def send_one(item: PlannedReminder) -> None:
    """Send one planned reminder and record it; the outcome is set on the item."""
    subject, body = render_reminder(item)
    try:
        # The row is written first and rolled back if the mail cannot be sent, so a failed
        # mail is tried again the next day, and two parallel runs cannot both send it.
        with transaction.atomic():
            Reminder.objects.create(
                meeting=item.meeting,
                organisation=item.organisation,
                recipients=", ".join(item.recipients),
                criteria=item.criteria_json(),
            )
            send_mail(
                subject, body, settings.DEFAULT_FROM_EMAIL, item.recipients, fail_silently=False
            )
    except IntegrityError:
        item.outcome = Outcome.ALREADY_SENT
    except (OSError, smtplib.SMTPException) as error:
        item.outcome = Outcome.FAILED
        item.error = str(error)

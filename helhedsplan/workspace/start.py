"""What each role's start page shows, gathered from the domain apps.

The rules are the apps' own: the tertial a steering-group meeting follows up and the reminders
come from governance/reminders.py, what is missing from progress/services.py, overdue
milestones from progress/milestones.py, the beredskab's readiness from preparedness. This module
only picks and arranges them for one person.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from helhedsplan.accounts.access import PlanAccess, plans_for_user
from helhedsplan.accounts.models import Role
from helhedsplan.core.periods import Period, all_tertials, plan_years, tertial_of
from helhedsplan.documents.kinds import ReportKind
from helhedsplan.governance.agenda import attached_report
from helhedsplan.governance.models import ChangeRequest, Meeting, Recommendation, Reminder
from helhedsplan.governance.reminders import (
    Outcome,
    PlannedReminder,
    coming_meetings,
    followed_up_tertial,
    plan_reminders,
    send_one,
)
from helhedsplan.plans.models import Activity, Body, FocusArea, Plan
from helhedsplan.preparedness.services import readiness
from helhedsplan.progress.milestones import overdue as overdue_milestones
from helhedsplan.progress.services import CriterionProgress, missing_data
from helhedsplan.registerdata.services import LatestStanding, latest_standing
from helhedsplan.registrations.models import Registration
from helhedsplan.workspace.charts import StatusChart, status_chart
from helhedsplan.workspace.freshness import cached_plan_progress
from helhedsplan.workspace.models import StartPlan

# How far ahead the "next" steering-group meeting is looked for: any planned meeting counts.
LOOKAHEAD_DAYS = 3 * 366
# Whose meetings a reading role follows (the kind of body, governance's Body.Kind).
BODY_KINDS = {
    Role.STYREGRUPPE: [Body.Kind.STEERING_GROUP],
    Role.BESTYRELSE: [Body.Kind.BOARD],
    Role.LAESER: [Body.Kind.BOARD, Body.Kind.POLITICAL_GROUP],
}
# The bodies by name in the start page's sentences ("Næste møde i bestyrelsen").
BODY_NAMES = {
    Body.Kind.STEERING_GROUP: "styregruppen",
    Body.Kind.BOARD: "bestyrelsen",
    Body.Kind.POLITICAL_GROUP: "den politiske følgegruppe",
}
LATEST_REGISTRATIONS = 10
COMING_MEETINGS = 5
LATEST_TERTIAL_REPORTS = 3
SHOWN_MILESTONES = 5


# --- Which plan `/` shows -------------------------------------------------------------------


def remember(user, plan: Plan) -> None:
    StartPlan.objects.update_or_create(user=user, defaults={"plan": plan})


def current_plan(user, plans: list[Plan]) -> Plan | None:
    """The remembered plan if the user still has access to it, else the only plan, else None
    (the user must choose)."""
    remembered = StartPlan.objects.filter(user=user).values_list("plan_id", flat=True).first()
    chosen = next((plan for plan in plans if plan.id == remembered), None)
    if chosen is None and len(plans) == 1:
        chosen = plans[0]
    return chosen


def plan_choices(user) -> list[tuple[Plan, str]]:
    """The user's plans with the user's role in each, newest plan first (one query)."""
    plans = plans_for_user(user).order_by("-start", "name")
    if user.is_superuser:
        return [(plan, Role.SEKRETARIAT.label) for plan in plans]
    roles = {
        plan_id: Role(name).label if name in Role.values else name
        for plan_id, name in user.plan_memberships.values_list("plan_id", "group__name")
    }
    return [(plan, roles.get(plan.id, "")) for plan in plans]


# --- Shared pieces --------------------------------------------------------------------------


def days_text(days: int) -> str:
    if days == 0:
        return "i dag"
    if days == 1:
        return "i morgen"
    return f"om {days} dage"


def within_plan(plan: Plan, day: datetime.date) -> datetime.date:
    """The day progress is computed at: today, held within the plan's period (as the dashboard)."""
    return min(max(day, plan.start), plan.end)


def _start_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


@dataclass
class NextMeeting:
    meeting: Meeting
    date: datetime.date
    days_left: int
    # The tertial a steering-group meeting follows up (None for other bodies, or outside the plan).
    tertial: Period | None = None

    @property
    def days_text(self) -> str:
        return days_text(self.days_left)


def next_steering_meeting(plan: Plan, today: datetime.date) -> NextMeeting | None:
    """The plan's next proposed or planned steering-group meeting, as the reminders see it."""
    meeting = coming_meetings(today=today, days=LOOKAHEAD_DAYS, plan=plan).first()
    if meeting is None:
        return None
    day = timezone.localtime(meeting.starts_at).date()
    return NextMeeting(meeting, day, (day - today).days, followed_up_tertial(plan, day))


def deliverer_id(row: CriterionProgress) -> int | None:
    organisation = row.criterion.deliverer
    return organisation.id if organisation else None


# --- Partner --------------------------------------------------------------------------------


@dataclass
class PartnerStart:
    organisation_name: str
    next_meeting: NextMeeting | None
    tertial: Period | None
    activities: list[tuple[Activity, list[CriterionProgress]]]
    missing_count: int
    registrations: list[Registration]
    no_organisation: bool = False


def partner_start(access: PlanAccess, user, today: datetime.date) -> PartnerStart:
    plan = access.plan
    organisation = (
        plan.organisations.filter(pk=access.organisation_id).first()
        if access.organisation_id
        else None
    )
    registrations = list(
        Registration.objects.visible_to(access)
        .filter(registered_by=user)
        .select_related("activity")
        .order_by("-created_at", "-id")[:LATEST_REGISTRATIONS]
    )
    next_meeting = next_steering_meeting(plan, today)
    if organisation is None:
        # Without an organisation the partner delivers for nothing; the secretariat must fix it.
        return PartnerStart("", next_meeting, None, [], 0, registrations, no_organisation=True)
    if next_meeting:
        tertial = next_meeting.tertial
        as_of = min(next_meeting.date, today)
    else:
        as_of = within_plan(plan, today)
        tertial = tertial_of(as_of, plan.start, plan.end)
    lacking: dict[int, list[CriterionProgress]] = {}
    if tertial is not None:
        for _, rows in missing_data(cached_plan_progress(plan, as_of), tertial):
            for row in rows:
                if deliverer_id(row) == organisation.id:
                    lacking.setdefault(row.criterion.activity_id, []).append(row)
    activities = (
        Activity.objects.filter(id__in=access.activity_ids())
        .select_related("focus_area")
        .order_by("focus_area__number", "number")
    )
    return PartnerStart(
        organisation_name=organisation.name,
        next_meeting=next_meeting,
        tertial=tertial,
        activities=[(activity, lacking.get(activity.id, [])) for activity in activities],
        missing_count=sum(len(rows) for rows in lacking.values()),
        registrations=registrations,
    )


# --- Secretariat and staff ------------------------------------------------------------------


@dataclass
class PartnerReminderRow:
    item: PlannedReminder
    sent_at: datetime.datetime | None = None

    @property
    def count(self) -> int:
        return len(self.item.rows)


@dataclass
class StaffStart:
    as_of: datetime.date
    tertial: Period | None
    chart: StatusChart
    next_meeting: NextMeeting | None
    reminders: list[PartnerReminderRow]
    meetings: list[Meeting]
    overdue: list
    overdue_count: int
    # None: not shown (only the secretariat sees the beredskab); []: ready.
    preparedness_gaps: list | None = None


def reminders_for(plan: Plan, next_meeting: NextMeeting, today: datetime.date):
    """The reminders governance would plan for the next meeting: one per partner lacking data."""
    return [
        item
        for item in plan_reminders(today=today, days=next_meeting.days_left, plan=plan)
        if item.meeting.pk == next_meeting.meeting.pk
    ]


def staff_start(access: PlanAccess, today: datetime.date) -> StaffStart:
    plan = access.plan
    as_of = within_plan(plan, today)
    progress = cached_plan_progress(plan, as_of)
    chart = status_chart(FocusArea.objects.for_plan(plan).order_by("number"), progress.criteria)
    next_meeting = next_steering_meeting(plan, today)
    rows: list[PartnerReminderRow] = []
    if next_meeting and next_meeting.tertial:
        sent = dict(
            Reminder.objects.filter(meeting=next_meeting.meeting).values_list(
                "organisation_id", "sent_at"
            )
        )
        rows = [
            PartnerReminderRow(item, sent.get(item.organisation.id) if item.organisation else None)
            for item in reminders_for(plan, next_meeting, today)
        ]
    meetings = list(
        Meeting.objects.filter(plan=plan, starts_at__gte=_start_of(today))
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
        .order_by("starts_at", "pk")[:COMING_MEETINGS]
    )
    overdue = overdue_milestones(plan, as_of)
    return StaffStart(
        as_of=as_of,
        tertial=tertial_of(as_of, plan.start, plan.end),
        chart=chart,
        next_meeting=next_meeting,
        reminders=rows,
        meetings=meetings,
        overdue=list(overdue[:SHOWN_MILESTONES]),
        overdue_count=overdue.count(),
        # The beredskab must be ready on any day, so its gaps are counted as of today.
        preparedness_gaps=readiness(plan, today) if access.is_secretariat else None,
    )


@dataclass
class ReminderResult:
    outcome: str  # an Outcome, or "not_next" / "nothing_missing"
    item: PlannedReminder | None = None
    sent_at: datetime.datetime | None = None


def send_partner_reminder(
    *, plan: Plan, meeting_id: int, organisation_id: int, today: datetime.date
) -> ReminderResult:
    """Send one partner its reminder for the next steering-group meeting, now, and record it.

    The same reminder the daily `send-reminders` run would send (governance's planning and
    text), recorded in the same Reminder row, so the partner is reminded once per meeting
    whichever way it was sent.
    """
    next_meeting = next_steering_meeting(plan, today)
    if next_meeting is None or next_meeting.meeting.pk != meeting_id:
        return ReminderResult("not_next")
    item = next(
        (
            item
            for item in reminders_for(plan, next_meeting, today)
            if item.organisation and item.organisation.id == organisation_id
        ),
        None,
    )
    if item is None:
        return ReminderResult("nothing_missing")
    if item.outcome == Outcome.SEND:
        send_one(item)
    sent_at = None
    if item.outcome == Outcome.ALREADY_SENT:
        sent_at = (
            Reminder.objects.filter(meeting=item.meeting, organisation=item.organisation)
            .values_list("sent_at", flat=True)
            .first()
        )
    return ReminderResult(item.outcome, item, sent_at)


# --- Steering group, board and readers ------------------------------------------------------


@dataclass
class ReportLink:
    kind: str
    label: str
    period: str


@dataclass
class BodyStart:
    body_label: str
    next_meeting: NextMeeting | None
    agenda: list
    report: ReportLink | None
    reports: list[ReportLink]
    recommendations: list[Recommendation]
    change_requests: list[ChangeRequest]
    register: LatestStanding | None = None  # the areas' lists in the newest register data


def _report_link(kind: str, period: str) -> ReportLink:
    label = ReportKind(kind).label if kind in ReportKind.values else kind
    return ReportLink(kind, label, period)


def latest_reports(plan: Plan, today: datetime.date) -> list[ReportLink]:
    """The fremdriftsrapport of the last ended tertials and the årsrapport of the last ended
    plan year, newest first."""
    tertials = [t for t in all_tertials(plan.start, plan.end) if t.end < today]
    years = [y for y in plan_years(plan.start, plan.end) if y.end < today]
    links = [
        _report_link(ReportKind.FREMDRIFT, t.label)
        for t in tertials[-LATEST_TERTIAL_REPORTS:][::-1]
    ]
    if years:
        links.append(_report_link(ReportKind.AARSRAPPORT, years[-1].label))
    return links


def body_start(access: PlanAccess, today: datetime.date) -> BodyStart:
    plan = access.plan
    kinds = BODY_KINDS.get(access.role, [])
    meeting = (
        Meeting.objects.filter(plan=plan, body__kind__in=kinds, starts_at__gte=_start_of(today))
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body", "plan")
        .order_by("starts_at", "pk")
        .first()
    )
    next_meeting = agenda = report = None
    if meeting is not None:
        day = timezone.localtime(meeting.starts_at).date()
        next_meeting = NextMeeting(meeting, day, (day - today).days)
        agenda = list(meeting.agenda_items.all())
        # The report fixed on the meeting, else the one its body gets by the kommissorium.
        found = (
            (meeting.report_kind, meeting.report_period)
            if meeting.report_kind and meeting.report_period
            else attached_report(meeting)
        )
        report = _report_link(*found) if found else None
    return BodyStart(
        body_label=" eller ".join(BODY_NAMES[kind] for kind in kinds),
        next_meeting=next_meeting,
        agenda=agenda or [],
        report=report,
        reports=latest_reports(plan, today),
        recommendations=list(
            Recommendation.objects.filter(plan=plan, status=Recommendation.Status.FORWARDED)
            .select_related("board_meeting__body")
            .order_by("board_meeting__starts_at", "pk")
        ),
        change_requests=list(
            ChangeRequest.objects.filter(plan=plan, status=ChangeRequest.Status.PROPOSED).order_by(
                "created_at", "pk"
            )
        ),
        register=latest_standing(plan),
    )

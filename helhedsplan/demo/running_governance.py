"""The running demo plan's governance (helhedsplan.demo.running): the meetings of every plan year
so far, held or planned, with minutes and the bodies' decisions; the demo users' seats in the
bodies; the tertials approved; and the steering group's recommendations to the board."""

from __future__ import annotations

import datetime
import random
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.utils import timezone

from helhedsplan.accounts.models import Role
from helhedsplan.core.periods import all_tertials, plan_years
from helhedsplan.demo.marks import DEMO_MARK
from helhedsplan.demo.users import DEMO_PARTNER_ORGANISATION
from helhedsplan.governance.agenda import FIXED_ITEMS
from helhedsplan.governance.calendar import main_steering_group, propose_year, save_proposals
from helhedsplan.governance.models import Decision, Meeting, Recommendation
from helhedsplan.governance.reminders import followed_up_tertial
from helhedsplan.plans.models import Body, Plan
from helhedsplan.progress.services import plan_progress
from helhedsplan.registrations.models import TertialApproval

if TYPE_CHECKING:
    from helhedsplan.demo.running import RunningDemo

MEETING_PLACE = "Bysekretariatet, Nordbyens beboerhus"
DEMO_TEXT = f"Demodata {DEMO_MARK}"


# --- meetings ---------------------------------------------------------------------------------


def calendar(plan: Plan, today: datetime.date, result: RunningDemo) -> None:
    """Every plan year's meetings from the start to the year after today's, as `calendar --save`
    saves them; then held before today and planned for each body's next one."""
    years = plan_years(plan.start, plan.end)
    current = next(i for i, year in enumerate(years) if year.contains(today))
    for year in years[: current + 2]:
        save_proposals(plan, year, propose_year(plan, year))
    start_of_today = datetime.datetime.combine(
        today, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    meetings = list(Meeting.objects.filter(plan=plan).select_related("body", "plan"))
    next_of_body: dict[int, Meeting] = {}
    held: list[Meeting] = []
    for meeting in sorted(meetings, key=lambda m: (m.starts_at, m.pk)):
        if meeting.starts_at < start_of_today:
            meeting.status = Meeting.Status.HELD
            meeting.location = MEETING_PLACE
            meeting.minutes = _minutes(meeting)
            held.append(meeting)
            result.meetings_held += 1
        else:
            result.meetings_ahead += 1
            if meeting.body_id not in next_of_body:
                next_of_body[meeting.body_id] = meeting
                meeting.status = Meeting.Status.PLANNED
                meeting.location = MEETING_PLACE
    # The fixed agenda items and the report came with each meeting (Meeting.save).
    Meeting.objects.bulk_update(meetings, ["status", "location", "minutes"])
    # Each held meeting that follows up on a report took note of it; the board's decisions on
    # the steering group's recommendations come on top (recommendations).
    Decision.objects.bulk_create(
        Decision(
            meeting=meeting,
            text=f"{meeting.body.name} tog {_report_noun(meeting)} til efterretning. {DEMO_MARK}",
            consensus=True,
        )
        for meeting in held
        if meeting.report_kind
    )
    steering = main_steering_group(list(Body.objects.filter(plan=plan).order_by("order", "id")))
    result.next_steering_meeting = next_of_body.get(steering.id) if steering else None


def _report_noun(meeting: Meeting) -> str:
    """«fremdriftsrapporten for 2026/27-T1»: the report's label with the definite article."""
    kind = meeting.report_label.removesuffix(meeting.report_period).strip().lower()
    return f"{kind}en for {meeting.report_period}"


def _minutes(meeting: Meeting) -> str:
    items = FIXED_ITEMS.get(meeting.body.kind, [])
    text = "Mødet blev holdt som planlagt. "
    if items:
        text += f"Dagsordenens faste punkter blev behandlet: {', '.join(items)}. "
    else:
        text += "Punkterne på dagsordenen blev drøftet. "
    if meeting.report_kind:
        text += f"{meeting.body.name} gennemgik {_report_noun(meeting)}. "
    return text + DEMO_MARK


def seats(plan: Plan) -> None:
    """The demo users who sit in a body are its members (Membership.user), so the meeting list
    shows their own bodies first: `bestyrelse` on the board, `styregruppe` and the demo
    partner's `partner` in the steering group."""
    users = {
        user.username: user
        for user in get_user_model().objects.filter(
            username__in=[Role.BESTYRELSE, Role.STYREGRUPPE, Role.PARTNER]
        )
    }
    bodies = list(Body.objects.filter(plan=plan).order_by("order", "id"))
    steering = main_steering_group(bodies)
    board = next((body for body in bodies if body.kind == Body.Kind.BOARD), None)
    seats = [(Role.BESTYRELSE, board, None), (Role.STYREGRUPPE, steering, None)]
    seats.append((Role.PARTNER, steering, DEMO_PARTNER_ORGANISATION))
    for username, body, organisation in seats:
        user = users.get(username)
        if user is None or body is None:  # pragma: no cover - made by running._demo_users
            continue
        members = body.members.filter(user__isnull=True).order_by("order", "id")
        if organisation:
            members = members.filter(organisation__key=organisation)
        member = members.first()
        if member is not None:
            member.user = user
            member.save(update_fields=["user"])


# --- tertials ---------------------------------------------------------------------------------


def approvals(plan: Plan, today: datetime.date, result: RunningDemo) -> None:
    """Every ended tertial approved and locked after its steering-group meeting, except the
    newest: its meeting is held, and the secretariat has yet to approve it."""
    ended = [t for t in all_tertials(plan.start, plan.end) if t.end < today]
    TertialApproval.objects.bulk_create(
        TertialApproval(plan=plan, tertial=t.label, approved=True, note=DEMO_TEXT)
        for t in ended[:-1]
    )
    result.approved = [t.label for t in ended[:-1]]
    result.awaiting_approval = ended[-1].label


# --- recommendations --------------------------------------------------------------------------


def recommendations(plan: Plan, today: datetime.date, seed: int, result: RunningDemo) -> None:
    """After each held steering-group meeting that a held board meeting follows (before the
    group meets again), the board has decided the group's recommendation. The newest held
    steering-group meeting's recommendation awaits the board's next meeting."""
    meetings = list(
        Meeting.objects.filter(plan=plan).select_related("body").order_by("starts_at", "pk")
    )
    steering = main_steering_group([m.body for m in meetings])
    steering_meetings = [m for m in meetings if m.body == steering]
    held = [m for m in steering_meetings if m.status == Meeting.Status.HELD]
    if not held:
        return
    boards = [m for m in meetings if m.body.kind == Body.Kind.BOARD]
    for meeting in held[:-1]:
        following = next((m for m in steering_meetings if m.starts_at > meeting.starts_at), None)
        board = next(
            (
                b
                for b in boards
                if meeting.starts_at < b.starts_at
                and (following is None or b.starts_at < following.starts_at)
            ),
            None,
        )
        if board is None or board.status != Meeting.Status.HELD:
            continue
        tertial = _tertial_label(plan, meeting)
        decision = Decision.objects.create(
            meeting=board,
            text=f"Bestyrelsen tog fremdriftsrapporten for {tertial} til efterretning. {DEMO_MARK}",
            consensus=True,
        )
        Recommendation.objects.create(
            plan=plan,
            from_meeting=meeting,
            title=f"Fremdriftsrapporten for {tertial}",
            text=(
                f"Styregruppen indstiller, at bestyrelsen tager fremdriftsrapporten for {tertial} "
                f"til efterretning. {DEMO_MARK}"
            ),
            status=Recommendation.Status.DECIDED,
            board_meeting=board,
            decision=decision,
        )
    last = held[-1]
    board = next((b for b in boards if b.status != Meeting.Status.HELD), None)
    postponed = [
        b for b in boards if last.starts_at < b.starts_at and b.status == Meeting.Status.HELD
    ]
    # Which activity: one behind when the group met, drawn with the seed.
    behind = sorted(
        {
            (row.criterion.activity.focus_area.number, row.criterion.activity.number): row
            for row in plan_progress(plan, timezone.localtime(last.starts_at).date()).criteria
            if row.status == "behind"
        }.items()
    )
    rng = random.Random(f"{seed}:recommendations:{plan.slug}")
    activity = rng.choice(behind)[1].criterion.activity if behind else None
    about = f"aktiviteten «{activity.name}»" if activity else "planens aktiviteter"
    text = (
        f"Styregruppen indstiller, at bestyrelsen godkender en justering af {about}, som er "
        "bagud: flere rekrutteringsmøder i boligområderne i samarbejde med partnerne, inden for "
        "delaftalens budget."
    )
    if postponed:
        text += (
            f" Bestyrelsen udsatte sagen på sit møde {_date(postponed[-1])} til det næste møde, "
            "så partnernes forslag kan ligge med."
        )
    result.pending = Recommendation.objects.create(
        plan=plan,
        from_meeting=last,
        title=f"Justering af {about}",
        text=f"{text} {DEMO_MARK}",
        status=Recommendation.Status.FORWARDED if board else Recommendation.Status.PROPOSED,
        board_meeting=board,
    )


def _date(meeting: Meeting) -> str:
    day = timezone.localtime(meeting.starts_at).date()
    return f"{day.day}.{day.month}.{day.year}"


def _tertial_label(plan: Plan, meeting: Meeting) -> str:
    tertial = followed_up_tertial(plan, timezone.localtime(meeting.starts_at).date())
    return tertial.label if tertial else "tertialet"

"""A second demo plan that runs today, so a newcomer sees a plan at work and not a finished one.

The Randers Nordby plan of the seed ended on 31 May 2021. `helhedsplan demo-running SLUG` makes
its successor with the app's own copy (planning.creation, the "Ny plan som afløser" path), puts
it in force and fills it up to today with what a secretariat has in the middle of a plan:

* demo data up to today, by the same machinery as `demo-data` (helhedsplan.demo.services);
* the meeting calendar of every plan year so far and the next one (governance.calendar, what
  `calendar --save` saves), each with its fixed agenda items and the report it follows up on;
  meetings before today are held, with minutes and the body's decision on that report, and the
  next meeting of each body is planned;
* every ended tertial approved and locked except the newest, which awaits approval;
* the steering group's recommendations to the board: decided where the board has met, and the
  newest still awaiting the board's next meeting;
* the demo partner's newest registrations not in yet for the tertial the next steering-group
  meeting follows up, so its start page has something under "mangler data";
* the demo users (the `demo-users` command's) with their roles in it, landing on it at `/`;
  `bestyrelse` is a member of the board, `styregruppe` and `partner` of the steering group.

Which 1 June the plan starts on: the 1 June before today, unless the plan's first tertial has not
ended by today (June to September of its first year). Then it starts a year earlier: in the
first tertial of a plan nothing has ended, so no tertial could await approval and the steering
group could have nothing to recommend on. For today 2026-12-07 the plan runs 2026-06-01 to
2030-05-31; for 2027-06-01 it runs from 2026-06-01 (its second year); for 2026-09-30 from
2025-06-01.

Everything is deterministic apart from today (the seed fixes the rest), and everything is marked
as demo: the plan by a DemoPlan row and "(demo)" in its name, the rows by is_demo or
"(demodata)" in their text. A new run replaces the running demo plans made from the same source
plan; no other plan is ever deleted.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from helhedsplan.accounts.models import PlanMembership, Role
from helhedsplan.accounts.services import DEMO_PARTNER_ORGANISATION, create_demo_users
from helhedsplan.core.periods import Period, all_tertials, plan_years
from helhedsplan.demo.marks import DEMO_MARK
from helhedsplan.demo.models import DemoPlan
from helhedsplan.demo.services import delete_demo_data, generate_demo_data
from helhedsplan.economy.models import Expense, StaffHours
from helhedsplan.governance.agenda import FIXED_ITEMS
from helhedsplan.governance.calendar import main_steering_group, propose_year, save_proposals
from helhedsplan.governance.models import ChangeRequest, Decision, Meeting, Recommendation
from helhedsplan.governance.reminders import followed_up_tertial
from helhedsplan.planning.creation import (
    create_plan,
    mark_in_force,
    period_label,
    plan_end,
    successor_name,
    successor_text,
)
from helhedsplan.plans.models import Body, Plan
from helhedsplan.progress.services import plan_progress
from helhedsplan.registrations.models import (
    Assessment,
    Measurement,
    Participant,
    Registration,
    RegistrationParticipant,
    TertialApproval,
)
from helhedsplan.workspace.start import remember

NAME_MARK = " (demo)"
DEMO_TEXT = f"Demodata {DEMO_MARK}"
# The board decides on the plan about three months before it starts, Landsbyggefonden about
# two months before (as a plan is prepared in the spring before its first 1 June).
BOARD_APPROVAL_BEFORE = datetime.timedelta(days=84)
LBF_APPROVAL_BEFORE = datetime.timedelta(days=49)
MEETING_PLACE = "Bysekretariatet, Nordbyens beboerhus"
DEMO_PARTNER_EMAIL = "partner@demo.invalid"
REGISTERED_AT = datetime.time(15, 0)


class RunningDemoError(ValueError):
    """The running demo plan cannot be made as asked; the message is Danish and for a person."""


@dataclass
class RunningDemo:
    plan: Plan
    today: datetime.date
    replaced: list[str]
    users: list[tuple[str, str]]
    counts: dict[str, int]
    meetings_held: int = 0
    meetings_ahead: int = 0
    approved: list[str] = field(default_factory=list)
    awaiting_approval: str = ""
    next_steering_meeting: Meeting | None = None
    pending: Recommendation | None = None
    held_back: int = 0


def running_start(today: datetime.date) -> datetime.date:
    """The 1 June the running demo plan starts on (the rule in the module's docstring)."""
    year = today.year if (today.month, today.day) >= (6, 1) else today.year - 1
    start = datetime.date(year, 6, 1)
    first_tertial = all_tertials(start, plan_end(start))[0]
    if today <= first_tertial.end:
        start = start.replace(year=start.year - 1)
    return start


def running_slug(source: Plan, start: datetime.date) -> str:
    """The source's short name with the new years ("randers-nordby-2017-21" -> "...-2026-30")."""
    old = f"-{period_label(source.start, source.end)}"
    base = source.slug[: -len(old)] if source.slug.endswith(old) else source.slug
    return f"{base}-{period_label(start, plan_end(start))}"


def running_demos(source: Plan):
    return Plan.objects.filter(demo_mark__source=source)


def delete_running_demo(plan: Plan) -> None:
    """Delete a plan the demo made, whole (never any other plan). Rows that point at the plan's
    structure are protected from going with it one by one, so they go first, each before what
    it refers to; the demo rows take their history with them (delete_demo_data)."""
    if not DemoPlan.objects.filter(plan=plan).exists():  # pragma: no cover - callers check
        raise RunningDemoError(f"Planen «{plan.slug}» er ikke lavet af demoen og slettes ikke.")
    delete_demo_data(plan=plan)
    # Whatever someone added while trying the demo plan out goes with it.
    ChangeRequest.objects.filter(plan=plan).delete()
    Recommendation.objects.filter(plan=plan).delete()
    Decision.objects.filter(meeting__plan=plan).delete()
    Meeting.objects.filter(plan=plan).delete()
    RegistrationParticipant.objects.filter(registration__plan=plan).delete()
    for model in (Registration, Participant, Measurement, Assessment, Expense, StaffHours):
        model.objects.filter(plan=plan).delete()
    plan.delete()


def _weekday_before(day: datetime.date, before: datetime.timedelta, weekday: int) -> datetime.date:
    moved = day - before
    return moved - datetime.timedelta(days=(moved.weekday() - weekday) % 7)


@transaction.atomic
def make_running_demo(
    *, source: Plan, today: datetime.date, seed: int = 1, password: str = "demo"
) -> RunningDemo:
    """Make (or make again) the running demo plan of `source` as of `today`; all or nothing."""
    start = running_start(today)
    if start <= source.end:
        raise RunningDemoError(
            f"Med dagen {today:%d.%m.%Y} skulle den kørende demoplan begynde "
            f"{start:%d.%m.%Y}, men {source.name} løber til {source.end:%d.%m.%Y}. "
            "Vælg en dag, hvor afløseren kan være i gang."
        )
    slug = running_slug(source, start)
    taken = Plan.objects.filter(slug=slug).exclude(demo_mark__isnull=False).first()
    if taken is not None:
        raise RunningDemoError(
            f"Der findes allerede en plan med det korte navn «{slug}», som ikke er lavet af "
            "demoen. Den røres ikke; den kørende demoplan er ikke lavet."
        )
    replaced = []
    for old in running_demos(source).order_by("start"):
        replaced.append(old.slug)
        delete_running_demo(old)
    stale = Plan.objects.filter(slug=slug).first()  # a demo plan made from another source
    if stale is not None:
        replaced.append(stale.slug)
        delete_running_demo(stale)

    # The app's own copy, as "Ny plan som afløser" makes it; the name says it is invented.
    name = successor_name(source, start) + NAME_MARK
    text = successor_text(source, slug=slug, name=name, start=start)
    plan = create_plan(
        text=text, source_name=f"kopi af {source.slug} (demo)", member_details_from=source
    )
    DemoPlan.objects.create(plan=plan, source=source, today=today, seed=seed)
    mark_in_force(
        plan,
        board_approved_on=_weekday_before(start, BOARD_APPROVAL_BEFORE, 2),
        lbf_approved_on=_weekday_before(start, LBF_APPROVAL_BEFORE, 1),
        today=today,
    )

    users = _demo_users(plan, password)
    for user in get_user_model().objects.filter(username__in=[name for name, _ in users]):
        remember(user, plan)

    counts = generate_demo_data(plan=plan, seed=seed, until=today, today=today)
    result = RunningDemo(plan=plan, today=today, replaced=replaced, users=users, counts=counts)
    _calendar(plan, today, result)
    _approvals(plan, today, result)
    _recommendations(plan, today, seed, result)
    _not_in_yet(plan, today, result)
    _partner_user(plan)
    _seats(plan)
    return result


def _demo_users(plan: Plan, password: str) -> list[tuple[str, str]]:
    """The demo users of `demo-users`, with the same roles in the new plan. When they all exist
    already (`make demo` makes them first) only the roles are added: hashing six passwords again
    would cost seconds and change nothing."""
    found = {
        user.username: user for user in get_user_model().objects.filter(username__in=Role.values)
    }
    if len(found) < len(Role.values):
        return create_demo_users(plan=plan, password=password)
    partner = plan.organisations.filter(key=DEMO_PARTNER_ORGANISATION).first()
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        PlanMembership.objects.update_or_create(
            user=found[role.value],
            plan=plan,
            defaults={
                "group": group,
                "organisation": partner if role == Role.PARTNER else plan.secretariat,
            },
        )
    return [(role.value, role.label) for role in Role]


# --- meetings ---------------------------------------------------------------------------------


def _calendar(plan: Plan, today: datetime.date, result: RunningDemo) -> None:
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
    # the steering group's recommendations come on top (_recommendations).
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


def _seats(plan: Plan) -> None:
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
        if user is None or body is None:  # pragma: no cover - made by _demo_users, in the file
            continue
        members = body.members.filter(user__isnull=True).order_by("order", "id")
        if organisation:
            members = members.filter(organisation__key=organisation)
        member = members.first()
        if member is not None:
            member.user = user
            member.save(update_fields=["user"])


# --- tertials ---------------------------------------------------------------------------------


def _approvals(plan: Plan, today: datetime.date, result: RunningDemo) -> None:
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


def _recommendations(plan: Plan, today: datetime.date, seed: int, result: RunningDemo) -> None:
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


# --- what the partners have not delivered yet -------------------------------------------------


def _not_in_yet(plan: Plan, today: datetime.date, result: RunningDemo) -> None:
    """The demo partner (the `partner` user's organisation) has not yet registered its
    deliveries in the tertial the next steering-group meeting follows up: partners register in
    the weeks before the meeting, so before it something is missing, on the partner's start
    page, the secretariat's list of partners to remind and "Mangler data"."""
    meeting = result.next_steering_meeting
    if meeting is None:
        return
    tertial: Period | None = followed_up_tertial(plan, timezone.localtime(meeting.starts_at).date())
    if tertial is None:
        return
    organisation = plan.organisations.filter(key=DEMO_PARTNER_ORGANISATION).first()
    if organisation is None:
        return
    criteria = [
        criterion
        for criterion in plan.success_criteria.select_related(
            "activity__responsible_organisation", "responsible_organisation"
        ).order_by("activity__focus_area__number", "activity__number", "order", "key")
        if criterion.kind != "qualitative"
        and (found := criterion.deliverer) is not None
        and found.id == organisation.id
    ]
    rows = Registration.objects.filter(
        plan=plan, is_demo=True, criteria__in=criteria, date__gte=tertial.start, date__lte=today
    )
    codes = set(
        RegistrationParticipant.objects.filter(registration__in=rows).values_list(
            "participant_id", flat=True
        )
    )
    result.held_back = rows.count()
    RegistrationParticipant.objects.filter(registration__in=rows).delete()
    rows.delete()
    # Demo rows leave no history (demo.registrations), and no pseudonym stays without a row.
    Registration.history.filter(plan_id=plan.id, is_demo=True).delete()
    Participant.objects.filter(id__in=codes, links__isnull=True).delete()


def _partner_user(plan: Plan) -> None:
    """The demo partner's organisation's demo registrations are the `partner` user's, so its
    start page lists "Dine seneste registreringer"; and the user gets an address that can never
    be delivered to (RFC 2606 reserves .invalid), so "Send påmindelse" can be tried: in
    development the e-mail is printed on the console."""
    user = get_user_model().objects.filter(username=Role.PARTNER.value).first()
    if user is None:  # pragma: no cover - made by _demo_users
        return
    rows = list(
        Registration.objects.filter(
            plan=plan, is_demo=True, organisation__key=DEMO_PARTNER_ORGANISATION
        )
    )
    # Registered in the afternoon of the delivery, not all at the moment the demo was made, so
    # "nyeste først" lists the newest deliveries first; never later than now.
    now, zone = timezone.now(), timezone.get_current_timezone()
    for row in rows:
        row.registered_by = user
        row.created_at = datetime.datetime.combine(row.date, REGISTERED_AT, tzinfo=zone)
        if row.date == timezone.localdate():
            row.created_at = min(row.created_at, now)
    Registration.objects.bulk_update(rows, ["registered_by", "created_at"])
    if not user.email:
        user.email = DEMO_PARTNER_EMAIL
        user.save(update_fields=["email"])

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

The meetings, seats, approvals and recommendations are made by helhedsplan.demo.running_governance.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from helhedsplan.accounts.models import PlanMembership, Role
from helhedsplan.core import formats
from helhedsplan.core.periods import Period, all_tertials
from helhedsplan.demo import running_governance
from helhedsplan.demo.models import DemoPlan
from helhedsplan.demo.services import delete_demo_data, generate_demo_data
from helhedsplan.demo.users import DEMO_PARTNER_ORGANISATION, create_demo_users
from helhedsplan.economy.models import Expense, StaffHours
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
from helhedsplan.plans.models import Plan
from helhedsplan.registrations.models import (
    Assessment,
    Measurement,
    Participant,
    Registration,
    RegistrationParticipant,
)
from helhedsplan.workspace.start import remember

NAME_MARK = " (demo)"
# The board decides on the plan about three months before it starts, Landsbyggefonden about
# two months before (as a plan is prepared in the spring before its first 1 June).
BOARD_APPROVAL_BEFORE = datetime.timedelta(days=84)
LBF_APPROVAL_BEFORE = datetime.timedelta(days=49)
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
            f"Med dagen {formats.date_short(today)} skulle den kørende demoplan begynde "
            f"{formats.date_short(start)}, men {source.name} løber til "
            f"{formats.date_short(source.end)}. "
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
    running_governance.calendar(plan, today, result)
    running_governance.approvals(plan, today, result)
    running_governance.recommendations(plan, today, seed, result)
    _not_in_yet(plan, today, result)
    _partner_user(plan)
    running_governance.seats(plan)
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

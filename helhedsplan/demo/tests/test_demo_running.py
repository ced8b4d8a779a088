"""`helhedsplan demo-running SLUG [--today YYYY-MM-DD]`: the successor of the seed's plan, running
on the demo's today, as `make demo` sets it up."""

import datetime
import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.formats import date_format

from helhedsplan.accounts.access import get_plan_for_user, plans_for_user
from helhedsplan.accounts.models import Role
from helhedsplan.core.periods import all_tertials, tertial_of
from helhedsplan.demo.models import DemoPlan
from helhedsplan.demo.running import make_running_demo, running_start
from helhedsplan.demo.users import DEMO_PARTNER_ORGANISATION, create_demo_users
from helhedsplan.economy.models import Expense, StaffHours
from helhedsplan.governance.models import Meeting, Recommendation
from helhedsplan.governance.reminders import followed_up_tertial, plan_reminders
from helhedsplan.plans.models import Plan
from helhedsplan.registrations.models import Assessment, Measurement, Registration, TertialApproval
from helhedsplan.registrations.services import locked_tertial
from helhedsplan.workspace import start

PASSWORD = "test-password"
ONE_DAY = datetime.timedelta(days=1)


def run(*args) -> str:
    out = StringIO()
    call_command("demo-running", *args, stdout=out)
    return out.getvalue()


def access_of(username: str, plan: Plan):
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.get(username=username)
    return get_plan_for_user(request, plan.slug)


def local_day(meeting: Meeting) -> datetime.date:
    return timezone.localtime(meeting.starts_at).date()


@pytest.mark.parametrize(
    ("day", "first"),
    [
        # The first tertial of a plan starting the 1 June before has ended by 1 October only.
        (datetime.date(2026, 9, 30), datetime.date(2025, 6, 1)),
        (datetime.date(2026, 10, 1), datetime.date(2026, 6, 1)),
        (datetime.date(2026, 12, 7), datetime.date(2026, 6, 1)),
        # The plan year's edges: the last day of one, the first of the next.
        (datetime.date(2027, 5, 31), datetime.date(2026, 6, 1)),
        (datetime.date(2027, 6, 1), datetime.date(2026, 6, 1)),
        (datetime.date(2027, 6, 2), datetime.date(2026, 6, 1)),
        (datetime.date(2027, 9, 30), datetime.date(2026, 6, 1)),
        (datetime.date(2027, 10, 1), datetime.date(2027, 6, 1)),
    ],
)
def test_the_running_plan_starts_on_the_1_june_from_which_a_tertial_has_ended(day, first):
    assert running_start(day) == first
    assert all_tertials(first, first.replace(year=first.year + 4))[0].end < day


# Three todays: in T2 (the day the issue was measured), and either side of a plan year's end
# (31 May, the last day of plan year 1 in T3; 1 June, the first day of plan year 2 in T1).
TODAYS = [
    (datetime.date(2026, 12, 7), datetime.date(2026, 6, 1), "2026/27-T1"),
    (datetime.date(2027, 5, 31), datetime.date(2026, 6, 1), "2026/27-T2"),
    (datetime.date(2027, 6, 1), datetime.date(2026, 6, 1), "2026/27-T3"),
]


@pytest.mark.parametrize(("today", "first", "awaiting"), TODAYS)
def test_the_demo_plan_runs_on_the_demos_today(plan, today, first, awaiting):
    create_demo_users(plan=plan, password=PASSWORD)  # make demo's `demo-users` comes first
    out = json.loads(run(plan.slug, "--today", today.isoformat(), "--json"))
    running = Plan.objects.get(slug=out["plan"])

    # The successor made by the app's copy, in force, marked as demo; today inside its period.
    assert running.slug == "randers-nordby-2026-30"
    assert (running.start, running.end) == (first, datetime.date(2030, 5, 31))
    assert running.start <= today <= running.end
    assert running.predecessor == plan
    assert running.status == Plan.Status.IN_FORCE
    assert running.name == "Boligsocial helhedsplan for Randers Nordby 2026-30 (demo)"
    assert DemoPlan.objects.get(plan=running).today == today
    assert running.file_versions.get().source_name == f"kopi af {plan.slug} (demo)"
    assert sorted(running.success_criteria.values_list("key", flat=True)) == sorted(
        plan.success_criteria.values_list("key", flat=True)
    )

    # Demo data up to today and none after it.
    registrations = Registration.objects.filter(plan=running)
    assert registrations.count() == out["registrations"] > 50
    assert not registrations.filter(is_demo=False).exists()
    assert not registrations.filter(date__gt=today).exists()
    assert not registrations.filter(end_date__gt=today).exists()
    assert not Measurement.objects.filter(plan=running, date__gt=today).exists()
    assert Expense.objects.filter(plan=running).exists()
    assert not Expense.objects.filter(plan=running, month__gt=today).exists()
    assert not StaffHours.objects.filter(plan=running, month__gt=today).exists()
    assert Assessment.objects.filter(plan=running).exists()
    assert not Registration.objects.filter(plan=plan).exists()  # the seed's plan is untouched

    # A meeting calendar from the start: held before today, planned or proposed from today.
    meetings = Meeting.objects.filter(plan=running)
    assert local_day(meetings.order_by("starts_at").first()) < first + datetime.timedelta(days=31)
    for meeting in meetings:
        assert (meeting.status == Meeting.Status.HELD) == (local_day(meeting) < today)

    # A steering-group meeting ahead, with the demo partner still missing data for it.
    next_meeting = start.next_steering_meeting(running, today)
    assert next_meeting is not None and next_meeting.date >= today
    assert next_meeting.meeting.status == Meeting.Status.PLANNED
    assert next_meeting.date.isoformat() == out["next_steering_meeting"]
    partner = get_user_model().objects.get(username="partner")
    partner_page = start.partner_start(access_of("partner", running), partner, today)
    assert partner_page.next_meeting.meeting == next_meeting.meeting
    assert partner_page.missing_count > 0
    assert partner_page.registrations  # "Dine seneste registreringer" is not empty
    assert all(r.registered_by == partner for r in partner_page.registrations)
    days = [r.date for r in partner_page.registrations]
    assert days == sorted(days, reverse=True)  # "nyeste først"
    reminders = {
        item.organisation.key: item
        for item in plan_reminders(today=today, days=next_meeting.days_left, plan=running)
        if item.organisation
    }
    # The reminder can be tried: the partner has an address that is never delivered to.
    assert reminders[DEMO_PARTNER_ORGANISATION].recipients == ["partner@demo.invalid"]

    # The newest ended tertial awaits approval after its meeting; every earlier one is locked.
    ended = [t for t in all_tertials(running.start, running.end) if t.end < today]
    assert ended[-1].label == awaiting == out["awaiting_approval"]
    approved = set(
        TertialApproval.objects.filter(plan=running, approved=True).values_list(
            "tertial", flat=True
        )
    )
    assert approved == {t.label for t in ended[:-1]}
    assert locked_tertial(running, ended[-1].end) is None
    assert any(
        followed_up_tertial(running, local_day(m)) == ended[-1]
        for m in meetings.filter(status=Meeting.Status.HELD, body__key="styregruppe")
    )

    # A recommendation of the steering group awaiting the board's next meeting.
    pending = Recommendation.objects.get(plan=running, status=Recommendation.Status.FORWARDED)
    assert pending.from_meeting.status == Meeting.Status.HELD
    assert pending.from_meeting.body.key == "styregruppe"
    assert pending.board_meeting.body.kind == "board"
    assert local_day(pending.board_meeting) >= today
    assert pending.decision is None
    board_page = start.body_start(access_of("bestyrelse", running), today)
    assert pending in board_page.recommendations

    # Every demo user has its role in both plans and lands on the running one.
    for role in Role:
        user = get_user_model().objects.get(username=role.value)
        plans = list(plans_for_user(user).order_by("-start"))
        assert plans == [running, plan]
        assert start.current_plan(user, plans) == running
        roles = set(user.plan_memberships.values_list("group__name", flat=True))
        assert roles == {role.value}


def dump(running: Plan):
    """The running plan's demo in a canonical form: everything but ids and timestamps."""
    rows = (
        Registration.objects.filter(plan=running).values_list(
            "activity__key", "date", "end_date", "kind", "participants", "completed"
        ),
        Meeting.objects.filter(plan=running).values_list("body__key", "starts_at", "status"),
        TertialApproval.objects.filter(plan=running).values_list("tertial", "approved"),
        Recommendation.objects.filter(plan=running).values_list(
            "from_meeting__starts_at", "title", "text", "status", "board_meeting__starts_at"
        ),
    )
    # repr as the sort key: a missing end date (None) cannot be compared with a date.
    return running.slug, running.start, [sorted(part, key=repr) for part in rows]


def test_a_second_run_on_the_same_day_replaces_the_plan_with_the_same_demo(plan):
    make_running_demo(source=plan, today=datetime.date(2026, 12, 7), password=PASSWORD)
    first = dump(Plan.objects.get(demo_mark__source=plan))
    out = run(plan.slug, "--today", "2026-12-07")
    assert "Tidligere kørende demoplan fjernet: randers-nordby-2026-30." in out
    assert Plan.objects.filter(demo_mark__isnull=False).count() == 1
    assert dump(Plan.objects.get(demo_mark__source=plan)) == first


def test_a_later_today_replaces_the_earlier_running_plan(plan):
    # 1 October 2021 is the first day with a successor running: it starts 1 June 2021.
    first = make_running_demo(source=plan, today=datetime.date(2021, 10, 1), password=PASSWORD)
    assert (first.plan.slug, first.plan.start) == ("randers-nordby-2021-25", plan.end + ONE_DAY)
    out = json.loads(run(plan.slug, "--today", "2026-12-07", "--json"))
    assert out["replaced"] == ["randers-nordby-2021-25"]
    assert out["plan"] == "randers-nordby-2026-30"
    assert list(Plan.objects.order_by("start").values_list("slug", flat=True)) == [
        plan.slug,
        "randers-nordby-2026-30",
    ]


def test_a_plan_not_made_by_the_demo_is_never_replaced(plan):
    real = Plan.objects.create(
        slug="randers-nordby-2026-30",
        name="Den rigtige plan",
        start=datetime.date(2026, 6, 1),
        end=datetime.date(2030, 5, 31),
        budget_lbf=1,
        budget_local=1,
    )
    with pytest.raises(CommandError, match=r"som ikke er lavet af demoen\. Den røres ikke"):
        call_command("demo-running", plan.slug, "--today", "2026-12-07")
    assert Plan.objects.get(pk=real.pk).name == "Den rigtige plan"
    assert not DemoPlan.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["randers-nordby-2017-21", "--today", "7-12-2026"], "skriv --today som ÅÅÅÅ-MM-DD"),
        (["findes-ikke"], "Der er ingen plan med det korte navn «findes-ikke»"),
        # Its successor would start 1 June 2021, the day after the seed's plan ends: allowed;
        # a day before that it would overlap the seed's plan.
        (["randers-nordby-2017-21", "--today", "2021-09-30"], "løber til 31.05.2021"),
    ],
)
def test_bad_input_gets_a_danish_message_and_changes_nothing(plan, args, message):
    with pytest.raises(CommandError) as refused:
        call_command("demo-running", *args, stdout=StringIO())
    assert refused.value.returncode != 0
    assert message in str(refused.value)
    assert list(Plan.objects.values_list("slug", flat=True)) == [plan.slug]


def test_on_todays_date_every_demo_user_lands_on_the_running_plan_with_a_meeting_ahead(
    plan, client
):
    """Through the real start page at `/`, which reads the clock: the demo made for today."""
    today = timezone.localdate()
    create_demo_users(plan=plan, password=PASSWORD)
    running = make_running_demo(source=plan, today=today, password=PASSWORD).plan
    current = tertial_of(today, running.start, running.end)
    meeting = start.next_steering_meeting(running, today)
    with translation.override("da"):
        meeting_day = date_format(meeting.date, "j. F Y")
    for username, expected in [
        ("partner", ["Før næste styregruppemøde", "mangler data fra Randers Produktionshøjskole"]),
        ("sekretariat", [f"Status i tertial {current.label}", "Partnere der mangler data"]),
        ("medarbejder", [f"Status i tertial {current.label}"]),
        ("styregruppe", ["Næste møde", "Indstillinger fra styregruppen til bestyrelsen"]),
        ("bestyrelse", ["Næste møde", "Indstillinger fra styregruppen til bestyrelsen"]),
        ("laeser", ["Næste møde"]),
    ]:
        client.force_login(get_user_model().objects.get(username=username))
        page = client.get("/").content.decode()
        assert f"<h1>Start: {running.name}</h1>" in page, username
        assert "ikke planlagt" not in page, username
        for text in expected:
            assert text in page, (username, text)
        if username in {"partner", "sekretariat", "medarbejder", "styregruppe"}:
            assert meeting_day in page, username
        # The seed's plan is one click away in the header's plan picker.
        assert f'<option value="{plan.slug}">{plan.name}</option>' in page, username

"""The proposed meeting calendar of a plan year: the rules of governance/calendar.py."""

import datetime
from collections import defaultdict
from itertools import pairwise

import pytest

from helhedsplan.core.periods import Period, parse_period, tertials
from helhedsplan.governance.calendar import (
    TZ,
    holiday_ranges,
    meetings_in_year,
    propose_year,
    save_proposals,
)
from helhedsplan.governance.holidays import blocked_reason, holiday_name
from helhedsplan.governance.models import HolidayPeriod, Meeting

D = datetime.date
YEARS = ["2017/18", "2018/19", "2019/20", "2020/21"]


def by_body(proposals):
    days = defaultdict(list)
    for p in proposals:
        days[p.body.key].append(p.date)
    return {key: sorted(value) for key, value in days.items()}


def year_of(plan, label):
    return parse_period(label, plan.start, plan.end)


def assert_board_follows_steering(days):
    for board in days["bestyrelse"]:
        gaps = [(board - s).days for s in days["styregruppe"]]
        assert any(14 <= gap <= 28 for gap in gaps), (board, days["styregruppe"])


@pytest.mark.parametrize("label", YEARS)
def test_rules_hold_in_every_plan_year(plan, label):
    year = year_of(plan, label)
    proposals = propose_year(plan, year)
    days = by_body(proposals)
    periods = holiday_ranges(plan, year)

    assert len(days["styregruppe"]) == 3
    for part, day in zip(tertials(year), days["styregruppe"], strict=True):
        assert part.contains(day)
    assert len(days["bestyrelse"]) == 2
    assert_board_follows_steering(days)
    assert len(days["politisk-foelgegruppe"]) == 1
    assert 7 <= (days["politisk-foelgegruppe"][0] - days["bestyrelse"][0]).days <= 28
    assert len(days["beboerraad"]) >= 4
    assert len(days["fravaersteam"]) == 26
    assert len(set(days["fravaersteam"])) == 26
    assert len(days["styregruppe-forebyggelse-og-foraeldreansvar"]) == 3
    assert len(days["beredskabsstyregruppe"]) == 1
    # Bodies without a number of meetings a year get no proposal.
    assert "boligsocial-monitoreringsgruppe" not in days
    assert "ssp-koordinationsteam" not in days
    for p in proposals:
        assert year.contains(p.date)
        assert p.date.weekday() < 5, p
        assert holiday_name(p.date) is None, p
        assert blocked_reason(p.date, periods) is None, p


def test_2018_19_in_detail(plan):
    proposals = propose_year(plan, year_of(plan, "2018/19"))
    days = by_body(proposals)
    assert days["styregruppe"] == [D(2018, 6, 19), D(2018, 10, 23), D(2019, 2, 19)]
    assert days["bestyrelse"] == [D(2018, 11, 14), D(2019, 3, 13)]
    assert [
        (b - s).days for s, b in zip(days["styregruppe"][1:], days["bestyrelse"], strict=True)
    ] == [22, 22]
    assert days["politisk-foelgegruppe"] == [D(2018, 11, 29)]
    # Mon-Thu preferred: nothing falls on a Friday when another day was near.
    assert all(p.date.weekday() < 4 for p in proposals)
    steering = [p for p in proposals if p.body.key == "styregruppe"]
    assert "fremdriftsrapporten" in steering[0].note
    assert all(p.time == datetime.time(9, 0) for p in steering)


def test_every_fourteen_days_on_the_same_weekday_except_moved(plan):
    proposals = [
        p for p in propose_year(plan, year_of(plan, "2018/19")) if p.body.key == "fravaersteam"
    ]
    assert len(proposals) == 26
    first = proposals[0].date
    assert first == D(2018, 6, 6)
    regular = [p for p in proposals if not p.moved]
    moved = [p for p in proposals if p.moved]
    assert all((p.date - first).days % 14 == 0 for p in regular)
    assert all(p.date.weekday() == first.weekday() for p in regular)
    # The summer holiday (3) and the winter holiday (1) move four meetings.
    assert len(moved) == 4
    assert all("Flyttet fra" in p.note for p in moved)
    assert "Sommerferie 2018" in moved[0].note
    dates = sorted(p.date for p in proposals)
    assert all((b - a).days >= 3 for a, b in pairwise(dates))


def test_easter_and_pentecost_2019_are_avoided(plan):
    proposals = propose_year(plan, year_of(plan, "2018/19"))
    easter_days = {D(2019, 4, 18), D(2019, 4, 19), D(2019, 4, 21), D(2019, 4, 22)}
    assert not easter_days & {p.date for p in proposals}
    # The residents' council's April meeting (aim: Monday 15 April, in påskeugen) is moved.
    council = [p for p in proposals if p.body.key == "beboerraad"]
    assert council[-1].moved
    assert "Påskeferie 2019" in council[-1].note


def test_store_bededag_is_blocked_until_2023_and_free_from_2024(plan):
    # A plan year over Easter 2024 (store bededag abolished): the plan's bodies, other dates.
    for year in (
        Period(D(2017, 6, 1), D(2018, 5, 31), "2017/18"),
        Period(D(2023, 6, 1), D(2024, 5, 31), "2023/24"),
        Period(D(2024, 6, 1), D(2025, 5, 31), "2024/25"),
    ):
        proposals = propose_year(plan, year)
        for p in proposals:
            assert holiday_name(p.date) is None, p
            assert p.date.weekday() < 5
        days = by_body(proposals)
        assert len(days["bestyrelse"]) == 2
        assert_board_follows_steering(days)
    assert holiday_name(D(2024, 3, 28)) == "skærtorsdag"


def test_a_blocked_steering_meeting_moves_and_the_board_keeps_its_spacing(plan):
    HolidayPeriod.objects.create(
        plan=plan, name="Lukket for renovering", start=D(2018, 10, 15), end=D(2018, 10, 26)
    )
    year = year_of(plan, "2018/19")
    proposals = propose_year(plan, year)
    days = by_body(proposals)
    assert days["styregruppe"][1] == D(2018, 10, 29)
    assert days["bestyrelse"][0] == D(2018, 11, 21)
    assert_board_follows_steering(days)
    moved = next(p for p in proposals if p.body.key == "styregruppe" and p.moved)
    assert "Lukket for renovering" in moved.note
    for p in proposals:
        assert not D(2018, 10, 15) <= p.date <= D(2018, 10, 26), p
    # With a configured period the default school holidays no longer apply.
    assert [p.name for p in holiday_ranges(plan, year)] == ["Lukket for renovering"]


def test_the_proposal_is_deterministic(plan):
    year = year_of(plan, "2019/20")
    first = [p.as_dict() for p in propose_year(plan, year)]
    assert first == [p.as_dict() for p in propose_year(plan, year)]


def test_save_is_idempotent_and_keeps_edits(plan, sekretariat):
    year = year_of(plan, "2018/19")
    proposals = propose_year(plan, year)
    result = save_proposals(plan, year, proposals, sekretariat)
    assert len(result.created) == len(proposals) == meetings_in_year(plan, year).count()
    assert result.skipped == []
    assert all(m.status == Meeting.Status.PROPOSED for m in result.created)
    board = Meeting.objects.filter(body__key="bestyrelse").first()
    assert board.starts_at.astimezone(TZ).hour == 14  # local time, Europe/Copenhagen
    board.starts_at += datetime.timedelta(days=1)
    board.save()

    again = save_proposals(plan, year, propose_year(plan, year), sekretariat)
    assert again.created == []
    assert "Bestyrelsen" in again.message
    assert "Sprunget over" in again.message
    assert meetings_in_year(plan, year).count() == len(proposals)
    assert Meeting.objects.get(pk=board.pk).starts_at == board.starts_at


def test_save_adds_only_bodies_without_meetings(plan):
    year = year_of(plan, "2018/19")
    proposals = propose_year(plan, year)
    board_only = [p for p in proposals if p.body.key == "bestyrelse"]
    assert len(save_proposals(plan, year, board_only).created) == 2
    result = save_proposals(plan, year, proposals)
    assert len(result.created) == len(proposals) - 2
    assert [b.key for b in result.skipped] == ["bestyrelse"]
    # An extraordinary meeting does not count as the body's ordinary meetings.
    other = year_of(plan, "2019/20")
    board = board_only[0].body
    Meeting.objects.create(
        plan=plan,
        body=board,
        starts_at=datetime.datetime(2019, 9, 3, 10, tzinfo=datetime.UTC),
        extraordinary=True,
    )
    created = save_proposals(plan, other, propose_year(plan, other)).created
    assert sum(1 for m in created if m.body == board) == 2


def test_defaults_apply_to_a_year_without_configured_periods(plan):
    HolidayPeriod.objects.create(
        plan=plan, name="Sommerlukning", start=D(2018, 7, 9), end=D(2018, 7, 27)
    )
    assert [p.name for p in holiday_ranges(plan, year_of(plan, "2018/19"))] == ["Sommerlukning"]
    names = [p.name for p in holiday_ranges(plan, year_of(plan, "2019/20"))]
    assert "Sommerferie 2019" in names

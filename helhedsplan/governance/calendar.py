# Over 400 lines: one algorithm, a plan year's meeting proposals (habits, holidays, spacing), and its saving.
"""The meeting calendar: a proposal of the ordinary meetings of a plan year, saving it as proposed
meetings, and iCalendar export.

The rules `propose_year` follows (deterministic: the same plan and year give the same proposal):

* Styregruppen (the steering group with the key ``styregruppe``, or else the first steering group)
  meets once in each tertial, on the Tuesday of the tertial's fourth week (three weeks after the
  tertial begins). By then the partners have registered the deliveries of the tertial just
  ended, so the fremdriftsrapport for it can be laid before the group; it also puts the meetings
  before the summer holiday (T1, June), after the autumn holiday (T2, October) and after the
  winter holiday (T3, February). With a number of meetings other than the number of tertials
  the meetings are spread evenly instead.
* Bestyrelsen meets ``meets_per_year`` times, each about three weeks (never under two or over
  four) after one of the steering group's meetings, so that the steering group's
  recommendations can be laid before it (kommissoriet pkt. 3). It follows the year's last
  steering-group meetings (T2 and T3), since a meeting three weeks after the June meeting would
  fall in the summer holiday.
* Den politiske følgegruppe reads the annual report. The report for the previous plan year is
  laid before the board at the board's first meeting of the plan year, so the political group
  meets about two weeks after that meeting (one to four weeks).
* Every body meeting 26 times a year (every 14 days) meets every second week on the same
  weekday (52: every week) from the start of the year.
* Every other body with ``meets_per_year`` N (beboerrådet: at least N; other steering groups,
  working groups, the beredskabsstyregruppe's status meeting) has its N meetings spread evenly:
  one in each N-th of the year, near its middle.
* Bodies without ``meets_per_year`` get no proposal.
* Meetings are on weekdays, Monday to Thursday preferred, never on a Danish public holiday and
  never in the plan's holiday periods (the default Danish school holidays when the plan has
  none in the year). A blocked date is moved to the nearest allowed day (a Friday counts as
  three days further away), within the window the rule allows (the tertial; 2-4 weeks after the
  steering group for the board; 1-4 weeks after the board for the political group), and the
  proposal's note says from where and why. A body's moved meetings keep at least three days
  from its other meetings.
"""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import transaction

from helhedsplan.core import formats
from helhedsplan.core.periods import Period, tertials
from helhedsplan.governance.holidays import (
    HolidayRange,
    blocked_reason,
    default_school_holidays_between,
)
from helhedsplan.governance.models import Meeting
from helhedsplan.plans.models import Body

TZ = ZoneInfo("Europe/Copenhagen")
MAIN_STEERING_KEY = "styregruppe"
FRIDAY_PENALTY = 3
DAY = datetime.timedelta(days=1)

MON, TUE, WED, THU = 0, 1, 2, 3
# Preferred weekday, start time and length per kind of body.
_HABITS = {
    Body.Kind.STEERING_GROUP: (TUE, datetime.time(9, 0), 120),
    Body.Kind.BOARD: (WED, datetime.time(14, 0), 120),
    Body.Kind.POLITICAL_GROUP: (THU, datetime.time(16, 0), 90),
    Body.Kind.RESIDENTS_COUNCIL: (MON, datetime.time(19, 0), 120),
    Body.Kind.PREPAREDNESS: (THU, datetime.time(10, 0), 120),
}
_OTHER_HABIT = (THU, datetime.time(10, 0), 90)
_FREQUENT_HABIT = (WED, datetime.time(8, 30), 60)
OTHER_STEERING_TIME = datetime.time(13, 0)


def fmt(day: datetime.date) -> str:
    return f"{formats.weekday_name(day)} {formats.date_short(day)}"


@dataclass
class Proposal:
    body: Body
    date: datetime.date
    time: datetime.time
    note: str
    duration_minutes: int = 120
    moved: bool = False

    @property
    def weekday(self) -> str:
        return formats.weekday_name(self.date)

    @property
    def starts_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date, self.time, tzinfo=TZ)

    def as_dict(self) -> dict:
        return {
            "body": self.body.key,
            "body_name": self.body.name,
            "date": self.date.isoformat(),
            "weekday": self.weekday,
            "time": self.time.strftime("%H:%M"),
            "note": self.note,
        }


def configured_holidays(plan, year: Period) -> list[HolidayRange]:
    return [
        HolidayRange(p.start, p.end, p.name)
        for p in plan.holiday_periods.filter(end__gte=year.start, start__lte=year.end)
    ]


def holiday_ranges(plan, year: Period) -> list[HolidayRange]:
    """The plan's holiday periods in the plan year, or the default school holidays when the
    plan has none configured for that year."""
    return configured_holidays(plan, year) or default_school_holidays_between(year.start, year.end)


def _on_weekday(day: datetime.date, weekday: int, lo: datetime.date, hi: datetime.date):
    """The given weekday in the (Monday-based) week of `day`, kept within lo-hi."""
    moved = day + datetime.timedelta(days=weekday - day.weekday())
    while moved < lo:
        moved += 7 * DAY
    while moved > hi:
        moved -= 7 * DAY
    return max(moved, lo)


class _Planner:
    def __init__(self, year: Period, periods: list[HolidayRange]):
        self.year = year
        self.periods = periods

    def why_blocked(self, day: datetime.date) -> str | None:
        return blocked_reason(day, self.periods)

    def place(
        self,
        target: datetime.date,
        lo: datetime.date,
        hi: datetime.date,
        taken: list[datetime.date] = (),
        min_gap: int = 1,
    ) -> tuple[datetime.date, str | None]:
        """The nearest allowed day to `target` in lo-hi (then in the year), and why it moved."""
        lo, hi = max(lo, self.year.start), min(hi, self.year.end)

        def free(day):
            return self.why_blocked(day) is None and all(
                abs((day - other).days) >= min_gap for other in taken
            )

        if lo <= target <= hi and free(target):
            return target, None
        for first, last in ((lo, hi), (self.year.start, self.year.end)):
            candidates = []
            day = first
            while day <= last:
                if free(day):
                    cost = abs((day - target).days) + (FRIDAY_PENALTY if day.weekday() == 4 else 0)
                    candidates.append((cost, day < target, day))
                day += DAY
            if candidates:
                best = min(candidates)[2]
                reason = self.why_blocked(target) or "for tæt på organets andre møder"
                if not lo <= target <= hi:
                    reason = "uden for perioden"
                return best, f"Flyttet fra {fmt(target)} ({reason})."
        return target, "Ingen ledig dag fundet; datoen skal vælges manuelt."


def _habit(body: Body) -> tuple[int, datetime.time, int]:
    if body.meets_per_year and body.meets_per_year >= 26:
        return _FREQUENT_HABIT
    return _HABITS.get(body.kind, _OTHER_HABIT)


def _proposal(body, day, moved, note, time=None) -> Proposal:
    _weekday, default_time, duration = _habit(body)
    if moved:
        note = f"{note} {moved}"
    return Proposal(
        body=body,
        date=day,
        time=time or default_time,
        note=note,
        duration_minutes=duration,
        moved=bool(moved),
    )


def _spread(planner: _Planner, body: Body, count: int, note: str, time=None) -> list[Proposal]:
    """`count` meetings, one in each count-th of the year, near its middle."""
    year = planner.year
    weekday = _habit(body)[0]
    proposals, taken = [], []
    for i in range(count):
        slot_lo = year.start + datetime.timedelta(days=year.days * i // count)
        slot_hi = year.start + datetime.timedelta(days=year.days * (i + 1) // count - 1)
        middle = year.start + datetime.timedelta(days=(year.days * (2 * i + 1)) // (2 * count))
        target = _on_weekday(middle, weekday, slot_lo, slot_hi)
        day, moved = planner.place(target, slot_lo, slot_hi, taken)
        taken.append(day)
        spread = (
            "Årligt møde midt i planåret."
            if count == 1
            else f"Møde {i + 1} af {count}, spredt jævnt over planåret."
        )
        text = f"{note} {spread}"
        proposals.append(_proposal(body, day, moved, text.strip(), time))
    return proposals


def _frequent(planner: _Planner, body: Body) -> list[Proposal]:
    """Every second week (every week for 52 or more) on the same weekday."""
    year = planner.year
    step = 7 if body.meets_per_year >= 52 else 14
    first = year.start + datetime.timedelta(days=(_habit(body)[0] - year.start.weekday()) % 7)
    targets = []
    while (
        len(targets) < body.meets_per_year
        and (day := first + datetime.timedelta(days=step * len(targets))) <= year.end
    ):
        targets.append(day)
    rhythm = "hver uge" if step == 7 else "hver 14. dag"
    note = f"Fast møde {rhythm} om {formats.weekday_name(first)}en."
    # The days that are free first, then each blocked one moved to the nearest free day that is
    # at least three days from the body's other meetings.
    chosen = {t: t for t in targets if planner.why_blocked(t) is None}
    moves = {}
    for target in targets:
        if target in chosen:
            continue
        day, moved = planner.place(target, year.start, year.end, list(chosen.values()), 3)
        chosen[target] = day
        moves[target] = moved
    return [_proposal(body, chosen[t], moves.get(t), note) for t in targets]


def _after(
    planner: _Planner, body: Body, anchors: list[datetime.date], days: int, lo: int, hi: int, note
) -> list[Proposal]:
    weekday = _habit(body)[0]
    proposals, taken = [], []
    for anchor in anchors:
        aim = anchor + datetime.timedelta(days=days)
        window_lo = anchor + datetime.timedelta(days=lo)
        window_hi = anchor + datetime.timedelta(days=hi)
        target = _on_weekday(aim, weekday, window_lo, window_hi)
        day, moved = planner.place(target, window_lo, window_hi, taken)
        taken.append(day)
        proposals.append(_proposal(body, day, moved, note(anchor)))
    return proposals


def main_steering_group(bodies: list[Body]) -> Body | None:
    steering = [b for b in bodies if b.kind == Body.Kind.STEERING_GROUP]
    return next((b for b in steering if b.key == MAIN_STEERING_KEY), None) or next(
        iter(steering), None
    )


def propose_year(plan, year: Period) -> list[Proposal]:
    """The ordinary meetings of plan year `year` by the rules in the module's docstring."""
    planner = _Planner(year, holiday_ranges(plan, year))
    bodies = [b for b in Body.objects.filter(plan=plan).order_by("order", "id") if b.meets_per_year]
    steering = main_steering_group(bodies)
    proposals: list[Proposal] = []

    steering_days: list[datetime.date] = []
    if steering:
        parts = tertials(year)
        if steering.meets_per_year == len(parts):
            for part in parts:
                target = _on_weekday(part.start + 21 * DAY, TUE, part.start, part.end)
                day, moved = planner.place(target, part.start, part.end)
                tertial = part.label.rsplit("-", 1)[1]
                note = (
                    f"Tertialmøde i {tertial}: tre uger inde i tertialet, så fremdriftsrapporten "
                    "for det afsluttede tertial kan forelægges."
                )
                proposals.append(_proposal(steering, day, moved, note))
                steering_days.append(day)
        else:
            found = _spread(planner, steering, steering.meets_per_year, "")
            proposals += found
            steering_days = [p.date for p in found]

    boards = [b for b in bodies if b.kind == Body.Kind.BOARD]
    board_days: list[datetime.date] = []
    for board in boards:
        anchors = steering_days[-board.meets_per_year :] if steering_days else []
        found = _after(
            planner,
            board,
            anchors,
            22,
            14,
            28,
            lambda anchor: (
                f"Ca. tre uger efter styregruppens møde {fmt(anchor)}, så styregruppens "
                "indstillinger kan forelægges bestyrelsen."
            ),
        )
        if extra := board.meets_per_year - len(anchors):
            found += _spread(planner, board, extra, "Flere møder end styregruppen har.")
        proposals += found
        if not board_days:
            board_days = sorted(p.date for p in found)

    for body in bodies:
        if body == steering or body.kind == Body.Kind.BOARD:
            continue
        if body.kind == Body.Kind.POLITICAL_GROUP:
            anchors = board_days[: body.meets_per_year]
            found = _after(
                planner,
                body,
                anchors,
                15,
                7,
                28,
                lambda anchor: (
                    f"Ca. to uger efter bestyrelsens møde {fmt(anchor)}, hvor årsrapporten for "
                    "det forrige planår er forelagt."
                ),
            )
            if extra := body.meets_per_year - len(anchors):
                found += _spread(planner, body, extra, "")
            proposals += found
        elif body.meets_per_year >= 26:
            proposals += _frequent(planner, body)
        elif body.kind == Body.Kind.STEERING_GROUP:
            proposals += _spread(planner, body, body.meets_per_year, "", OTHER_STEERING_TIME)
        elif body.kind == Body.Kind.PREPAREDNESS:
            note = "Statusmøde om beredskabsplanen og den kriminalpræventive indsats."
            proposals += _spread(planner, body, body.meets_per_year, note)
        elif body.kind == Body.Kind.RESIDENTS_COUNCIL:
            note = f"Mindst {body.meets_per_year} møder om året."
            proposals += _spread(planner, body, body.meets_per_year, note)
        else:
            proposals += _spread(planner, body, body.meets_per_year, "")

    proposals.sort(key=lambda p: (p.date, p.time, p.body.order, p.body.id))
    return proposals


# --- saving -----------------------------------------------------------------------------------


def year_bounds(year: Period) -> tuple[datetime.datetime, datetime.datetime]:
    """The plan year as [from, to) in local time."""
    start = datetime.datetime.combine(year.start, datetime.time(), tzinfo=TZ)
    end = datetime.datetime.combine(year.end + DAY, datetime.time(), tzinfo=TZ)
    return start, end


def meetings_in_year(plan, year: Period):
    start, end = year_bounds(year)
    return (
        Meeting.objects.filter(plan=plan, starts_at__gte=start, starts_at__lt=end)
        .select_related("body")
        .order_by("starts_at", "body__order")
    )


def bodies_with_meetings(plan, year: Period) -> set[int]:
    """The bodies that already have ordinary meetings in the plan year."""
    return set(
        meetings_in_year(plan, year).filter(extraordinary=False).values_list("body_id", flat=True)
    )


@dataclass
class SaveResult:
    year: Period
    created: list[Meeting] = field(default_factory=list)
    skipped: list[Body] = field(default_factory=list)

    @property
    def message(self) -> str:
        parts = []
        if self.created:
            n = len(self.created)
            what = "1 møde er gemt som foreslået" if n == 1 else f"{n} møder er gemt som foreslåede"
            parts.append(f"{what} i planåret {self.year.label}.")
        else:
            parts.append(f"Ingen nye møder i planåret {self.year.label}.")
        if self.skipped:
            names = ", ".join(b.name for b in self.skipped)
            parts.append(f"Sprunget over, da de allerede har møder i planåret: {names}.")
        return " ".join(parts)


def save_proposals(plan, year: Period, proposals: list[Proposal], user=None) -> SaveResult:
    """Create the proposals as meetings with status «foreslået».

    A body that already has ordinary meetings in the plan year is skipped as a whole, so the
    proposal can be saved again without duplicates and without undoing the secretariat's edits.
    """
    result = SaveResult(year=year)
    with transaction.atomic():
        planned = bodies_with_meetings(plan, year)
        for proposal in proposals:
            body = proposal.body
            if body.id in planned:
                if body not in result.skipped:
                    result.skipped.append(body)
                continue
            result.created.append(
                Meeting.objects.create(
                    plan=plan,
                    body=body,
                    starts_at=proposal.starts_at,
                    duration_minutes=proposal.duration_minutes,
                    status=Meeting.Status.PROPOSED,
                    reason=proposal.note,
                    changed_by=user,
                )
            )
    return result

"""An attacker with a reader's login and the Randers Nordby demo data (seed 1) tries to get hidden
person counts back from what the outward editions show beside them (issue 17), and gets none.

The attacker knows the rules (core/outward.py is public, the README states them) and reasons
exactly: for every figure, the true values that give what is shown (tried one by one), kept only
if they agree with the status and the expected value beside it, with the figure of the same
criterion at every other date it can ask for, and with the yearly figures beside the cumulative
ones. A count is recovered when one value above zero is left. Each test also counts what the
rule before issue 17 (small counts "<5", everything else exact, the true status beside) gave
away on the same data, and prints both.
"""

import datetime
from decimal import Decimal
from itertools import pairwise, product

import pytest

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.api.models import ApiToken
from helhedsplan.conftest import PASSWORD
from helhedsplan.core.outward import FEW, Withheld, shown_count, year_relation
from helhedsplan.core.periods import all_tertials, plan_years
from helhedsplan.core.status import STATUS_LABELS, status_for
from helhedsplan.core.suppression import Suppressed, counts_persons, is_share
from helhedsplan.demo.registrations import generate_registrations_demo
from helhedsplan.reports import blocks
from helhedsplan.reports.services import build_report

STATUS_CODES = {label: code for code, label in STATUS_LABELS.items()}


@pytest.fixture
def demo(plan):
    generate_registrations_demo(plan=plan, seed=1, until=plan.end)
    return plan


def _api(client, user):
    _, key = ApiToken.objects.issue(user=user, name="angreb")
    headers = {"Authorization": f"Bearer {key}"}

    def progress(day: datetime.date) -> dict:
        url = f"/api/v1/plans/randers-nordby-2017-21/progress?at={day.isoformat()}"
        response = client.get(url, headers=headers)
        assert response.status_code == 200
        return {(row["activity"], row["criterion"]): row for row in response.json()}

    return progress


@pytest.fixture
def reader_and_truth(client, demo):
    reader = ensure_member(plan=demo, username="angriber", role=Role.LAESER, password=PASSWORD)
    staff = ensure_member(plan=demo, username="sandhed", role=Role.SEKRETARIAT, password=PASSWORD)
    return _api(client, reader), _api(client, staff)


def _persons(plan) -> dict:
    return {
        (c.activity.key, c.key): c
        for c in plan.success_criteria.select_related("activity")
        if counts_persons(c) or is_share(c)
    }


def _value(shown):
    """An API or report figure as the attacker reads it: "<5", "skjult", a number or None."""
    if isinstance(shown, str) and shown.startswith("<"):
        return Suppressed(int(shown[1:]))
    if shown is None or isinstance(shown, Suppressed):
        return shown
    return Decimal(str(shown))


def _counts_giving(shown, threshold: int, top: int) -> list[int]:
    """Every true count from 0 to `top` that the outward rule shows as `shown` (tried one by
    one, not read from the rule's own inverse)."""
    if isinstance(shown, Withheld):
        return list(range(top + 1))
    return [x for x in range(top + 1) if shown_count(Decimal(x), threshold) == shown]


def _shares_giving(threshold: int) -> set[Decimal]:
    return {Decimal(100 * c) / Decimal(p) for p in range(1, threshold) for c in range(p + 1)}


def _dates(plan) -> list[datetime.date]:
    """Every 14 days over the plan, as the attacker of issue 17 read the API."""
    day, days = plan.start, []
    while day <= plan.end:
        days.append(day)
        day += datetime.timedelta(days=14)
    return days


def test_no_hidden_count_is_narrowed_by_the_status_or_the_expected_value_beside_it(
    demo, reader_and_truth
):
    reader, truth = reader_and_truth
    threshold = demo.small_number_threshold
    persons = _persons(demo)
    hidden = recovered = recovered_before = rounded = 0
    for day in _dates(demo):
        shown_rows, true_rows = reader(day), truth(day)
        for key, criterion in persons.items():
            shown, true = shown_rows[key], true_rows[key]
            value = _value(shown["actual"])
            expected = None if shown["expected"] is None else Decimal(str(shown["expected"]))

            def status_of(x, expected=expected, direction=criterion.direction):
                return status_for(actual=x, expected=expected, direction=direction)

            if isinstance(value, Suppressed):
                hidden += 1
                candidates = (
                    _shares_giving(threshold)
                    if is_share(criterion)
                    else {Decimal(x) for x in range(1, threshold)}
                )
                # "få personer" holds for every value: it says the statuses disagree.
                left = {
                    x
                    for x in candidates
                    if shown["status"] == FEW or status_of(x) == shown["status"]
                }
                if len(left) < 2:
                    recovered += 1
                before = {x for x in candidates if status_of(x) == true["status"]}
                recovered_before += len(before) == 1
            elif value is not None and counts_persons(criterion) and value > 0:
                rounded += 1
                # Beside a rounded figure the status is the rounded figure's own: it says
                # nothing the figure does not.
                assert shown["status"] == status_of(value), (day, key)
                top = int(value) + threshold
                assert len(_counts_giving(value, threshold, top)) >= 2, (day, key)
    print(
        f"\n{hidden} hidden figures read every 14 days: {recovered} narrowed to one value "
        f"(the true status beside them narrowed {recovered_before}); {rounded} rounded figures"
    )
    assert hidden > 50 and rounded > 100  # the demo has both, all through the plan
    assert recovered_before > 0  # the attack worked before issue 17
    assert recovered == 0


def _increments(a, b, threshold: int) -> set[int]:
    """Every increase from a figure shown as `a` to one shown as `b` (counts only grow)."""
    top = max(threshold if isinstance(v, Suppressed) else int(v) for v in (a, b)) + threshold
    return {
        y - x
        for x in _counts_giving(a, threshold, top)
        for y in _counts_giving(b, threshold, top)
        if y >= x
    }


def test_no_small_increase_is_recovered_from_consecutive_tertials_or_readings(
    demo, reader_and_truth
):
    reader, truth = reader_and_truth
    threshold = demo.small_number_threshold
    persons = [key for key, c in _persons(demo).items() if counts_persons(c)]
    tertial_ends = [t.end for t in all_tertials(demo.start, demo.end)]
    # The fremdriftsrapport of each tertial, as a reader makes it, beside the API every 14 days.
    reports = []
    for tertial in all_tertials(demo.start, demo.end):
        report = build_report(plan=demo, kind="fremdrift", period=tertial.label, suppress=True)
        figures = {}
        for table in report.tables():
            if table.title.startswith("Succeskriterier, aktivitet"):
                for cells in table.rows:
                    figures[cells[0]] = cells[3]
        reports.append(figures)
    texts = {key: c.text for key, c in _persons(demo).items()}
    pairs = small = recovered = recovered_before = 0
    for days, shown_series in (
        (tertial_ends, [{key: r[texts[key]] for key in persons} for r in reports]),
        (_dates(demo), None),
    ):
        true_series = [truth(day) for day in days]
        if shown_series is None:
            readings = [reader(day) for day in days]
            shown_series = [{key: _value(r[key]["actual"]) for key in persons} for r in readings]
        for k in range(1, len(days)):
            for key in persons:
                before, after = shown_series[k - 1][key], shown_series[k][key]
                true_before = Decimal(str(true_series[k - 1][key]["actual"] or 0))
                true_after = Decimal(str(true_series[k][key]["actual"] or 0))
                increase = true_after - true_before
                pairs += 1
                if not 0 < increase < threshold:
                    continue
                small += 1
                if len(_increments(before or 0, after or 0, threshold)) < 2:
                    recovered += 1
                # Before issue 17: exact from the threshold on, "<5" below it.
                recovered_before += true_before >= threshold and true_after >= threshold
    print(
        f"\n{pairs} consecutive pairs (tertials and 14-day readings), {small} small increases: "
        f"{recovered} recovered (exact figures from 5 on gave {recovered_before})"
    )
    assert small > 50 and recovered_before > 0
    assert recovered == 0


def test_the_yearly_figures_beside_the_cumulative_ones_narrow_no_count(demo, reader_and_truth):
    reader, truth = reader_and_truth
    threshold = demo.small_number_threshold
    persons = {key: c for key, c in _persons(demo).items() if counts_persons(c)}
    years = plan_years(demo.start, demo.end)
    last = years[-1].label
    schema = build_report(plan=demo, kind="aktivitetsskema", period=last, suppress=True)
    table = schema.tables()[0]
    by_text = {(cells[1], cells[2]): cells[5 : 5 + len(years)] for cells in table.rows}
    # The cumulative figure at each year's end: the dashboard and the API give it for any day.
    ends = [reader(year.end) for year in years]
    true_ends = [truth(year.end) for year in years]
    yearly_reports = [
        build_report(plan=demo, kind="aarsrapport", period=year.label, suppress=True)
        for year in years
    ]
    checked = withheld = 0
    for key, criterion in persons.items():
        label = (blocks.activity_label(criterion.activity), criterion.text)
        cells = by_text[label]
        # The årsrapport of each year shows the same year figure as the aktivitetsskema.
        for k, report in enumerate(yearly_reports):
            for result in report.tables():
                for row in result.rows:
                    if (
                        row[0] == label[0]
                        and row[1] == label[1]
                        and result.title.startswith("Indsatsområde")
                    ):
                        assert row[3] == cells[k], (key, years[k].label)
        totals = [_value(end[key]["actual"]) or Decimal(0) for end in ends]
        true_totals = [Decimal(str(end[key]["actual"] or 0)) for end in true_ends]
        top = int(max(true_totals)) + 2 * threshold
        relation = year_relation(criterion)
        options = [_counts_giving(total, threshold, top) for total in totals]
        year_options = [_counts_giving(cell or Decimal(0), threshold, top) for cell in cells]
        possible_totals = [set() for _ in years]
        possible_years = [set() for _ in years]
        for path in product(*options):
            if any(b < a for a, b in pairwise(path)):
                continue
            found = []
            for k, after in enumerate(path):
                before = path[k - 1] if k else 0
                if relation == "sum":
                    fits = {after - before} & set(year_options[k])
                elif relation == "union":
                    fits = {y for y in year_options[k] if after - before <= y <= after}
                else:
                    fits = {y for y in year_options[k] if max(before, y) == after}
                if not fits:
                    break
                found.append(fits)
            else:
                for k, after in enumerate(path):
                    possible_totals[k].add(after)
                    possible_years[k] |= found[k]
        for k in range(len(years)):
            checked += 1
            withheld += isinstance(cells[k], Withheld)
            assert true_totals[k] in possible_totals[k], (key, k)
            for values in (possible_totals[k], possible_years[k]):
                assert not (len(values) == 1 and next(iter(values)) > 0), (key, years[k].label)
    print(f"\n{checked} yearly figures of person counts checked, {withheld} withheld")
    assert checked > 20

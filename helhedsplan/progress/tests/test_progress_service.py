"""plan_progress: the SQL aggregates agree with the pure rules, for every kind of criterion."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from helhedsplan.core.status import combine_values, expected_to_date
from helhedsplan.progress.services import plan_progress
from helhedsplan.registrations.models import Assessment, Measurement
from helhedsplan.registrations.services import RegistrationInput, save_registration

AS_OF = datetime.date(2019, 1, 31)


def register(plan, criterion_key, day, **values):
    criterion = plan.success_criteria.get(key=criterion_key)
    data = RegistrationInput(activity=criterion.activity, date=day, criteria=[criterion], **values)
    return save_registration(plan, data, confirmed_duplicate=True)


def row_for(plan, key, as_of=AS_OF):
    return next(r for r in plan_progress(plan, as_of).criteria if r.criterion.key == key)


def test_every_criterion_of_the_plan_has_exactly_one_status(plan):
    rows = plan_progress(plan, AS_OF).criteria
    assert len(rows) == 43
    assert len({r.criterion.key for r in rows}) == 43
    assert {r.status for r in rows} == {"no_data"}


def test_count_criteria_add_up_registrations_and_compare_with_the_expected(plan):
    # branding-aktivitetsomslag: 5 per year. On 2019-01-31: 5 for 2017/18 + 5 * 245/365.
    for day in (datetime.date(2017, 9, 1), datetime.date(2018, 3, 1), datetime.date(2018, 10, 1)):
        register(plan, "branding-aktivitetsomslag", day, kind="publication", count=2)
    register(
        plan, "branding-aktivitetsomslag", datetime.date(2019, 2, 5), kind="publication", count=9
    )
    row = row_for(plan, "branding-aktivitetsomslag")
    assert row.actual == Decimal("6")  # the February registration lies after the date
    assert row.expected == Decimal("8.36")
    assert row.status == "behind"  # 6 / 8.36 = 72 %


def test_unique_participants_are_counted_once_per_plan_year_when_the_target_is_per_year(plan):
    # hotspot-kontakt: 80 per year, unique within the year.
    register(
        plan, "hotspot-kontakt", datetime.date(2017, 8, 1), kind="contact", codes=["A", "B", "C"]
    )
    register(plan, "hotspot-kontakt", datetime.date(2018, 2, 1), kind="contact", codes=["A", "B"])
    register(plan, "hotspot-kontakt", datetime.date(2018, 8, 1), kind="contact", codes=["A", "D"])
    row = row_for(plan, "hotspot-kontakt")
    assert row.actual == Decimal("5")  # 2017/18: A, B, C; 2018/19: A, D
    codes = ["A", "B", "C", "A", "B"]
    assert combine_values("unique", codes) + combine_values("unique", ["A", "D"]) == row.actual


def test_unique_participants_over_the_period_count_each_code_once(plan):
    # naboskab-nytilflyttede: 100 in the whole period.
    register(
        plan, "naboskab-nytilflyttede", datetime.date(2017, 8, 1), kind="contact", codes=["A", "B"]
    )
    register(
        plan, "naboskab-nytilflyttede", datetime.date(2018, 8, 1), kind="contact", codes=["A", "C"]
    )
    assert row_for(plan, "naboskab-nytilflyttede").actual == Decimal("3")


def test_average_criteria_average_the_participants_per_registration(plan):
    # naboskab-faellesspisning: at least 25 on average.
    for n in (20, 30, 31):
        register(
            plan,
            "naboskab-faellesspisning",
            datetime.date(2018, 1, n - 19),
            kind="event",
            participants=n,
        )
    row = row_for(plan, "naboskab-faellesspisning")
    assert row.actual == combine_values("average", [20, 30, 31]) == Decimal("27.00")
    assert row.expected == Decimal("25")
    assert row.status == "on_track"


def test_share_criteria_divide_completions_by_participants(plan):
    # moedregrupper-gennemfoerelse: 80 % complete.
    register(
        plan,
        "moedregrupper-gennemfoerelse",
        datetime.date(2018, 1, 1),
        kind="course",
        participants=10,
        completed=7,
    )
    register(
        plan,
        "moedregrupper-gennemfoerelse",
        datetime.date(2018, 6, 1),
        kind="course",
        participants=10,
        completed=8,
    )
    row = row_for(plan, "moedregrupper-gennemfoerelse")
    assert (
        row.actual
        == Decimal("75.00")
        == combine_values("share", [(10, 7), (10, 8)]).quantize(Decimal("0.01"))
    )
    assert row.status == "near"


def test_level_criteria_take_the_latest_measurement_up_to_the_date(plan):
    criterion = plan.success_criteria.get(key="naboskab-ambassadoerer")
    for day, value in (
        (datetime.date(2018, 1, 31), 12),
        (datetime.date(2018, 9, 30), 15),
        (datetime.date(2019, 5, 31), 20),
    ):
        Measurement.objects.create(
            plan=plan, criterion=criterion, date=day, value=value, source="Egen måling"
        )
    row = row_for(plan, "naboskab-ambassadoerer")
    assert row.actual == Decimal("15")
    assert row.status == "near"  # 15 / 17 = 88 %


def test_trend_criteria_compare_the_newest_with_the_oldest_value(plan):
    criterion = plan.success_criteria.get(key="branding-besoegende")
    Measurement.objects.create(
        plan=plan,
        criterion=criterion,
        date=datetime.date(2017, 12, 31),
        value=800,
        source="Google Analytics",
    )
    assert row_for(plan, "branding-besoegende").status == "no_data"
    Measurement.objects.create(
        plan=plan,
        criterion=criterion,
        date=datetime.date(2018, 12, 31),
        value=950,
        source="Google Analytics",
    )
    assert row_for(plan, "branding-besoegende").status == "on_track"


def test_qualitative_criteria_show_the_assessment_of_the_current_tertial(plan):
    criterion = plan.success_criteria.get(key="nussa-oplevet-forandring")
    Assessment.objects.create(
        plan=plan, criterion=criterion, tertial="2018/19-T2", status="near", text="Godt i gang."
    )
    Assessment.objects.create(
        plan=plan, criterion=criterion, tertial="2019/20-T1", status="on_track", text="Senere."
    )
    row = row_for(plan, "nussa-oplevet-forandring")
    assert row.status == "assessed"
    assert row.assessment.text == "Godt i gang."
    assert row.as_json()["assessment"] == {"status": "near", "text": "Godt i gang."}


def test_expected_matches_the_pure_rule_for_every_criterion(plan):
    for row in plan_progress(plan, AS_OF).criteria:
        c = row.criterion
        if c.kind == "qualitative":
            continue
        assert row.expected == expected_to_date(
            target=c.target,
            per=c.per or "period",
            combine=c.combine or "latest",
            plan_start=plan.start,
            plan_end=plan.end,
            as_of=AS_OF,
        )


def test_the_query_count_does_not_grow_with_the_data(plan, django_assert_max_num_queries):
    for n in range(30):
        register(
            plan,
            "hotspot-kontakt",
            datetime.date(2018, 1, 1) + datetime.timedelta(days=n),
            kind="contact",
            codes=[f"C-{n}", "C-X"],
        )
    with django_assert_max_num_queries(8):
        plan_progress(plan, AS_OF)


def test_progress_command_prints_one_json_object_per_criterion(plan, capsys):
    import json

    register(plan, "hotspot-gruppeforloeb-antal", datetime.date(2018, 3, 1), kind="course", count=3)
    call_command("progress", plan.slug, "--at", "2019-01-31", "--json")
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 43
    row = next(r for r in rows if r["criterion"] == "hotspot-gruppeforloeb-antal")
    assert set(row) >= {"activity", "criterion", "kind", "target", "expected", "actual", "status"}
    assert row["activity"] == "hotspot" and row["actual"] == 3 and row["target"] == 2


def test_progress_command_refuses_a_bad_date(plan, capsys):
    with pytest.raises(CommandError) as refused:
        call_command("progress", plan.slug, "--at", "31-01-2019")
    assert refused.value.returncode == 1
    assert "er ikke en dato" in str(refused.value)

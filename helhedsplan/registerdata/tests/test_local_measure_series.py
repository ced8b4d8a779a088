"""A local measure fed from a register series (the Randers plan's «Fraflytningsprocenten», from
Boligstatistiske Nøgletal): named in the plan file, its values from the imported series with
their source and year, never typed."""

import datetime
from decimal import Decimal

import pytest

from helhedsplan.plans.models import LocalMeasure
from helhedsplan.plans.planfile import PlanFileError
from helhedsplan.plans.planfile.export import export_plan
from helhedsplan.plans.planfile.validate import validate_text
from helhedsplan.progress.measures import measures_progress
from helhedsplan.registerdata.importer import import_register_values
from helhedsplan.registrations.measurement_forms import MeasurementForm
from helhedsplan.registrations.measurements import build_measurement
from helhedsplan.registrations.services import RegistrationRefused
from helhedsplan.reports.blocks import yearly_values

SERIES = "register_series: {measure: moving_out_rate, area: plan}"


def _import(plan, rows):
    text = "area;year;measure;value;source\n" + "\n".join(rows)
    assert import_register_values(plan, text.encode(), "data.csv").ok


def test_the_shipped_plan_feeds_the_moving_out_rate_from_the_register(plan, plan_text):
    measure = LocalMeasure.objects.get(plan=plan, key="fraflytning")
    assert (measure.register_measure, measure.register_place) == ("moving_out_rate", "plan")
    assert SERIES in plan_text
    exported = export_plan(plan)
    assert "register_series:\n      measure: moving_out_rate\n      area: plan\n" in exported


@pytest.mark.parametrize(
    ("series", "message"),
    [
        ("{measure: moving_out_rate, area: mars}", "ukendt område 'mars'"),
        ("{measure: happiness, area: plan}", "moving_out_rate"),
    ],
)
def test_a_series_the_plan_cannot_have_is_refused_by_path(plan_text, series, message):
    text = plan_text.replace(SERIES, f"register_series: {series}")
    with pytest.raises(PlanFileError) as refused:
        validate_text(text)
    problem = next(p for p in refused.value.problems if "register_series" in str(p))
    assert message in str(problem)


def test_its_values_come_from_the_series_with_source_and_year(plan):
    _import(
        plan,
        [
            "plan;2016;moving_out_rate;13,0;Boligstatistiske Nøgletal",
            "plan;2018;moving_out_rate;12,4;Boligstatistiske Nøgletal",
            "plan;2019;moving_out_rate;12,1;Boligstatistiske Nøgletal",
            "kommune;2019;moving_out_rate;9;",
        ],
    )
    rows = {row.measure.key: row for row in measures_progress(plan, datetime.date(2019, 12, 31))}
    fed = rows["fraflytning"]
    # As of 2019 the newest published figure is 2018's (a year comes out the year after).
    assert fed.actual == Decimal("12.4")
    assert fed.source == "Boligstatistiske Nøgletal, 2018"
    assert fed.status != "no_data"
    assert rows["klagesager"].source == ""
    later = {row.measure.key: row for row in measures_progress(plan, datetime.date(2020, 6, 1))}
    assert later["fraflytning"].actual == Decimal("12.1")
    # The report's yearly values: the plan's own years only (2016 is a baseline year).
    measure = LocalMeasure.objects.get(plan=plan, key="fraflytning")
    assert yearly_values(plan, datetime.date(2020, 6, 1))[measure.id] == {
        2018: Decimal("12.4"),
        2019: Decimal("12.1"),
    }


def test_it_is_never_typed(plan):
    form = MeasurementForm(plan=plan)
    choices = [value for _, group in form.fields["target"].choices[1:] for value, _ in group]
    assert "m:fraflytning" not in choices
    assert "m:klagesager" in choices
    with pytest.raises(RegistrationRefused) as refused:
        build_measurement(
            plan,
            local_measure_key="fraflytning",
            criterion_key=None,
            date=datetime.date(2019, 3, 1),
            value=Decimal(12),
            source="Randers Bolig",
            today=datetime.date(2019, 6, 1),
        )
    assert refused.value.errors["local_measure"] == [
        "Målingen «fraflytning» hentes fra registerdata (Fraflytningsprocent) og tastes ikke. "
        "Importér registerdata i stedet."
    ]

"""The demo register series: the three areas from 2014, true to the printed plan's totals, marked
as demo, and never over imported values."""

from decimal import Decimal

from helhedsplan.demo.register import delete_register_demo, generate_register_demo
from helhedsplan.registerdata.importer import import_register_values
from helhedsplan.registerdata.models import RegisterValue
from helhedsplan.registerdata.services import plan_standing


def test_the_demo_series_cover_the_three_areas_and_add_up_to_the_printed_plan(plan):
    made = generate_register_demo(plan, seed=7, last_year=2021)
    values = RegisterValue.objects.filter(plan=plan)
    assert made == values.count() > 0
    assert set(values.values_list("place", flat=True)) == {
        "gl-jennumparken",
        "vangdalsparken",
        "omraadet-omkring-glarbjergvej",
        "plan",
        "kommune",
        "region",
        "land",
    }
    assert sorted(set(values.values_list("year", flat=True))) == list(range(2014, 2022))
    areas = values.filter(year=2016, measure="residents").exclude(place="plan")
    assert sum(areas.values_list("value", flat=True)) == Decimal(3868)
    assert values.get(place="plan", year=2016, measure="residents").value == Decimal(3868)
    assert values.get(place="kommune", year=2014, measure="non_western").value == Decimal("8.1")
    assert all(values.values_list("is_demo", flat=True))
    assert all("(demodata)" in source for source in values.values_list("source", flat=True))
    # The same seed makes the same series.
    first = sorted(values.values_list("place", "year", "measure", "value"))
    generate_register_demo(plan, seed=7, last_year=2021)
    assert sorted(values.values_list("place", "year", "measure", "value")) == first


def test_the_demo_shows_each_kind_of_standing(plan):
    generate_register_demo(plan, seed=7, last_year=2021)
    standing = {area.area.key: area for area in plan_standing(plan, 2020)}
    assert standing["gl-jennumparken"].standing.on == [
        "udsat",
        "parallelsamfund",
        "omdannelsesomraade",
        "forebyggelsesomraade",
    ]
    assert standing["vangdalsparken"].standing.on == ["forebyggelsesomraade"]
    glarbjergvej = standing["omraadet-omkring-glarbjergvej"].standing
    assert glarbjergvej.residents < 1000 and glarbjergvej.on == []


def test_imported_values_win_and_the_demo_deletes_only_its_own(plan):
    text = "area;year;measure;value\ngl-jennumparken;2020;residents;1700\n"
    assert import_register_values(plan, text.encode(), "data.csv").ok
    generate_register_demo(plan, seed=7, last_year=2021)
    found = RegisterValue.objects.get(place="gl-jennumparken", year=2020, measure="residents")
    assert found.value == 1700 and not found.is_demo
    delete_register_demo(plan)
    assert list(RegisterValue.objects.values_list("value", flat=True)) == [Decimal(1700)]

"""The register import: all rows or none, every bad row named, a re-import of a year replacing
that year with history, a file from Danish Excel, and the command line."""

import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from helhedsplan.registerdata.importer import import_register_values, template_csv, template_xlsx
from helhedsplan.registerdata.models import RegisterValue

AREA = "gl-jennumparken"
GOOD = (
    "area;year;measure;value;source\n"
    f"{AREA};2020;residents;1.250;Danmarks Statistik\n"
    f"{AREA};2020;outside_work_education_18_64;38,5;\n"
    "land;2020;convicted;0,9;\n"
    "region;2020;gross_income_15_64;350000;\n"
)


def _import(plan, text, filename="registerdata.csv", **options):
    return import_register_values(plan, text.encode("utf-8"), filename, **options)


def _values(plan) -> dict:
    return {(v.place, v.year, v.measure): v.value for v in RegisterValue.objects.filter(plan=plan)}


def test_a_good_file_imports_with_danish_numbers_and_the_usual_source(plan):
    result = _import(plan, GOOD)
    assert result.ok, result.errors
    assert result.summary() == "4 værdier importeret."
    assert _values(plan) == {
        (AREA, 2020, "residents"): Decimal(1250),
        (AREA, 2020, "outside_work_education_18_64"): Decimal("38.5"),
        ("land", 2020, "convicted"): Decimal("0.9"),
        ("region", 2020, "gross_income_15_64"): Decimal(350000),
    }
    sources = dict(RegisterValue.objects.values_list("measure", "source"))
    assert sources["residents"] == "Danmarks Statistik"
    assert sources["convicted"] == "Danmarks Statistik"  # the measure's usual source


def test_every_bad_row_is_named_and_nothing_is_saved(plan):
    bad = GOOD + (
        "nowhere;2020;residents;10;\n"
        f"{AREA};tyve;residents;10;\n"
        f"{AREA};2020;happiness;10;\n"
        f"{AREA};2020;non_western;101;\n"
        f"{AREA};2020;residents;-1;\n"
        f"{AREA};2020;convicted;mange;\n"
        f"{AREA};2020;residents;1300;\n"
        f";2020;residents;;\n"
    )
    result = _import(plan, bad)
    assert not result.ok
    assert RegisterValue.objects.filter(plan=plan).count() == 0
    lines = result.error_lines()
    assert lines[0].startswith("Række 6, kolonne area: Ukendt område «nowhere». Tilladte: ")
    assert lines[1:] == [
        "Række 7, kolonne year: «tyve» er ikke et år. Skriv det som ÅÅÅÅ.",
        "Række 8, kolonne measure: Ukendt måling «happiness». Målingerne står i skabelonens ark "
        "«Målinger» og i README.",
        "Række 9, kolonne value: Andel indvandrere og efterkommere fra ikkevestlige lande er en "
        "andel i procent: højst 100.",
        "Række 10, kolonne value: Antal beboere kan ikke være negativ.",
        "Række 11, kolonne value: «mange» er ikke et tal. Skriv det med komma som decimaltegn, "
        "fx 42,5.",
        "Række 12, kolonne measure: Række 2 giver allerede residents for gl-jennumparken i 2020.",
        "Række 13, kolonne area: Området mangler.",
        "Række 13, kolonne value: Værdien mangler.",
    ]
    assert result.summary() == "Intet er importeret: filen har 9 fejl. Ret dem og prøv igen."


def test_a_dry_run_checks_and_saves_nothing(plan):
    result = _import(plan, GOOD, dry_run=True)
    assert result.ok
    assert result.summary() == "Filen er i orden: 4 værdier ville blive importeret (intet er gemt)."
    assert RegisterValue.objects.filter(plan=plan).count() == 0


def test_a_reimport_of_a_year_replaces_that_year_and_the_history_keeps_the_old(plan):
    other_year = f"area;year;measure;value\n{AREA};2019;residents;1200\n"
    assert _import(plan, other_year).ok
    assert _import(plan, GOOD).ok
    again = f"area;year;measure;value\n{AREA};2020;residents;1260\n"
    result = _import(plan, again)
    assert result.ok
    assert _values(plan) == {
        (AREA, 2019, "residents"): Decimal(1200),  # another year: untouched
        (AREA, 2020, "residents"): Decimal(1260),
    }
    history = RegisterValue.history.filter(plan=plan, measure="residents", year=2020)
    assert sorted(h.value for h in history) == [Decimal(1250), Decimal(1260)]
    deleted = RegisterValue.history.filter(plan=plan, measure="convicted", history_type="-")
    assert deleted.count() == 1


def test_a_file_from_danish_excel(plan):
    """Danish Excel saves CSV as Windows-1252 with ';' and a decimal comma; as XLSX the numbers
    are numbers."""
    text = GOOD.replace("gross_income_15_64;350000", "gross_income_15_64;350.000")
    result = import_register_values(plan, text.encode("cp1252"), "data.csv")
    assert result.ok, result.errors
    assert _values(plan)[("region", 2020, "gross_income_15_64")] == Decimal(350000)

    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx(plan)))
    assert workbook.sheetnames == ["Registerdata", "Områder", "Målinger"]
    measures = [row[0].value for row in workbook["Målinger"].iter_rows(min_row=2)]
    assert "outside_work_education_18_64" in measures
    out = io.BytesIO()
    workbook.save(out)
    result = import_register_values(plan, out.getvalue(), "skabelon.xlsx")
    assert result.ok, result.errors
    residents = RegisterValue.objects.filter(plan=plan, year=2020, measure="residents")
    assert list(residents.values_list("value", flat=True)) == [Decimal(1250)]


def test_the_csv_template_imports_as_it_is(plan):
    text = template_csv(plan)
    assert text.splitlines()[0] == "area;year;measure;value;source"
    assert _import(plan, text).ok


def test_the_command_imports_and_refuses(plan, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    call_command("register", "import", str(good), "--plan", plan.slug)
    assert RegisterValue.objects.filter(plan=plan).count() == 4
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD + "nowhere;2020;residents;1;\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Intet er importeret"):
        call_command("register", "import", str(bad), "--plan", plan.slug)
    with pytest.raises(CommandError, match="ingen plan"):
        call_command("register", "import", str(good), "--plan", "nej")


def test_the_status_command_gives_one_object_per_area(plan, capsys):
    rows = ["area;year;measure;value"]
    for year in (2019, 2020):
        rows += [
            f"{AREA};{year};residents;1500",
            f"{AREA};{year};outside_work_education_18_64;45",
            f"{AREA};{year};basic_education_only_30_59;65",
            f"{AREA};{year};non_western;55",
            f"{AREA};{year};convicted;1",
            f"{AREA};{year};gross_income_15_64;300000",
            f"land;{year};convicted;1",
            f"region;{year};gross_income_15_64;400000",
        ]
    assert _import(plan, "\n".join(rows)).ok
    capsys.readouterr()
    call_command("register", "status", plan.slug, "--year", "2020", "--json")
    found = {area["area"]: area for area in json.loads(capsys.readouterr().out)}
    assert set(found) == {"vangdalsparken", "omraadet-omkring-glarbjergvej", AREA}
    assert found[AREA]["residents"] == 1500
    assert found[AREA]["lists"] == ["udsat", "parallelsamfund", "forebyggelsesomraade"]
    assert [c["met"] for c in found[AREA]["criteria"]["udsat"]] == [True, False, True, False]
    assert found["vangdalsparken"]["lists"] == []
    assert found["vangdalsparken"]["residents"] is None
    call_command("register", "status", plan.slug)  # the newest year, in words
    assert "Gl. Jennumparken: Udsat boligområde (§ 61 a, stk. 1)" in capsys.readouterr().out

"""The register blocks of the årsrapport and the monitoreringsrapport: the plan's start, the latest
two data years up to the report's data date and the municipality; small counts hidden outward."""

import datetime
from decimal import Decimal

from helhedsplan.documents.document import Items, Section, Table, Text
from helhedsplan.registerdata.importer import import_register_values
from helhedsplan.registerdata.report_blocks import add_register_blocks


def _import(plan, rows):
    text = "area;year;measure;value\n" + "\n".join(rows)
    assert import_register_values(plan, text.encode(), "data.csv").ok


def _blocks(plan, as_of, suppress=False) -> list:
    section = Section("Registermålinger")
    add_register_blocks(section, plan, as_of, suppress=suppress)
    return section.blocks


def test_no_register_data_says_so(plan):
    (block,) = _blocks(plan, datetime.date(2020, 5, 31))
    assert isinstance(block, Text) and block.empty.startswith("Der er ikke importeret")


def test_start_latest_two_years_and_the_municipality(plan):
    rows = []
    for year, share in ((2015, 40), (2016, 39), (2017, 38), (2018, 37), (2019, 36), (2020, 35)):
        rows += [f"plan;{year};moving_out_rate;{share}", f"kommune;{year};moving_out_rate;9"]
    rows += ["plan;2019;moved_in;3", "gl-jennumparken;2019;residents;1500"]
    _import(plan, rows)
    # A report as of 2020 shows 2019 at the latest: a year's figures come out the year after.
    table, lists, *_ = _blocks(plan, datetime.date(2020, 5, 31))
    assert isinstance(table, Table)
    # The plan starts in 2017: its start is 2016.
    assert [c.label for c in table.columns] == [
        "Måling",
        "2016 (start)",
        "2018",
        "2019",
        "Kommunen 2019",
    ]
    assert table.rows[0] == ["Fraflytningsprocent", "39,0 %", "37,0 %", "36,0 %", "9,0 %"]
    assert table.rows[1] == ["Antal tilflyttere", "–", "–", "3", "–"]
    assert lists.title.endswith("dataår 2019")
    jennum = next(row for row in lists.rows if row[0] == "Gl. Jennumparken")
    assert jennum[1] == Decimal(1500)

    outward, *_ = _blocks(plan, datetime.date(2020, 5, 31), suppress=True)
    assert outward.rows[1][3] == "<5"
    assert outward.formatted_rows()[0][1] == "39,0 %"


def test_the_way_off_the_lists_is_listed(plan):
    rows = []
    for year in (2019, 2020):
        rows += [
            f"gl-jennumparken;{year};residents;1500",
            f"gl-jennumparken;{year};outside_work_education_18_64;45",
            f"gl-jennumparken;{year};basic_education_only_30_59;65",
            f"gl-jennumparken;{year};non_western;20",
        ]
    _import(plan, rows)
    blocks = _blocks(plan, datetime.date(2021, 5, 31))
    assert isinstance(blocks[-1], Items)
    assert (
        blocks[-1]
        .items[0]
        .startswith(
            "Gl. Jennumparken, Udsat boligområde (§ 61 a, stk. 1): Området skal holde op med"
        )
    )

"""The reports hide a small count only where the plan says it counts persons (counts_persons).

Before, a word list hid every unit ending in "forløb": the board read "<5" and "bagud" for the
hotspot's 2 gruppeforløb a year, though a course for 8-10 youths names nobody.
"""

import datetime

from helhedsplan.reports.services import make_report
from helhedsplan.reports.tests.conftest import register, workbook


def aktivitetsskema_rows(plan, *, suppress):
    report = make_report(
        plan=plan, kind="aktivitetsskema", period="2018/19", file_format="xlsx", suppress=suppress
    )
    rows = workbook(report.content)["Aktivitetsskema"].iter_rows(min_row=3, values_only=True)
    return {row[2]: row for row in rows}


def row_for(rows, plan, key):
    return rows[plan.success_criteria.get(key=key).text]


def test_the_board_reads_the_number_of_group_courses_and_not_a_small_number_of_families(plan):
    # The hotspot's 2 group courses a year, in 2017/18 and 2018/19, and 2 families'
    # counselling courses in 2018/19.
    for day in (datetime.date(2017, 9, 1), datetime.date(2018, 2, 1)):
        register(plan, "hotspot-gruppeforloeb-antal", day, kind="course", count=1)
    for day in (datetime.date(2018, 9, 1), datetime.date(2019, 2, 1)):
        register(plan, "hotspot-gruppeforloeb-antal", day, kind="course", count=1)
        register(plan, "familie-raadgivningsforloeb", day, kind="course", count=1)

    outward = aktivitetsskema_rows(plan, suppress=True)  # the board's and steering group's
    # Target 2 a year, 2017/18, 2018/19, the period so far: the courses as they are.
    courses = row_for(outward, plan, "hotspot-gruppeforloeb-antal")
    assert courses[3] == 2
    assert courses[5:8] == (2, 2, 4)
    assert courses[8] == "på sporet"  # 4 of 4 so far: the board sees the target is met
    # One family's course is that family: 2 is hidden wherever it would show.
    families = row_for(outward, plan, "familie-raadgivningsforloeb")
    assert "<5" in families[5:8]
    assert 2 not in families[5:8]

    inside = aktivitetsskema_rows(plan, suppress=False)  # the secretariat's edition
    assert row_for(inside, plan, "familie-raadgivningsforloeb")[5:8] == (None, 2, 2)


def test_a_group_course_count_stated_as_persons_is_hidden_like_any_person_count(plan):
    # The plan, not the unit's wording, decides: the same "forløb" unit, now stated as persons.
    plan.success_criteria.filter(key="hotspot-gruppeforloeb-antal").update(counts_persons=True)
    register(plan, "hotspot-gruppeforloeb-antal", datetime.date(2018, 9, 1), kind="course", count=2)
    courses = row_for(
        aktivitetsskema_rows(plan, suppress=True), plan, "hotspot-gruppeforloeb-antal"
    )
    assert "<5" in courses[5:8]
    assert 2 not in courses[5:8]

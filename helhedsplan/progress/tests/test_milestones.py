"""Milestone plans: months June to May per activity and plan year, overdue ones flagged, Excel."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from helhedsplan.conftest import PASSWORD
from helhedsplan.core.periods import plan_years
from helhedsplan.core.testing import read_form
from helhedsplan.progress.milestones import months_of, overdue
from helhedsplan.progress.models import Milestone

SLUG = "randers-nordby-2017-21"


def test_a_plan_year_has_the_twelve_months_june_to_may(plan):
    months = months_of(plan_years(plan.start, plan.end)[1])
    assert months[0] == datetime.date(2018, 6, 1)
    assert months[-1] == datetime.date(2019, 5, 1)
    assert len(months) == 12


def test_staff_add_and_edit_a_milestone_and_the_history_keeps_both(client, plan, medarbejder):
    client.login(username="medarbejder", password=PASSWORD)
    url = reverse("progress:milestone_plan", args=[SLUG, "hotspot", "2018-19"])
    response = client.post(
        url,
        {
            "month": "2018-09-01",
            "title": "Gruppeforløb starter",
            "owner": "Bysekretariatet",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get()
    assert milestone.month == datetime.date(2018, 9, 1) and milestone.activity.key == "hotspot"
    client.post(
        url,
        {
            "milestone_id": milestone.pk,
            "month": "2018-09-01",
            "title": "Gruppeforløb starter",
            "status": "done",
        }
        | read_form(client, f"{url}?ret={milestone.pk}"),
    )
    milestone.refresh_from_db()
    assert milestone.status == "done"
    assert milestone.history.count() == 2
    html = client.get(url).content.decode()
    assert "September 2018" in html and "Gruppeforløb starter" in html and "Maj 2019" in html


def test_a_month_outside_the_plan_year_is_refused(client, plan, medarbejder):
    client.login(username="medarbejder", password=PASSWORD)
    url = reverse("progress:milestone_plan", args=[SLUG, "hotspot", "2018-19"])
    response = client.post(url, {"month": "2019-09-01", "title": "For sent", "status": "planned"})
    assert response.status_code == 200
    assert "Milepælen er ikke gemt" in response.content.decode()
    assert not Milestone.objects.exists()


def test_overdue_milestones_are_flagged_on_the_dashboard(client, plan, medarbejder):
    hotspot = plan.activities.get(key="hotspot")
    Milestone.objects.create(
        plan=plan, activity=hotspot, month=datetime.date(2018, 9, 1), title="Forløb A"
    )
    Milestone.objects.create(
        plan=plan,
        activity=hotspot,
        month=datetime.date(2018, 10, 1),
        title="Forløb B",
        status="done",
    )
    Milestone.objects.create(
        plan=plan, activity=hotspot, month=datetime.date(2019, 3, 1), title="Forløb C"
    )
    assert [m.title for m in overdue(plan, datetime.date(2018, 12, 15))] == ["Forløb A"]
    client.login(username="medarbejder", password=PASSWORD)
    html = client.get(
        reverse("workspace:dashboard", args=[SLUG]), {"dato": "2018-12-15"}
    ).content.decode()
    assert "Forsinkede milepæle (1)" in html and "Forløb A" in html


def test_the_milestone_plan_exports_to_excel_with_every_month(client, plan, bestyrelse):
    hotspot = plan.activities.get(key="hotspot")
    Milestone.objects.create(
        plan=plan,
        activity=hotspot,
        month=datetime.date(2018, 6, 1),
        title="Opstart",
        owner="Bysekretariatet",
    )
    client.login(username="bestyrelse", password=PASSWORD)
    response = client.get(reverse("progress:milestone_export", args=[SLUG, "hotspot", "2018-19"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=6, values_only=True))
    assert rows[0][:3] == ("Juni 2018", "Opstart", "Bysekretariatet")
    assert [r[0] for r in rows][-1] == "Maj 2019"
    assert len(rows) == 12


@pytest.mark.parametrize("who", ["partner", "bestyrelse"])
def test_only_plan_staff_edit_milestone_plans(client, plan, partner, bestyrelse, who):
    client.login(username=who, password=PASSWORD)
    url = reverse("progress:milestone_plan", args=[SLUG, "hotspot", "2018-19"])
    assert client.get(url).status_code == 200
    assert (
        client.post(url, {"month": "2018-09-01", "title": "x", "status": "planned"}).status_code
        == 404
    )
    assert not Milestone.objects.exists()


def test_an_outsider_sees_no_milestone_plan(client, plan, outsider):
    client.login(username="outsider", password=PASSWORD)
    assert client.get(reverse("progress:milestones", args=[SLUG])).status_code == 404
    assert (
        client.get(
            reverse("progress:milestone_plan", args=[SLUG, "hotspot", "2018-19"])
        ).status_code
        == 404
    )

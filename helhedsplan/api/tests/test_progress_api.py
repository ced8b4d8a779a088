"""Progress over the API: the very rows `helhedsplan progress SLUG --json` prints."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from helhedsplan.api.tests.conftest import ALL_ROLES, SLUG
from helhedsplan.progress.services import plan_progress
from helhedsplan.registrations.services import RegistrationInput, save_registration

URL = f"plans/{SLUG}/progress"
AT = "2019-01-31"


@pytest.fixture
def delivered(plan, sekretariat):
    """Three children reached by Hotspot and a forløb: small, so suppressed for readers."""
    activity = plan.activities.get(key="hotspot")
    save_registration(
        plan,
        RegistrationInput(
            activity=activity,
            date=datetime.date(2018, 9, 3),
            kind="contact",
            codes=["H-1", "H-2", "H-3"],
            criteria=list(activity.success_criteria.filter(key="hotspot-kontakt")),
        ),
        user=sekretariat,
    )


def test_progress_equals_plan_progress_as_json(api_as, plan, delivered):
    response = api_as("sekretariat").get(URL, {"at": AT})
    assert response.status_code == 200
    expected = [row.as_json() for row in plan_progress(plan, datetime.date(2019, 1, 31)).criteria]
    assert response.json() == json.loads(json.dumps(expected, default=str))
    kontakt = next(row for row in response.json() if row["criterion"] == "hotspot-kontakt")
    assert kontakt["actual"] == 3


def test_progress_equals_what_the_progress_command_prints(api_as, plan, delivered):
    out = StringIO()
    call_command("progress", SLUG, "--at", AT, "--json", stdout=out)
    assert api_as("medarbejder").get(URL, {"at": AT}).json() == json.loads(out.getvalue())


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_of_the_plan_reads_progress(api_as, plan, role):
    response = api_as(role).get(URL, {"at": AT})
    assert response.status_code == 200
    assert len(response.json()) == plan.success_criteria.count()


@pytest.mark.parametrize("role", ["styregruppe", "bestyrelse", "laeser"])
def test_reading_roles_see_small_participant_counts_suppressed_as_on_the_web(
    api_as, plan, delivered, role
):
    rows = api_as(role).get(URL, {"at": AT}).json()
    kontakt = next(row for row in rows if row["criterion"] == "hotspot-kontakt")
    assert kontakt["actual"] == "<5"


def test_progress_without_a_date_is_computed_for_today(api_as, plan, monkeypatch):
    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda *a, **k: datetime.date(2018, 6, 1)
    )
    rows = api_as("sekretariat").get(URL).json()
    expected = [row.as_json() for row in plan_progress(plan, datetime.date(2018, 6, 1)).criteria]
    assert rows == json.loads(json.dumps(expected, default=str))


def test_progress_with_a_bad_date_is_refused_in_danish(api_as, plan):
    response = api_as("sekretariat").get(URL, {"at": "31.01.2019"})
    assert response.status_code == 422
    assert "ÅÅÅÅ-MM-DD" in response.json()["errors"]["at"][0]


def test_an_outsider_gets_404_for_progress(api_as, plan):
    assert api_as("outsider").get(URL, {"at": AT}).status_code == 404

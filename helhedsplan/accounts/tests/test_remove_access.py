"""A person removed from a plan loses it at once, in every path: pages, downloads, API, and the
beredskab; another plan's access is untouched."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from helhedsplan.accounts import memberships
from helhedsplan.accounts.models import PlanMembership
from helhedsplan.accounts.tests.conftest import SLUG
from helhedsplan.conftest import PASSWORD
from helhedsplan.preparedness.models import Contact
from helhedsplan.registrations.models import Registration
from helhedsplan.registrations.services import RegistrationInput, save_registration

REPORT = reverse("reports:show", args=[SLUG, "fremdrift"])
DOWNLOAD = {"periode": "2018/19-T2", "format": "xlsx"}
API = f"/api/v1/plans/{SLUG}/registrations"


def api_token_for(username: str) -> str:
    """A token made the way an administrator makes one: `helhedsplan api-token create`."""
    out = StringIO()
    call_command("api-token", "create", username, "--name", "test", stdout=out, stderr=StringIO())
    return next(line for line in out.getvalue().splitlines() if line.startswith("hp_"))


def api_get(token: str):
    return Client().get(API, headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def registered(plan):
    criterion = plan.success_criteria.get(key="udd-tilbud-tilknyttet-vaerksteder")
    data = RegistrationInput(
        activity=criterion.activity,
        date=datetime.date(2018, 11, 5),
        criteria=[criterion],
        kind="course",
        count=1,
    )
    return save_registration(plan, data, confirmed_duplicate=True)


def remove(plan, user, by):
    memberships.remove_access(membership=PlanMembership.objects.get(plan=plan, user=user), by=by)


def test_a_removed_partner_loses_the_pages_at_once_in_an_open_session(
    client, plan, partner, sekretariat
):
    assert client.login(username="partner", password=PASSWORD)
    overview = reverse("plans:overview", args=[SLUG])
    registrations = reverse("registrations:index", args=[SLUG])
    assert client.get(overview).status_code == 200
    assert client.get(registrations).status_code == 200
    remove(plan, partner, sekretariat)
    assert client.get(overview).status_code == 404
    assert client.get(registrations).status_code == 404


def test_a_removed_board_member_can_no_longer_download_a_report(
    client, plan, bestyrelse, sekretariat
):
    assert client.login(username="bestyrelse", password=PASSWORD)
    before = client.get(REPORT, DOWNLOAD)
    assert before.status_code == 200 and before["Content-Disposition"].startswith("attachment")
    remove(plan, bestyrelse, sekretariat)
    after = client.get(REPORT, DOWNLOAD)
    assert after.status_code == 404
    assert "Content-Disposition" not in after


def test_a_removed_partners_api_token_no_longer_opens_the_plan(
    plan, partner, sekretariat, registered
):
    token = api_token_for("partner")
    assert api_get(token).json()["count"] == 1
    remove(plan, partner, sekretariat)
    # Removing the access revokes the person's keys (helhedsplan/api/signals.py).
    response = api_get(token)
    assert response.status_code == 401
    assert "API-nøgle" in response.json()["detail"]
    # Nor can it write.
    body = {
        "activity": "uddannelsestilbud-for-unge",
        "criteria": ["udd-tilbud-tilknyttet-vaerksteder"],
        "date": "2019-02-14",
        "kind": "course",
        "count": 1,
    }
    post = Client().post(
        API,
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert post.status_code == 401
    assert Registration.objects.count() == 1


def test_removal_ends_the_beredskab_link_for_that_plan_only(
    client, plan, plan_text, medarbejder, sekretariat
):
    from helhedsplan.accounts.models import Role
    from helhedsplan.accounts.services import ensure_member
    from helhedsplan.plans.services import load_plan

    other = load_plan(text=plan_text.replace("randers-nordby-2017-21", "andet-omraade", 1))
    ensure_member(plan=other, username="medarbejder", role=Role.MEDARBEJDER, password=PASSWORD)
    here = Contact.objects.create(
        plan=plan, kind=Contact.Kind.MEMBER, role="Politiet", user=medarbejder
    )
    there = Contact.objects.create(
        plan=other, kind=Contact.Kind.MEMBER, role="Politiet", user=medarbejder
    )
    assert client.login(username="medarbejder", password=PASSWORD)
    beredskab = reverse("preparedness_plan:overview", args=[SLUG])
    assert client.get(beredskab).status_code == 200
    remove(plan, medarbejder, sekretariat)
    here.refresh_from_db()
    there.refresh_from_db()
    assert here.user is None and there.user == medarbejder
    assert here.history.latest().history_change_reason == "Adgang til planen fjernet"
    assert client.get(beredskab).status_code == 404
    other_beredskab = reverse("preparedness_plan:overview", args=["andet-omraade"])
    assert client.get(other_beredskab).status_code == 200


def test_access_in_another_plan_is_kept(client, plan, plan_text, partner, sekretariat):
    from helhedsplan.accounts.models import Role
    from helhedsplan.accounts.services import ensure_member
    from helhedsplan.plans.services import load_plan

    other = load_plan(text=plan_text.replace("randers-nordby-2017-21", "andet-omraade", 1))
    ensure_member(plan=other, username="partner", role=Role.LAESER, password=PASSWORD)
    remove(plan, partner, sekretariat)
    assert client.login(username="partner", password=PASSWORD)
    assert client.get(reverse("plans:overview", args=["andet-omraade"])).status_code == 200

"""/planer/<slug>/rediger/i-kraft/: the secretariat puts a draft in force with both dates."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.planning.creation import create_plan, template_text


@pytest.fixture
def draft(plan, sekretariat):
    """A draft the Randers personas share: the secretariat made it; the others get roles."""
    text = template_text("lbf-2019", slug="udkast", name="Udkast", start=datetime.date(2021, 6, 1))
    return create_plan(text=text, user=sekretariat)


def url(plan):
    return reverse("planning_edit:in_force", args=[plan.slug])


def test_the_secretariat_sees_what_going_in_force_means(client, draft, sekretariat):
    client.force_login(sekretariat)
    response = client.get(url(draft))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Sæt planen i kraft</h1>" in page
    assert "ændringsforslag, som bestyrelsen beslutter" in page
    assert 'name="board_approved_on"' in page and 'name="lbf_approved_on"' in page


def test_the_secretariat_puts_the_draft_in_force(client, draft, sekretariat):
    client.force_login(sekretariat)
    response = client.post(
        url(draft),
        {"board_approved_on": "2021-05-10", "lbf_approved_on": "2021-06-20"},
        follow=True,
    )
    assert response.redirect_chain == [("/planer/udkast/", 302)]
    assert "er nu i kraft" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.board_approved_on, draft.lbf_approved_on) == (
        "in_force",
        datetime.date(2021, 5, 10),
        datetime.date(2021, 6, 20),
    )
    assert draft.status_changed_by == sekretariat
    assert draft.history.first().history_user == sekretariat


@pytest.mark.parametrize(
    "role", [Role.MEDARBEJDER, Role.PARTNER, Role.STYREGRUPPE, Role.BESTYRELSE, Role.LAESER]
)
def test_no_other_role_may_put_a_plan_in_force(client, draft, role):
    user = ensure_member(
        plan=draft, username=f"{role}-udkast", role=role, password="x", organisation=None
    )
    client.force_login(user)
    assert client.get(url(draft)).status_code == 404
    data = {"board_approved_on": "2021-05-10", "lbf_approved_on": "2021-06-20"}
    assert client.post(url(draft), data).status_code == 404
    draft.refresh_from_db()
    assert draft.is_draft


def test_an_outsider_gets_404(client, draft, outsider):
    client.force_login(outsider)
    assert client.get(url(draft)).status_code == 404


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"board_approved_on": "", "lbf_approved_on": "2021-06-20"}, "board_approved_on", "Skriv"),
        ({"board_approved_on": "2021-05-10", "lbf_approved_on": ""}, "lbf_approved_on", "Skriv"),
        (
            {"board_approved_on": "10/5", "lbf_approved_on": "2021-06-20"},
            "board_approved_on",
            "Skriv datoen som ÅÅÅÅ-MM-DD",
        ),
        (
            {"board_approved_on": "2021-06-20", "lbf_approved_on": "2021-05-10"},
            "lbf_approved_on",
            "Landsbyggefonden godkender efter bestyrelsen",
        ),
        (
            {"board_approved_on": "2021-05-10", "lbf_approved_on": "FUTURE"},
            "lbf_approved_on",
            "kan ikke ligge i fremtiden",
        ),
    ],
)
def test_bad_dates_are_named_and_the_plan_stays_a_draft(
    client, draft, sekretariat, data, field, message
):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    data = {key: tomorrow if value == "FUTURE" else value for key, value in data.items()}
    client.force_login(sekretariat)
    response = client.post(url(draft), data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert "Ikke gemt – ret fejlene" in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft and draft.board_approved_on is None


def test_a_plan_in_force_shows_its_dates_and_no_form(client, plan, sekretariat):
    plan.board_approved_on = datetime.date(2017, 4, 1)
    plan.lbf_approved_on = datetime.date(2017, 5, 1)
    plan.save()
    client.force_login(sekretariat)
    response = client.get(url(plan))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Planen er allerede i kraft: godkendt af bestyrelsen 1. april 2017" in page
    assert '<form method="post" class="form' not in page
    response = client.post(url(plan), {"board_approved_on": "2021-05-10"})
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.board_approved_on == datetime.date(2017, 4, 1)

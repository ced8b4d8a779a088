import datetime
from decimal import Decimal

import pytest

from helhedsplan.conftest import PASSWORD
from helhedsplan.economy.models import Expense, StaffHours


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def _urls(plan):
    base = f"/planer/{plan.slug}/oekonomi/"
    return base, [base + "udgift/", base + "timer/", base + "import/", base + "import/skabelon.csv"]


@pytest.mark.parametrize("persona", ["sekretariat", "medarbejder"])
def test_plan_staff_read_and_write(client, plan, persona, request):
    _login(client, request.getfixturevalue(persona))
    overview, writing = _urls(plan)
    response = client.get(overview + "?dato=2019-05-31")
    assert response.status_code == 200
    text = response.content.decode()
    assert "16.055.000 kr." in text
    assert "860.000 kr." in text
    assert "Ikke fordelt på indsatsområder" in text
    assert "<caption>Budget og forbrug pr. indsatsområde" in text
    assert "Registrér en udgift" in text
    for url in writing:
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("persona", ["partner", "bestyrelse"])
def test_other_roles_read_only(client, plan, persona, request):
    _login(client, request.getfixturevalue(persona))
    overview, writing = _urls(plan)
    response = client.get(overview)
    assert response.status_code == 200
    assert "Registrér en udgift" not in response.content.decode()
    for url in writing:
        assert client.get(url).status_code == 404
    assert client.post(writing[0], {"month": "2018-01"}).status_code == 404
    assert not Expense.objects.exists()


def test_outsider_gets_404(client, plan, outsider):
    _login(client, outsider)
    overview, writing = _urls(plan)
    for url in [overview, *writing]:
        assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_login(client, plan):
    response = client.get(_urls(plan)[0])
    assert response.status_code == 302


def test_register_an_expense(client, plan, medarbejder):
    _login(client, medarbejder)
    focus = plan.focus_areas.get(key="tryghed-og-trivsel")
    response = client.post(
        f"/planer/{plan.slug}/oekonomi/udgift/",
        {
            "month": "2018-03",
            "focus_area": focus.id,
            "financing": "lbf",
            "amount": "-1250.50",
            "note": "Rettelse",
        },
    )
    assert response.status_code == 302
    expense = Expense.objects.get()
    assert expense.month == datetime.date(2018, 3, 1)
    assert expense.amount == Decimal("-1250.50")
    assert expense.registered_by == medarbejder
    assert expense.history.count() == 1


def test_expense_form_messages(client, plan, sekretariat):
    _login(client, sekretariat)
    response = client.post(
        f"/planer/{plan.slug}/oekonomi/udgift/",
        {"month": "2030-01", "financing": "lbf", "amount": "0", "note": "cpr 010190-1234"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "ligger uden for planperioden" in text
    assert "Beløbet må ikke være 0." in text
    assert "ligner et CPR-nummer" in text
    assert "010190-1234" in text  # the typed text is given back to the person typing it only
    response = client.post(
        f"/planer/{plan.slug}/oekonomi/udgift/",
        {"month": "marts", "financing": "lbf", "amount": "100"},
    )
    assert "Skriv måneden som ÅÅÅÅ-MM" in response.content.decode()
    assert not Expense.objects.exists()


def test_expense_for_another_plans_focus_area_is_refused(client, plan, sekretariat):
    _login(client, sekretariat)
    response = client.post(
        f"/planer/{plan.slug}/oekonomi/udgift/",
        {"month": "2018-01", "focus_area": 999999, "financing": "lbf", "amount": "10"},
    )
    assert response.status_code == 400
    assert not Expense.objects.exists()


def test_register_staff_hours_and_messages(client, plan, sekretariat):
    _login(client, sekretariat)
    organisation = plan.organisations.first()
    url = f"/planer/{plan.slug}/oekonomi/timer/"
    response = client.post(
        url, {"month": "2018-02", "organisation": organisation.id, "hours": "-3"}
    )
    assert response.status_code == 400
    assert "Timer kan ikke være negative." in response.content.decode()
    response = client.post(
        url, {"month": "2018-02", "organisation": organisation.id, "hours": "37.5"}
    )
    assert response.status_code == 302
    assert StaffHours.objects.get().hours == Decimal("37.5")
    overview = client.get(f"/planer/{plan.slug}/oekonomi/?dato=2018-02-28").content.decode()
    assert "<caption>Erlagte medarbejdertimer" in overview
    assert "37,5" in overview

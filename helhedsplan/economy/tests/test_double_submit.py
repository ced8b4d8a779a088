"""An expense or staff hours sent twice are registered once."""

from django.urls import reverse

from helhedsplan.conftest import PASSWORD
from helhedsplan.core.testing import read_form
from helhedsplan.economy.models import Expense

SLUG = "randers-nordby-2017-21"


def test_an_expense_sent_twice_is_registered_once(client, plan, medarbejder):
    client.login(username="medarbejder", password=PASSWORD)
    url = reverse("economy:expense_new", args=[SLUG])
    focus = plan.focus_areas.first()
    data = {
        "month": "2018-03",
        "focus_area": focus.id,
        "financing": "lbf",
        "amount": "1250.50",
        "note": "Busleje",
    } | read_form(client, url)
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert first.status_code == 302
    assert "Den er kun gemt én gang" in second.content.decode()
    assert Expense.objects.count() == 1


def test_staff_hours_sent_twice_are_registered_once(client, plan, medarbejder):
    from helhedsplan.economy.models import StaffHours

    client.login(username="medarbejder", password=PASSWORD)
    url = reverse("economy:hours_new", args=[SLUG])
    organisation = plan.organisations.first()
    data = {"organisation": organisation.id, "month": "2018-03", "hours": "37"} | read_form(
        client, url
    )
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert StaffHours.objects.count() == 1


def test_an_expense_import_sent_twice_imports_the_file_once(client, plan, medarbejder):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.login(username="medarbejder", password=PASSWORD)
    url = reverse("economy:import", args=[SLUG])
    guard = read_form(client, url)
    text = b"month;focus_area;financing;amount;note\n2018-03;;lbf;100;Leje\n2018-04;;lbf;200;Leje\n"

    def send():
        upload = SimpleUploadedFile("udgifter.csv", text, content_type="text/csv")
        return client.post(url, {"file": upload, **guard}, follow=True)

    assert "2 udgifter importeret" in send().content.decode()
    assert "Den er kun gemt én gang" in send().content.decode()
    assert Expense.objects.count() == 2

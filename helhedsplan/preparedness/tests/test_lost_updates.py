"""Two people correct the same contact of the beredskab: the second save is refused."""

from django.test import Client

from helhedsplan.conftest import PASSWORD
from helhedsplan.core.testing import read_form, returned_form
from helhedsplan.preparedness.models import Contact
from helhedsplan.preparedness.services import ensure_contacts


def logged_in(username) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_a_contact_saved_on_top_of_a_newer_version_is_refused(plan, sekretariat, medarbejder):
    ensure_contacts(plan)
    claus = Contact.objects.get(plan=plan, name="Claus Hansen")
    url = f"/planer/{plan.slug}/beredskab/personer/{claus.pk}/ret/"
    anna, bo = logged_in("sekretariat"), logged_in("sekretariat")
    read_by_anna, read_by_bo = read_form(anna, url), read_form(bo, url)
    data = {"role": claus.role, "name": claus.name, "phone": claus.phone, "save": ""}
    assert anna.post(url, data | {"phone": "40867408"} | read_by_anna).status_code == 302

    refused = bo.post(url, data | {"email": "claus@example.dk"} | read_by_bo)

    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Ikke gemt: sekretariat" in html and "→ «40867408»" in html
    form = refused.context["form"]
    assert form.data["phone"] == "40867408" and form.data["email"] == "claus@example.dk"
    claus.refresh_from_db()
    assert (claus.phone, claus.email) == ("40867408", "")
    assert bo.post(url, returned_form(refused)).status_code == 302
    claus.refresh_from_db()
    assert (claus.phone, claus.email) == ("40867408", "claus@example.dk")

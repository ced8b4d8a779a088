"""No lost updates on the web: two people edit the same registration or assessment; the second
save is refused with the first one's change shown, and nobody's input is lost."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from helhedsplan.conftest import PASSWORD
from helhedsplan.core.testing import guard_fields, read_form, returned_form
from helhedsplan.registrations.models import Assessment, Registration
from helhedsplan.registrations.services import RegistrationInput, save_registration

SLUG = "randers-nordby-2017-21"


def logged_in(username) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture
def registration(plan, sekretariat):
    return save_registration(
        plan,
        RegistrationInput(
            activity=plan.activities.get(key="hotspot"),
            date=datetime.date(2018, 9, 1),
            kind="contact",
            codes=["H-1"],
        ),
        user=sekretariat,
    )


def edit_data(**changes):
    data = {
        "date": "2018-09-01",
        "end_date": "",
        "kind": "contact",
        "count": "1",
        "participants": "1",
        "completed": "",
        "codes": "H-1",
        "completed_codes": "",
        "age_band": "",
        "gender": "",
        "note": "",
    }
    return data | changes


def test_the_second_save_is_refused_showing_the_first_change_and_keeping_both_inputs(
    plan, sekretariat, medarbejder, registration
):
    url = reverse("registrations:edit", args=[SLUG, registration.pk])
    anna, bo = logged_in("sekretariat"), logged_in("medarbejder")
    read_by_anna, read_by_bo = read_form(anna, url), read_form(bo, url)

    saved = anna.post(url, edit_data(count="4", note="Annas note") | read_by_anna)
    assert saved.status_code == 302
    refused = bo.post(url, edit_data(note="Bos note") | read_by_bo)

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Ikke gemt: sekretariat" in html and "har ændret registreringen" in html
    assert "Antal: 1 → 4" in html
    assert "Note: (tom) → «Annas note»" in html
    # Bo's own text stays in the field, marked with Anna's; Anna's count is put in for him.
    assert "Bos note</textarea>" in html
    assert "Ændret af sekretariat til «Annas note», mens du skrev." in html
    form = refused.context["form"]
    assert form.data["count"] == "4" and form.data["note"] == "Bos note"
    # Nothing of Bo's is saved: Anna's change stays.
    registration.refresh_from_db()
    assert (registration.count, registration.note) == (4, "Annas note")
    assert registration.history.count() == 2

    # Bo has now seen Anna's change: the form he got back saves, with both changes in it.
    again = bo.post(url, returned_form(refused))
    assert again.status_code == 302
    registration.refresh_from_db()
    assert (registration.count, registration.note) == (4, "Bos note")


def test_a_change_to_fields_the_second_person_did_not_touch_is_still_refused_once(
    plan, sekretariat, medarbejder, registration
):
    url = reverse("registrations:edit", args=[SLUG, registration.pk])
    anna, bo = logged_in("sekretariat"), logged_in("medarbejder")
    read_by_anna, read_by_bo = read_form(anna, url), read_form(bo, url)
    assert anna.post(url, edit_data(date="2018-09-03") | read_by_anna).status_code == 302

    refused = bo.post(url, edit_data(count="2") | read_by_bo)

    assert refused.status_code == 200
    assert "Dato: 01.09.2018 → 03.09.2018" in refused.content.decode()
    assert refused.context["form"].data["date"] == "2018-09-03"  # Anna's date, put in
    registration.refresh_from_db()
    assert (registration.date, registration.count) == (datetime.date(2018, 9, 3), 1)


def test_a_resent_edit_form_is_no_conflict(plan, sekretariat, registration):
    url = reverse("registrations:edit", args=[SLUG, registration.pk])
    anna = logged_in("sekretariat")
    data = edit_data(count="3") | read_form(anna, url)
    assert anna.post(url, data).status_code == 302
    assert anna.post(url, data).status_code == 302  # a double click on "Gem"
    registration.refresh_from_db()
    assert registration.count == 3


def test_an_edit_form_without_its_version_is_refused_and_then_saves(
    plan, sekretariat, registration
):
    url = reverse("registrations:edit", args=[SLUG, registration.pk])
    anna = logged_in("sekretariat")
    refused = anna.post(url, edit_data(count="5"))
    assert refused.status_code == 200
    assert "mangler oplysningen om, hvornår den blev hentet" in refused.content.decode()
    registration.refresh_from_db()
    assert registration.count == 1
    assert anna.post(url, returned_form(refused)).status_code == 302
    registration.refresh_from_db()
    assert registration.count == 5


def test_a_normal_single_edit_still_saves(plan, sekretariat, registration):
    url = reverse("registrations:edit", args=[SLUG, registration.pk])
    anna = logged_in("sekretariat")
    response = anna.post(url, edit_data(count="2", note="Rettet") | read_form(anna, url))
    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).note == "Rettet"


def test_two_people_assessing_the_same_tertial_first_time_do_not_overwrite_each_other(
    plan, sekretariat, medarbejder
):
    url = reverse("registrations:assess", args=[SLUG, "nussa-oplevet-forandring"])
    page = f"{url}?tertial=2018/19-T2"
    anna, bo = logged_in("sekretariat"), logged_in("medarbejder")
    read_by_anna, read_by_bo = read_form(anna, page), read_form(bo, page)
    data = {"tertial_label": "2018/19-T2"}
    first = anna.post(url, data | {"status": "near", "text": "Annas vurdering."} | read_by_anna)
    assert first.status_code == 302

    refused = bo.post(url, data | {"status": "behind", "text": "Bos vurdering."} | read_by_bo)

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "har ændret vurderingen for 2018/19-T2" in html
    assert "Vurdering: (tom) → tæt på" in html
    assert "Bos vurdering." in html
    assessment = Assessment.objects.get()
    assert (assessment.status, assessment.text) == ("near", "Annas vurdering.")


def test_a_second_assessment_edit_on_top_of_a_newer_one_is_refused(plan, sekretariat, medarbejder):
    url = reverse("registrations:assess", args=[SLUG, "nussa-oplevet-forandring"])
    page = f"{url}?tertial=2018/19-T2"
    data = {"tertial_label": "2018/19-T2"}
    anna, bo = logged_in("sekretariat"), logged_in("medarbejder")
    anna.post(url, data | {"status": "near", "text": "Første."} | read_form(anna, page))
    read_by_anna, read_by_bo = read_form(anna, page), read_form(bo, page)
    anna.post(url, data | {"status": "on_track", "text": "Første."} | read_by_anna)

    refused = bo.post(url, data | {"status": "near", "text": "Bo retter teksten."} | read_by_bo)

    assert refused.status_code == 200
    assert "Vurdering: tæt på → på sporet" in refused.content.decode()
    assert Assessment.objects.get().text == "Første."


def test_a_delete_after_someone_elses_change_is_stopped_and_says_what_changed(
    plan, sekretariat, medarbejder, registration
):
    """Anna opens the delete page; Bo corrects the registration; Anna's delete is stopped with
    Bo's change named, and a second click (now knowing it) deletes."""
    delete_url = reverse("registrations:delete", args=[SLUG, registration.pk])
    edit_url = reverse("registrations:edit", args=[SLUG, registration.pk])
    anna, bo = logged_in("sekretariat"), logged_in("medarbejder")
    read_by_anna = read_form(anna, delete_url)
    assert read_by_anna["version"]
    bo_form = read_form(bo, edit_url)
    assert bo.post(edit_url, edit_data(count="4") | bo_form).status_code == 302

    stopped = anna.post(delete_url, {"reason": "Dobbelt"} | read_by_anna)
    assert stopped.status_code == 200
    page = stopped.content.decode()
    assert "Ikke slettet: medarbejder har ændret registreringen" in page
    assert "«Antal»" in page
    assert Registration.objects.filter(pk=registration.pk).exists()

    again = anna.post(delete_url, {"reason": "Dobbelt"} | guard_fields(stopped))
    assert again.status_code == 302
    assert not Registration.objects.filter(pk=registration.pk).exists()


def test_a_delete_of_an_unchanged_registration_goes_through(plan, sekretariat, registration):
    delete_url = reverse("registrations:delete", args=[SLUG, registration.pk])
    anna = logged_in("sekretariat")
    response = anna.post(delete_url, {"reason": "Fejl"} | read_form(anna, delete_url))
    assert response.status_code == 302
    assert not Registration.objects.filter(pk=registration.pk).exists()

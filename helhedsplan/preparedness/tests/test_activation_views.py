"""The activation pages: who may see and activate, and each step through the web form."""

import pytest
from django.urls import reverse

from helhedsplan.conftest import PASSWORD
from helhedsplan.preparedness import activations as steps
from helhedsplan.preparedness.models import (
    ActionItem,
    Activation,
    CallEntry,
    Contact,
    IncidentType,
    LogEntry,
)
from helhedsplan.preparedness.tests.test_activations import make_contacts

SLUG = "randers-nordby-2017-21"
INDEX = reverse("preparedness_activation:index", args=[SLUG])
NEW = reverse("preparedness_activation:new", args=[SLUG])


def _detail(activation):
    return reverse("preparedness_activation:detail", args=[SLUG, activation.pk])


def _step(activation, step):
    """The POST view of one step of the detail page."""
    return reverse("preparedness_activation:step", args=[SLUG, activation.pk, step])


@pytest.fixture
def as_user(client):
    def log_in(user):
        client.login(username=user.username, password=PASSWORD)
        return client

    return log_in


@pytest.fixture
def activation(plan, sekretariat, mailoutbox):
    make_contacts(plan)
    return steps.activate(
        plan=plan,
        user=sekretariat,
        incident_type=IncidentType.FIGHTS,
        description="Slåskamp ved butikken.",
        address="Husarvej 12",
    ).activation


def _form(**overrides):
    data = {
        "incident_type": "arson",
        "area": "",
        "address": "Husarvej 7",
        "occurred_at": "2026-05-04T21:15",
        "description": "Brand i en container.",
    }
    data.update(overrides)
    return data


def test_the_secretariat_activates_and_lands_on_the_call_list(
    plan, sekretariat, as_user, mailoutbox
):
    make_contacts(plan)
    client = as_user(sekretariat)
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, _form(requested_by_police="on"), follow=True)
    activation = Activation.objects.get()
    assert response.redirect_chain[-1][0] == _detail(activation)
    assert activation.requested_by_police
    assert activation.activated_by == sekretariat
    assert activation.occurred_at.isoformat().startswith("2026-05-04T19:15")  # UTC
    page = response.content.decode()
    assert "Beredskabet er aktiveret" in page
    assert "Adressen ligger i boligområdet" in page
    assert 'href="tel:22222222"' in page
    assert "Kontaktet" in page and "Intet svar" in page
    assert "Pia Presse" in page  # listed, not called
    assert len(mailoutbox) == 6


def test_an_address_outside_the_area_is_said_on_the_page(plan, sekretariat, as_user, mailoutbox):
    make_contacts(plan)
    response = as_user(sekretariat).post(NEW, _form(address="Vestergade 1, Aarhus"), follow=True)
    assert "Adressen ligger uden for helhedsplanens område." in response.content.decode()


def test_a_place_is_needed(plan, sekretariat, as_user):
    response = as_user(sekretariat).post(NEW, _form(address=""))
    assert response.status_code == 400
    assert "Vælg et boligområde eller skriv adressen." in response.content.decode()
    assert not Activation.objects.exists()


def test_a_cpr_number_in_the_description_is_refused_and_nothing_is_saved(
    plan, sekretariat, as_user, mailoutbox
):
    response = as_user(sekretariat).post(NEW, _form(description="Barn 010203-1234 set"))
    assert response.status_code == 400
    assert "CPR-nummer" in response.content.decode()
    assert not Activation.objects.exists()
    assert not LogEntry.objects.exists()
    assert mailoutbox == []


def test_a_member_linked_to_a_contact_may_activate(plan, bestyrelse, as_user, mailoutbox):
    make_contacts(plan, user_for_member=bestyrelse)
    client = as_user(bestyrelse)
    assert client.get(INDEX).status_code == 200
    response = client.post(NEW, _form())
    assert response.status_code == 302
    assert Activation.objects.get().activated_by == bestyrelse


def test_a_deputy_linked_to_a_contact_may_activate(plan, medarbejder, as_user, mailoutbox):
    contacts = make_contacts(plan)
    Contact.objects.create(
        plan=plan,
        kind=Contact.Kind.DEPUTY,
        role="Suppleant",
        deputy_for=contacts["inspector"],
        user=medarbejder,
    )
    assert as_user(medarbejder).post(NEW, _form()).status_code == 302


def test_a_press_contact_sees_but_may_not_activate(plan, medarbejder, as_user, activation):
    Contact.objects.create(plan=plan, kind=Contact.Kind.PRESS, role="Presse", user=medarbejder)
    client = as_user(medarbejder)
    assert client.get(INDEX).status_code == 200
    assert "Aktivér beredskabet" not in client.get(INDEX).content.decode()
    assert client.get(_detail(activation)).status_code == 200
    assert client.get(NEW).status_code == 403
    call = activation.calls.first()
    response = client.post(_step(activation, "call"), {"call": call.pk, "status": "reached"})
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["medarbejder", "bestyrelse", "outsider"])
def test_others_get_404(request, persona, as_user, activation):
    client = as_user(request.getfixturevalue(persona))
    assert client.get(INDEX).status_code == 404
    assert client.get(NEW).status_code == 404
    assert client.get(_detail(activation)).status_code == 404
    assert client.post(NEW, _form()).status_code == 404
    assert Activation.objects.count() == 1


def test_anonymous_users_are_sent_to_log_in(client, activation):
    assert client.get(INDEX).status_code == 302


def test_an_activation_of_another_plan_is_404(plan, sekretariat, as_user, activation):
    url = reverse("preparedness_activation:detail", args=["en-anden-plan", activation.pk])
    assert as_user(sekretariat).get(url).status_code == 404


def test_ticking_off_calls_records_time_and_logs(sekretariat, as_user, activation):
    client = as_user(sekretariat)
    first, deputy = activation.calls.all()[:2]
    response = client.post(_step(activation, "call"), {"call": first.pk, "status": "no_answer"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#opkald-{first.pk}")
    page = client.get(_detail(activation)).content.decode()
    assert "Ring nu: Peter Politi, Lokalbetjent svarer ikke." in page
    assert "call--next" in page
    client.post(_step(activation, "call"), {"call": deputy.pk, "status": "reached"})
    deputy.refresh_from_db()
    assert deputy.status == CallEntry.Status.REACHED and deputy.reached_at
    texts = list(activation.log.values_list("text", flat=True))
    assert "Intet svar: Peter Politi, Lokalbetjent. Ring til suppleanten." in texts
    assert texts[-1] == "Kontaktet: Poul Politi, Politi."


def test_action_items_meeting_info_press_close_and_evaluation(sekretariat, as_user, activation):
    client = as_user(sekretariat)
    url = _detail(activation)

    def post(data):
        response = client.post(_step(activation, data.pop("step")), data)
        assert response.status_code == 302, response.content.decode()[:2000]

    post({"step": "meeting", "moede-at": "2026-05-04T22:00", "moede-note": "Beboerhuset"})
    post({"step": "action_add", "handling-title": "Ryd op", "handling-owner": "Driften"})
    action = ActionItem.objects.get()
    post({"step": "action_done", "action": action.pk})
    post({"step": "info_draft", "beboer-text": "Kære beboere"})
    post({"step": "info_approve"})
    post({"step": "info_send"})
    post({"step": "press", "presse-text": "Ingen kommentarer."})
    post({"step": "close"})
    page = client.get(url).content.decode()
    assert "Evaluering mangler" in page
    assert "Evaluering mangler" in client.get(INDEX).content.decode()
    post({"step": "evaluate", "evaluering-text": "Det gik godt."})
    activation.refresh_from_db()
    action.refresh_from_db()
    assert action.done_at is not None
    assert activation.coordinating_meeting_note == "Beboerhuset"
    assert activation.resident_info_status == Activation.InfoStatus.SENT
    assert activation.press_note == "Ingen kommentarer."
    assert activation.closed_at and activation.evaluated_at
    assert "Evaluering mangler" not in client.get(url).content.decode()
    assert "Evaluering mangler" not in client.get(INDEX).content.decode()
    assert activation.log.count() == 4 + 9


def test_a_step_out_of_order_is_refused_with_a_message(sekretariat, as_user, activation):
    client = as_user(sekretariat)
    response = client.post(_step(activation, "info_send"), {}, follow=True)
    assert "skal godkendes af styregruppen" in response.content.decode()
    activation.refresh_from_db()
    assert activation.resident_info_status == ""


def test_an_empty_action_shows_the_errors(sekretariat, as_user, activation):
    response = as_user(sekretariat).post(_step(activation, "action_add"), {"handling-title": ""})
    assert response.status_code == 400
    assert "Ikke gemt – ret fejlene" in response.content.decode()


def test_a_cpr_number_in_a_step_is_refused(sekretariat, as_user, activation):
    response = as_user(sekretariat).post(
        _step(activation, "press"), {"presse-text": "Beboer 0102031234"}
    )
    assert response.status_code == 400
    activation.refresh_from_db()
    assert activation.press_note == ""


def test_the_list_shows_statistics(sekretariat, as_user, activation):
    page = as_user(sekretariat).get(INDEX).content.decode()
    assert "Aktiveringer pr. planår og hændelse" in page
    assert "slåskampe" in page


def test_a_made_up_row_id_is_a_404_not_an_error(sekretariat, as_user, activation):
    client = as_user(sekretariat)
    assert (
        client.post(_step(activation, "call"), {"call": "abc", "status": "reached"}).status_code
        == 404
    )


def test_an_activation_stays_editable_when_the_user_who_made_it_is_deleted(
    medarbejder, as_user, activation
):
    from helhedsplan.preparedness.models import Activation

    activation.activated_by.delete()
    activation = Activation.objects.get(pk=activation.pk)
    assert activation.activated_by is None
    steps.save_press_note(activation=activation, text="Ingen kommentarer.", user=medarbejder)
    steps.close_activation(activation=activation, user=medarbejder)
    steps.evaluate(activation=activation, text="Det virkede.", user=medarbejder)
    activation.refresh_from_db()
    assert activation.evaluated_at and activation.press_note == "Ingen kommentarer."


def test_the_detail_page_takes_no_post_and_a_step_no_get(sekretariat, as_user, activation):
    client = as_user(sekretariat)
    assert client.post(_detail(activation), {"step": "close"}).status_code == 405
    assert client.get(_step(activation, "close")).status_code == 405
    assert client.post(_step(activation, "findes-ikke")).status_code == 403
    activation.refresh_from_db()
    assert activation.status == "open"
    page = client.get(_detail(activation)).content.decode()
    assert f'action="{_step(activation, "close")}"' in page

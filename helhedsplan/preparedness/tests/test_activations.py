"""Activating the beredskab and every step after it (activations.py), without the web pages."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from helhedsplan.preparedness import activations as steps
from helhedsplan.preparedness.activation_stats import activation_stats
from helhedsplan.preparedness.models import (
    Activation,
    CallEntry,
    Contact,
    IncidentType,
    LogEntry,
    Notification,
)

CPH = ZoneInfo("Europe/Copenhagen")


def make_contacts(plan, *, user_for_member=None):
    """Three members (the second called first by order), deputies, a press and a resource contact."""

    def contact(kind, name, role, order, phone="", email="", deputy_for=None, user=None):
        return Contact.objects.create(
            plan=plan,
            kind=kind,
            name=name,
            role=role,
            order=order,
            phone=phone,
            email=email,
            deputy_for=deputy_for,
            user=user,
        )

    ssp = contact(
        Contact.Kind.MEMBER,
        "Sara SSP",
        "SSP-konsulent",
        2,
        "11 11 11 11",
        "sara@example.dk",
        user=user_for_member,
    )
    police = contact(
        Contact.Kind.MEMBER, "Peter Politi", "Lokalbetjent", 1, "22 22 22 22", "peter@example.dk"
    )
    inspector = contact(
        Contact.Kind.MEMBER, "Ida Inspektør", "Inspektør", 3, "33 33 33 33", "ida@example.dk"
    )
    contact(Contact.Kind.DEPUTY, "Søren Suppleant", "SSP", 2, "44 44 44 44", "s@example.dk", ssp)
    contact(Contact.Kind.DEPUTY, "Dorte Deputy", "SSP", 1, "55 55 55 55", "d@example.dk", ssp)
    contact(Contact.Kind.DEPUTY, "Poul Politi", "Politi", 1, "66 66 66 66", "", police)
    contact(Contact.Kind.PRESS, "Pia Presse", "Direktør", 1, "77 77 77 77", "pia@example.dk")
    contact(Contact.Kind.RESOURCE, "Brandvæsenet", "Beredskab", 1, "112")
    return {"ssp": ssp, "police": police, "inspector": inspector}


def _activate(plan, user, **kwargs):
    values = {
        "incident_type": IncidentType.ARSON,
        "description": "Brand i kælderen.",
        "address": "Husarvej 12",
    }
    values.update(kwargs)
    return steps.activate(plan=plan, user=user, **values)


@pytest.fixture
def contacts(plan):
    return make_contacts(plan)


@pytest.fixture
def activation(plan, sekretariat, contacts, mailoutbox):
    return _activate(plan, sekretariat).activation


def _texts(activation):
    return list(LogEntry.objects.filter(activation=activation).values_list("text", flat=True))


def test_the_call_list_has_every_member_in_order_each_followed_by_their_deputies(activation):
    calls = list(activation.calls.values_list("name", "is_deputy"))
    assert calls == [
        ("Peter Politi, Lokalbetjent", False),
        ("Poul Politi, Politi", True),
        ("Sara SSP, SSP-konsulent", False),
        ("Dorte Deputy, SSP", True),
        ("Søren Suppleant, SSP", True),
        ("Ida Inspektør, Inspektør", False),
    ]
    assert activation.calls.first().phone == "22 22 22 22"


def test_press_and_resources_are_not_on_the_call_list(activation):
    names = " ".join(activation.calls.values_list("name", flat=True))
    assert "Pia Presse" not in names and "Brandvæsenet" not in names
    assert [c.name for c in steps.press_contacts(activation.plan)] == ["Pia Presse"]


def test_activation_logs_every_step_and_finds_the_area_of_the_address(activation):
    texts = _texts(activation)
    assert texts[0] == "Beredskabet er aktiveret: ildspåsættelse."
    assert activation.area is not None
    assert f"Adressen ligger i boligområdet {activation.area.name}." in texts
    assert "Opkaldslisten er lavet: 3 medlemmer og 3 suppleanter." in texts
    assert texts[-1].startswith("Besked sendt:")


def test_an_address_outside_the_plan_area_is_said_in_danish_and_still_activates(
    plan, sekretariat, contacts, mailoutbox
):
    result = _activate(plan, sekretariat, address="Strøget 1, København", requested_by_police=True)
    assert result.place.covered is False
    assert result.place.message == "Adressen ligger uden for helhedsplanens område."
    assert result.activation.area is None
    assert _texts(result.activation)[0] == (
        "Beredskabet er aktiveret: ildspåsættelse, på politiets anmodning."
    )


def test_a_chosen_area_is_kept_when_no_address_is_typed(plan, sekretariat, contacts, mailoutbox):
    area = plan.areas.first()
    result = _activate(plan, sekretariat, address="", area=area)
    assert result.activation.area == area
    assert result.place.message == ""


def test_the_time_defaults_to_now(activation):
    assert abs((timezone.now() - activation.occurred_at).total_seconds()) < 60


def test_a_cpr_number_in_the_description_is_refused_and_nothing_is_saved(
    plan, sekretariat, contacts, mailoutbox
):
    with pytest.raises(ValidationError):
        _activate(plan, sekretariat, description="Beboer 010203-1234 blev truet.")
    assert Activation.objects.count() == 0
    assert CallEntry.objects.count() == 0
    assert LogEntry.objects.count() == 0
    assert Notification.objects.count() == 0
    assert mailoutbox == []


def test_marking_a_call_reached_records_the_time_and_logs_it(activation, sekretariat):
    call = activation.calls.first()
    before = timezone.now()
    steps.mark_call(call=call, status=CallEntry.Status.REACHED, user=sekretariat)
    call.refresh_from_db()
    assert call.status == CallEntry.Status.REACHED
    assert call.reached_at >= before
    entry = LogEntry.objects.filter(activation=activation).last()
    assert entry.text == "Kontaktet: Peter Politi, Lokalbetjent."
    assert entry.user == sekretariat


def test_no_answer_highlights_the_deputy_as_next(activation, sekretariat):
    police = activation.calls.get(order=1)
    steps.mark_call(call=police, status=CallEntry.Status.NO_ANSWER, user=sekretariat)
    police.refresh_from_db()
    assert police.reached_at is not None
    assert _texts(activation)[-1] == "Intet svar: Peter Politi, Lokalbetjent. Ring til suppleanten."
    lines = steps.call_lines(activation)
    assert [line.call.name for line in lines if line.is_next] == ["Poul Politi, Politi"]
    assert lines[1].hint == "Ring nu: Peter Politi, Lokalbetjent svarer ikke."


def test_the_second_deputy_is_next_only_after_the_first_does_not_answer(activation, sekretariat):
    ssp, first, second = activation.calls.filter(order__in=[3, 4, 5]).order_by("order")
    steps.mark_call(call=ssp, status=CallEntry.Status.NO_ANSWER, user=sekretariat)
    assert [line.call for line in steps.call_lines(activation) if line.is_next] == [first]
    steps.mark_call(call=first, status=CallEntry.Status.NO_ANSWER, user=sekretariat)
    assert [line.call for line in steps.call_lines(activation) if line.is_next] == [second]
    steps.mark_call(call=second, status=CallEntry.Status.REACHED, user=sekretariat)
    assert not any(line.is_next for line in steps.call_lines(activation))


def test_deputies_are_not_needed_once_the_member_is_reached(activation, sekretariat):
    police = activation.calls.get(order=1)
    steps.mark_call(call=police, status=CallEntry.Status.REACHED, user=sekretariat)
    deputy_line = steps.call_lines(activation)[1]
    assert not deputy_line.is_next
    assert deputy_line.hint.startswith("Ikke nødvendigt")


def test_action_items_are_added_and_completed_with_log_lines(activation, sekretariat):
    due = datetime.datetime(2026, 5, 4, 16, 0, tzinfo=CPH)
    action = steps.add_action(
        activation=activation,
        title="Tryghedsvandring",
        owner="Boligsocial",
        due=due,
        user=sekretariat,
    )
    assert action.done_at is None
    steps.complete_action(action=action, user=sekretariat)
    action.refresh_from_db()
    assert action.done_at is not None
    texts = _texts(activation)
    assert (
        "Handling tilføjet: Tryghedsvandring (ansvarlig: Boligsocial, frist 4. maj 2026 kl. 16.00)."
        in texts
    )
    assert texts[-1] == "Handling udført: Tryghedsvandring."


def test_the_coordinating_meeting_is_recorded(activation, sekretariat):
    at = datetime.datetime(2026, 5, 4, 18, 30, tzinfo=CPH)
    steps.set_meeting(activation=activation, at=at, note="Beboerhuset", user=sekretariat)
    activation.refresh_from_db()
    assert activation.coordinating_meeting_at == at
    assert _texts(activation)[-1] == "Koordinerende møde: 4. maj 2026 kl. 18.30. Referat/note gemt."


def test_resident_information_goes_from_draft_to_approved_to_sent(activation, sekretariat):
    with pytest.raises(steps.ActivationError):
        steps.approve_resident_info(activation=activation, user=sekretariat)
    steps.draft_resident_info(activation=activation, text="Kære beboere …", user=sekretariat)
    assert activation.resident_info_status == Activation.InfoStatus.DRAFTED
    with pytest.raises(steps.ActivationError, match="godkendes"):
        steps.mark_resident_info_sent(activation=activation, user=sekretariat)
    steps.approve_resident_info(activation=activation, user=sekretariat)
    assert activation.resident_info_status == Activation.InfoStatus.APPROVED
    steps.mark_resident_info_sent(activation=activation, user=sekretariat)
    activation.refresh_from_db()
    assert activation.resident_info_status == Activation.InfoStatus.SENT
    assert _texts(activation)[-3:] == [
        "Information til beboerne: udkast gemt.",
        "Information til beboerne: godkendt af styregruppen.",
        "Information til beboerne: sendt til beboerne.",
    ]
    with pytest.raises(steps.ActivationError):
        steps.draft_resident_info(activation=activation, text="Ny tekst", user=sekretariat)


def test_changing_an_approved_text_needs_a_new_approval(activation, sekretariat):
    steps.draft_resident_info(activation=activation, text="Første", user=sekretariat)
    steps.approve_resident_info(activation=activation, user=sekretariat)
    steps.draft_resident_info(activation=activation, text="Anden", user=sekretariat)
    assert activation.resident_info_status == Activation.InfoStatus.DRAFTED


def test_the_press_note_is_saved_and_logged(activation, sekretariat):
    steps.save_press_note(activation=activation, text="Direktøren udtaler …", user=sekretariat)
    activation.refresh_from_db()
    assert activation.press_note == "Direktøren udtaler …"
    assert _texts(activation)[-1] == "Pressenote gemt."


def test_closing_then_evaluating_with_the_reminder_while_missing(activation, sekretariat, plan):
    with pytest.raises(steps.ActivationError):
        steps.evaluate(activation=activation, text="For tidligt", user=sekretariat)
    assert not steps.evaluation_missing(activation)
    steps.close_activation(activation=activation, user=sekretariat)
    assert activation.closed_at is not None
    assert activation.status == Activation.Status.CLOSED
    assert steps.evaluation_missing(activation)
    assert _evaluation_gaps(plan) == [activation]
    with pytest.raises(steps.ActivationError):
        steps.mark_call(
            call=activation.calls.first(), status=CallEntry.Status.REACHED, user=sekretariat
        )
    steps.evaluate(activation=activation, text="Opkaldene gik hurtigt.", user=sekretariat)
    assert activation.evaluated_at is not None
    assert not steps.evaluation_missing(activation)
    assert _evaluation_gaps(plan) == []
    assert _texts(activation)[-2:] == [
        "Aktiveringen er afsluttet. Evalueringen skal skrives nu.",
        "Evaluering skrevet.",
    ]


def test_statistics_count_activations_by_plan_year_and_type(plan, sekretariat, mailoutbox):
    def at(year, month, day):
        return datetime.datetime(year, month, day, 12, 0, tzinfo=CPH)

    for when, kind in [
        (at(2018, 6, 1), IncidentType.ARSON),  # first day of plan year 2018/19
        (at(2018, 12, 24), IncidentType.ARSON),
        (at(2019, 5, 31), IncidentType.SHOOTING),  # last day of 2018/19
        (at(2019, 6, 1), IncidentType.ARSON),
        (at(2018, 5, 31), IncidentType.OTHER),  # still 2017/18
    ]:
        _activate(plan, sekretariat, occurred_at=when, incident_type=kind)
    rows = [(r.year_label, r.incident_label, r.count) for r in activation_stats(plan)]
    assert rows == [
        ("2017/18", "andet", 1),
        ("2018/19", "ildspåsættelse", 2),
        ("2018/19", "skyderi", 1),
        ("2019/20", "ildspåsættelse", 1),
    ]


def test_statistics_are_one_query(plan, sekretariat, mailoutbox, django_assert_num_queries):
    _activate(plan, sekretariat)
    with django_assert_num_queries(1):
        activation_stats(plan)


def test_a_plan_without_people_gets_them_from_the_plan_file_when_activated(
    plan, sekretariat, mailoutbox
):
    result = _activate(plan, sekretariat)
    assert Contact.objects.filter(plan=plan).exists()
    members = Contact.objects.filter(plan=plan, kind=Contact.Kind.MEMBER).count()
    assert result.activation.calls.filter(is_deputy=False).count() == members > 0


def test_a_refused_activation_does_not_make_the_people_either(plan, sekretariat, mailoutbox):
    with pytest.raises(ValidationError):
        _activate(plan, sekretariat, description="CPR 311299-1234")
    assert not Contact.objects.exists()


def _evaluation_gaps(plan) -> list:
    """The closed activations the beredskab's readiness says lack an evaluation."""
    from django.utils import timezone

    from helhedsplan.preparedness.services import readiness

    return [
        gap.activation
        for gap in readiness(plan, timezone.localdate())
        if gap.code == "evaluation_missing"
    ]

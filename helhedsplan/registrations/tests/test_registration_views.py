"""Registering on the web: a partner registers for its own activity, and nothing else."""

import datetime

import pytest
from django.urls import reverse

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.conftest import PASSWORD
from helhedsplan.core.testing import read_form
from helhedsplan.registrations.models import Registration
from helhedsplan.registrations.services import RegistrationInput, save_registration

SLUG = "randers-nordby-2017-21"
PARTNER_ACTIVITY = "uddannelsestilbud-for-unge"  # the production school's activity
OTHER_ACTIVITY = "hotspot"


def login(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


def form_data(**overrides):
    data = {
        "date": "2019-02-14",
        "kind": "course",
        "count": "1",
        "participants": "",
        "completed": "",
        "codes": "",
        "completed_codes": "",
        "age_band": "15-17",
        "gender": "",
        "note": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def other_registration(plan, sekretariat):
    activity = plan.activities.get(key=OTHER_ACTIVITY)
    return save_registration(
        plan,
        RegistrationInput(
            activity=activity, date=datetime.date(2018, 9, 1), kind="contact", codes=["H-1"]
        ),
        user=sekretariat,
    )


def test_a_partner_registers_a_forloeb_with_ten_participant_codes(client, plan, partner):
    login(client, "partner")
    activity = plan.activities.get(key=PARTNER_ACTIVITY)
    criterion = activity.success_criteria.get(key="udd-tilbud-tilknyttet-vaerksteder")
    codes = "\n".join(f"U-{n:03d}" for n in range(1, 11))
    response = client.post(
        reverse("registrations:create", args=[SLUG, PARTNER_ACTIVITY]),
        form_data(
            codes=codes,
            criteria=[criterion.pk],
            end_date="2019-04-30",
            completed_codes="U-001, U-002",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    registration = Registration.objects.get()
    assert registration.registered_by == partner
    assert registration.participants == 10 and registration.completed == 2
    assert list(registration.criteria.all()) == [criterion]
    detail = client.get(response["Location"]).content.decode()
    assert "U-010" in detail
    assert "oprettet" in detail  # the history is shown


def test_the_form_shows_every_problem_in_danish_and_saves_nothing(client, plan, partner):
    login(client, "partner")
    response = client.post(
        reverse("registrations:create", args=[SLUG, PARTNER_ACTIVITY]),
        form_data(date="2030-01-01", participants="2", completed="3", codes="010190-1234"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Registreringen er ikke gemt" in html
    assert "uden for planperioden" in html
    assert "flere gennemførte (3) end deltagere (2)" in html
    assert "ligner et CPR-nummer" in html
    assert Registration.objects.count() == 0


def test_a_duplicate_needs_a_tick_before_it_is_saved(client, plan, partner):
    login(client, "partner")
    url = reverse("registrations:create", args=[SLUG, PARTNER_ACTIVITY])
    assert client.post(url, form_data()).status_code == 302
    html = client.post(url, form_data()).content.decode()
    assert (
        "Der findes allerede en registrering for aktiviteten «Uddannelsestilbud for unge»" in html
    )
    assert 'name="confirm_duplicate"' in html
    assert client.post(url, form_data(confirm_duplicate="on")).status_code == 302
    assert Registration.objects.count() == 2


def test_a_partner_sees_only_its_own_activities_to_register_for(client, plan, partner):
    html = (
        login(client, "partner").get(reverse("registrations:index", args=[SLUG])).content.decode()
    )
    assert "Uddannelsestilbud for unge" in html
    assert "HotSpot Nordbyen" not in html


@pytest.mark.parametrize(
    "path",
    [
        lambda r: reverse("registrations:create", args=[SLUG, OTHER_ACTIVITY]),
        lambda r: reverse("registrations:detail", args=[SLUG, r.pk]),
        lambda r: reverse("registrations:edit", args=[SLUG, r.pk]),
        lambda r: reverse("registrations:delete", args=[SLUG, r.pk]),
        lambda r: reverse("registrations:import_template", args=[SLUG, OTHER_ACTIVITY, "csv"]),
    ],
)
def test_a_partner_cannot_read_or_change_another_activitys_registrations(
    client, plan, partner, other_registration, path
):
    login(client, "partner")
    url = path(other_registration)
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(reason="x")).status_code == 404
    assert Registration.objects.filter(pk=other_registration.pk).exists()


def test_a_partner_does_not_see_other_activities_in_the_list(
    client, plan, partner, other_registration
):
    html = (
        login(client, "partner").get(reverse("registrations:index", args=[SLUG])).content.decode()
    )
    assert "0 i alt" in html


@pytest.mark.parametrize("role", [Role.STYREGRUPPE, Role.BESTYRELSE, Role.LAESER])
def test_read_only_roles_read_figures_not_rows_and_cannot_register_change_or_import(
    client, plan, other_registration, role
):
    ensure_member(plan=plan, username="reader", role=role, password=PASSWORD)
    login(client, "reader")
    # Rows are for those who keep and deliver them; the reading roles get the figures with the
    # small-number rule on the dashboard and in the reports (issue 17).
    for url in (
        reverse("registrations:index", args=[SLUG]),
        reverse("registrations:detail", args=[SLUG, other_registration.pk]),
        reverse("registrations:export", args=[SLUG]),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "H-1" not in response.content.decode()
    assert client.get(reverse("workspace:dashboard", args=[SLUG])).status_code == 200
    for url in (
        reverse("registrations:create", args=[SLUG, OTHER_ACTIVITY]),
        reverse("registrations:edit", args=[SLUG, other_registration.pk]),
        reverse("registrations:delete", args=[SLUG, other_registration.pk]),
        reverse("registrations:import", args=[SLUG]),
    ):
        assert client.post(url, form_data(reason="x")).status_code == 404, url
    assert Registration.objects.count() == 1


def test_an_outsider_sees_nothing(client, plan, outsider, other_registration):
    login(client, "outsider")
    for url in (
        reverse("registrations:index", args=[SLUG]),
        reverse("registrations:detail", args=[SLUG, other_registration.pk]),
        reverse("workspace:dashboard", args=[SLUG]),
        reverse("progress:missing", args=[SLUG]),
        reverse("registrations:import", args=[SLUG]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_partner_changes_only_what_it_registered_itself(client, plan, partner, sekretariat):
    activity = plan.activities.get(key=PARTNER_ACTIVITY)
    by_secretariat = save_registration(
        plan,
        RegistrationInput(activity=activity, date=datetime.date(2018, 9, 1), kind="event"),
        user=sekretariat,
    )
    login(client, "partner")
    assert (
        client.get(reverse("registrations:detail", args=[SLUG, by_secretariat.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("registrations:edit", args=[SLUG, by_secretariat.pk])).status_code == 404
    )


def test_a_delete_is_kept_in_the_history_with_its_reason(
    client, plan, sekretariat, other_registration
):
    login(client, "sekretariat")
    url = reverse("registrations:delete", args=[SLUG, other_registration.pk])
    assert client.post(url, {"reason": ""}).status_code == 200  # a reason is required
    assert client.post(url, {"reason": "Registreret to gange"}).status_code == 302
    assert not Registration.objects.filter(pk=other_registration.pk).exists()
    deleted = Registration.history.filter(id=other_registration.pk, history_type="-").get()
    assert "Registreret to gange" in deleted.history_change_reason
    assert "H-1" in deleted.history_change_reason
    assert deleted.history_user == sekretariat


def test_editing_keeps_the_old_version_in_the_history(
    client, plan, sekretariat, other_registration
):
    login(client, "sekretariat")
    url = reverse("registrations:edit", args=[SLUG, other_registration.pk])
    response = client.post(
        url,
        form_data(date="2018-09-01", kind="contact", count="3", codes="H-1")
        | read_form(client, url),
    )
    assert response.status_code == 302
    assert list(
        other_registration.history.order_by("history_date").values_list("count", flat=True)
    ) == [1, 3]


def test_a_cpr_number_typed_with_a_space_among_the_codes_is_refused(client, plan, partner):
    login(client, "partner")
    response = client.post(
        reverse("registrations:create", args=[SLUG, PARTNER_ACTIVITY]),
        form_data(codes="U-1\n010190 1234"),
    )
    assert "ligner et CPR-nummer" in response.content.decode()
    assert Registration.objects.count() == 0


def test_the_export_is_the_import_format_and_respects_what_the_role_may_see(
    client, plan, partner, other_registration
):
    activity = plan.activities.get(key=PARTNER_ACTIVITY)
    save_registration(
        plan,
        RegistrationInput(
            activity=activity, date=datetime.date(2019, 1, 5), kind="course", codes=["U-1", "U-2"]
        ),
        user=partner,
    )
    login(client, "partner")
    text = client.get(reverse("registrations:export", args=[SLUG])).content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert (
        lines[0]
        == "activity;criterion;date;end_date;kind;count;participants;completed;participant_codes;note"
    )
    assert lines[1:] == [
        'uddannelsestilbud-for-unge;;2019-01-05;;course;1;2;;"U-1;U-2";'
    ]  # not hotspot


def test_the_board_menu_does_not_lead_to_the_registrations(client, plan, other_registration):
    ensure_member(plan=plan, username="board", role=Role.BESTYRELSE, password=PASSWORD)
    login(client, "board")
    page = client.get(reverse("workspace:dashboard", args=[SLUG])).content.decode()
    assert 'aria-label="Hovedmenu"' in page
    assert reverse("registrations:index", args=[SLUG]) not in page
    assert ">Registrering<" not in page
    # Those who register still have it in their menu.
    ensure_member(plan=plan, username="staff", role=Role.MEDARBEJDER, password=PASSWORD)
    login(client, "staff")
    page = client.get(reverse("workspace:dashboard", args=[SLUG])).content.decode()
    assert reverse("registrations:index", args=[SLUG]) in page

import pytest
from django.utils import timezone

from helhedsplan.conftest import PASSWORD
from helhedsplan.core.testing import read_form
from helhedsplan.preparedness.models import Contact
from helhedsplan.preparedness.services import ensure_contacts


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def _base(plan):
    return f"/planer/{plan.slug}/beredskab/"


def _contact(plan, name):
    return Contact.objects.get(plan=plan, name=name)


@pytest.fixture
def linked(plan, medarbejder):
    """A member of the beredskab with a login: sees the beredskab, does not keep it."""
    ensure_contacts(plan)
    Contact.objects.filter(plan=plan, name="Claus Hansen").update(user=medarbejder)
    return medarbejder


def test_the_secretariat_sees_the_gaps_the_people_and_the_levels(client, plan, sekretariat):
    _login(client, sekretariat)
    _people_from_the_plan(client, plan)
    response = client.get(_base(plan))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ikke klar: 25 ting mangler" in text
    assert "Peter Larsen (Afdelingsleder og SSP-koordinator) mangler et telefonnummer." in text
    for name in ["Allan Aarslev", "Niels Jørgensen", "Pia Hesselvig", "Brandvæsnet"]:
        assert name in text
    assert "Det koordinerende niveau" in text
    assert "SSP-konsulentens ansvar at aktivere SSP-netværket" in text
    assert f'href="{_base(plan)}kontaktark.pdf"' in text
    assert f'href="{_base(plan)}personer/{_contact(plan, "Claus Hansen").pk}/ret/"' in text
    assert f'href="{_base(plan)}personer/ny/presse/"' in text
    assert f'href="{_base(plan)}personer/ny/ressource/"' in text


def test_numbers_and_addresses_are_tel_and_mailto_links(client, plan, sekretariat):
    ensure_contacts(plan)
    Contact.objects.filter(plan=plan, name="Allan Aarslev").update(
        phone="22 70 12 26", email="allan@example.dk"
    )
    _login(client, sekretariat)
    text = client.get(_base(plan)).content.decode()
    assert 'href="tel:22701226"' in text
    assert "Ring 22 70 12 26" in text
    assert 'href="mailto:allan@example.dk"' in text


def test_the_secretariat_edits_a_contact(client, plan, sekretariat):
    ensure_contacts(plan)
    claus = _contact(plan, "Claus Hansen")
    _login(client, sekretariat)
    url = f"{_base(plan)}personer/{claus.pk}/ret/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Bekræft oplysninger i dag" in page.content.decode()
    response = client.post(
        url,
        {
            "role": claus.role,
            "organisation": claus.organisation_id,
            "name": "Claus Hansen",
            "phone": "40 86 74 08",
            "email": "claus@example.dk",
            "confirmed_on": "",
            "note": "Træffes bedst om formiddagen.",
            "save": "",
        }
        | read_form(client, url),
    )
    assert response.status_code == 302
    claus.refresh_from_db()
    assert (claus.phone, claus.email, claus.confirmed_on) == (
        "40 86 74 08",
        "claus@example.dk",
        None,
    )
    assert claus.history.count() == 2  # created, changed: in the audit history


def test_confirm_today_sets_the_confirmation_date(client, plan, sekretariat):
    ensure_contacts(plan)
    claus = _contact(plan, "Claus Hansen")
    _login(client, sekretariat)
    url = f"{_base(plan)}personer/{claus.pk}/ret/"
    client.post(
        url,
        {"role": claus.role, "name": claus.name, "phone": "40867408", "confirm": ""}
        | read_form(client, url),
    )
    claus.refresh_from_db()
    assert claus.confirmed_on == timezone.localdate()


def test_a_deputy_is_added_for_a_member_and_the_gap_goes(client, plan, sekretariat):
    ensure_contacts(plan)
    claus = _contact(plan, "Claus Hansen")
    _login(client, sekretariat)
    url = f"{_base(plan)}personer/ny/suppleant/?for={claus.pk}"
    assert f'value="{claus.pk}" selected' in client.get(url).content.decode()
    response = client.post(
        url, {"role": "SSP-konsulent", "name": "Anne Suppleant", "deputy_for": claus.pk}
    )
    assert response.status_code == 302
    deputy = _contact(plan, "Anne Suppleant")
    assert (deputy.kind, deputy.deputy_for) == ("deputy", claus)
    assert (
        "Claus Hansen (SSP-konsulent) har ingen suppleant"
        not in client.get(_base(plan)).content.decode()
    )


@pytest.mark.parametrize(
    ("segment", "kind", "level"),
    [
        ("presse", "press", "coordinating"),
        ("ressource", "resource", "executing"),
        ("medlem", "member", "coordinating"),
    ],
)
def test_the_secretariat_adds_a_press_contact_or_a_resource(
    client, plan, sekretariat, segment, kind, level
):
    ensure_contacts(plan)
    _login(client, sekretariat)
    response = client.post(
        f"{_base(plan)}personer/ny/{segment}/", {"role": "Ny rolle", "name": "Ny Person"}
    )
    assert response.status_code == 302
    contact = _contact(plan, "Ny Person")
    assert (contact.kind, contact.level) == (kind, level)
    assert contact.order == Contact.objects.filter(plan=plan).count() - 1


def test_an_unknown_kind_is_404(client, plan, sekretariat):
    _login(client, sekretariat)
    assert client.get(f"{_base(plan)}personer/ny/hemmelig/").status_code == 404


def test_a_cpr_number_in_a_note_is_refused(client, plan, sekretariat):
    ensure_contacts(plan)
    claus = _contact(plan, "Claus Hansen")
    _login(client, sekretariat)
    response = client.post(
        f"{_base(plan)}personer/{claus.pk}/ret/",
        {"role": claus.role, "name": claus.name, "note": "Søn har cpr 010203-1234", "save": ""},
    )
    assert response.status_code == 400
    assert "ligner et CPR-nummer" in response.content.decode()
    claus.refresh_from_db()
    assert claus.note == ""


@pytest.mark.parametrize("phone", ["ring mig", "1234"])
def test_a_phone_number_must_be_a_number(client, plan, sekretariat, phone):
    ensure_contacts(plan)
    claus = _contact(plan, "Claus Hansen")
    _login(client, sekretariat)
    response = client.post(
        f"{_base(plan)}personer/{claus.pk}/ret/",
        {"role": claus.role, "name": claus.name, "phone": phone},
    )
    assert response.status_code == 400
    assert "Ikke gemt" in response.content.decode()


def test_a_linked_member_sees_the_beredskab_but_cannot_edit(client, plan, linked):
    _login(client, linked)
    response = client.get(_base(plan))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Allan Aarslev" in text
    assert "/ret/" not in text and "/personer/ny/" not in text
    claus = _contact(plan, "Claus Hansen")
    assert client.get(f"{_base(plan)}personer/{claus.pk}/ret/").status_code == 404
    assert (
        client.post(
            f"{_base(plan)}personer/{claus.pk}/ret/", {"role": "x", "phone": "12345678"}
        ).status_code
        == 404
    )
    assert client.get(f"{_base(plan)}personer/ny/presse/").status_code == 404
    assert client.get(f"{_base(plan)}kontaktark.pdf").status_code == 200
    claus.refresh_from_db()
    assert claus.phone == ""


@pytest.mark.parametrize("persona", ["partner", "bestyrelse", "outsider"])
def test_others_get_404(client, plan, persona, request):
    ensure_contacts(plan)
    _login(client, request.getfixturevalue(persona))
    claus = _contact(plan, "Claus Hansen")
    for url in ["", "kontaktark.pdf", f"personer/{claus.pk}/ret/", "personer/ny/presse/"]:
        assert client.get(_base(plan) + url).status_code == 404, url


def test_anonymous_users_are_sent_to_log_in(client, plan):
    response = client.get(_base(plan))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_contact_sheet_is_a_pdf(client, plan, sekretariat):
    _login(client, sekretariat)
    response = client.get(f"{_base(plan)}kontaktark.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_page_says_ready_when_nothing_is_missing(client, plan, sekretariat):
    from helhedsplan.preparedness.tests.test_readiness import fill_everything

    fill_everything(plan, timezone.localdate())
    _login(client, sekretariat)
    text = client.get(_base(plan)).content.decode()
    assert "Beredskabet er klar." in text
    assert "Ikke klar" not in text


def test_the_overview_takes_a_fixed_number_of_queries(client, plan, sekretariat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ensure_contacts(plan)
    _login(client, sekretariat)
    client.get(_base(plan))
    with CaptureQueriesContext(connection) as few:
        client.get(_base(plan))
    for number in range(10):
        Contact.objects.create(plan=plan, kind="member", role=f"Medlem {number}", phone="20304050")
    with CaptureQueriesContext(connection) as many:
        client.get(_base(plan))
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_gaps_are_summarised_by_kind_above_the_full_list(client, plan, sekretariat):
    _login(client, sekretariat)
    _people_from_the_plan(client, plan)
    text = client.get(_base(plan)).content.decode()
    for line in [
        "10 personer mangler telefonnummer",
        "4 medlemmer har ingen suppleant",
        "Oplysningerne om 10 personer er ikke bekræftet",
        "Det årlige statusmøde mangler",
    ]:
        assert line in text


def _people_from_the_plan(client, plan) -> None:
    """The first visit: the page offers to fetch the people, and a POST does it (a GET writes
    nothing)."""
    text = client.get(_base(plan)).content.decode()
    assert "Beredskabets personer er ikke hentet fra planens beredskabsorganer endnu." in text
    assert not Contact.objects.filter(plan=plan).exists()
    response = client.post(_base(plan) + "personer/fra-planen/")
    assert response.status_code == 302
    assert Contact.objects.filter(plan=plan).count() == 16
    text = client.get(_base(plan)).content.decode()
    assert "Hent personerne fra planen" not in text


def test_only_the_secretariat_fetches_the_people_and_only_by_post(client, plan, sekretariat):
    _login(client, sekretariat)
    assert client.get(_base(plan) + "personer/fra-planen/").status_code == 405
    assert not Contact.objects.filter(plan=plan).exists()
    client.post(_base(plan) + "personer/fra-planen/")
    client.post(_base(plan) + "personer/fra-planen/")  # twice: the people are made once
    assert Contact.objects.filter(plan=plan).count() == 16

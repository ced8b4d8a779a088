"""Issue 18, points 1 and 2: a saved form cannot save again, one duplicate rule that says what it
compared, criteria ticked in advance only where the type counts and the organisation delivers,
and an arrangement without participants asks first."""

import datetime

import pytest
from django.urls import reverse

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.conftest import PASSWORD
from helhedsplan.core.testing import read_form
from helhedsplan.registrations.forms import RegistrationForm
from helhedsplan.registrations.models import Registration
from helhedsplan.registrations.services import (
    RegistrationInput,
    RegistrationRefused,
    kinds_counted,
    likely_duplicate,
    save_registration,
)

SLUG = "randers-nordby-2017-21"
ACTIVITY = "uddannelsestilbud-for-unge"  # Randers Produktionshøjskole's activity
CREATE = reverse("registrations:create", args=[SLUG, ACTIVITY])
TODAY = datetime.date(2019, 6, 1)
ENROLMENT = "udd-tilbud-tilknyttet-vaerksteder"  # unique participants, delivered by the school
EVENTS = "udd-tilbud-netvaerksarrangementer"  # a count of arrangementer, Bysekretariatet delivers


def login(client, username="partner"):
    assert client.login(username=username, password=PASSWORD)
    return client


def event(**changes):
    return {
        "date": "2019-03-03",
        "kind": "event",
        "count": "1",
        "participants": "12",
        "codes": "",
        "completed_codes": "",
        "note": "",
    } | changes


def html_of(response):
    return response.content.decode()


# --- 1. a saved form does not save again ---------------------------------------------------------


def test_the_new_registration_form_is_not_kept_by_the_browser(client, plan, partner):
    response = login(client).get(CREATE)
    cache = response["Cache-Control"]
    assert "no-store" in cache and "private" in cache


def test_a_form_sent_again_with_its_spent_token_says_it_was_saved_and_links_to_it(
    client, plan, partner
):
    login(client)
    data = event() | read_form(client, CREATE)
    first = client.post(CREATE, data)
    assert first.status_code == 302
    again = client.post(CREATE, data | {"note": "trykket på Gem igen efter Tilbage"})
    saved = Registration.objects.get()
    detail = reverse("registrations:detail", args=[SLUG, saved.pk])
    html = html_of(again)
    assert again.status_code == 200
    assert "Registreringen er allerede gemt" in html
    assert "Den er ikke gemt igen" in html
    assert f'<a class="button" href="{detail}">Se den gemte registrering' in html
    assert "no-store" in again["Cache-Control"]
    assert saved.note == ""


def test_the_form_shown_again_with_its_spent_token_says_at_once_that_it_was_saved(
    client, plan, partner
):
    """What form.js asks when the page comes back from the browser's history (?sendt=TOKEN)."""
    login(client)
    data = event() | read_form(client, CREATE)
    client.post(CREATE, data)
    detail = reverse("registrations:detail", args=[SLUG, Registration.objects.get().pk])
    response = client.get(CREATE, {"sendt": data["form_token"]})
    html = html_of(response)
    assert "Denne formular er allerede gemt." in html
    assert f'<a class="button" href="{detail}">Se den gemte registrering' in html
    assert response.context["form"].initial["form_token"] == data["form_token"]
    assert "no-store" in response["Cache-Control"]
    # Gem on that page saves nothing new.
    assert "Registreringen er allerede gemt" in html_of(client.post(CREATE, data))
    assert Registration.objects.count() == 1


def test_an_unused_or_strange_token_in_the_address_says_nothing(client, plan, partner):
    login(client)
    assert "sendt-foer" not in html_of(client.get(CREATE, {"sendt": "ikke-brugt-endnu"}))
    strange = client.get(CREATE, {"sendt": "<script>"})
    assert "sendt-foer" not in html_of(strange)
    assert strange.context["form"].initial["form_token"] != "<script>"


def test_after_gem_og_registrer_en_til_the_spent_token_still_links_to_the_registration(
    client, plan, partner
):
    login(client)
    data = event(save_another="1") | read_form(client, CREATE)
    assert client.post(CREATE, data)["Location"] == CREATE
    saved = Registration.objects.get()
    html = html_of(client.post(CREATE, data))
    assert reverse("registrations:detail", args=[SLUG, saved.pk]) in html
    assert Registration.objects.count() == 1


def test_a_token_spent_by_another_user_links_to_nothing_of_theirs(client, plan, partner):
    login(client)
    data = event() | read_form(client, CREATE)
    client.post(CREATE, data)
    ensure_member(
        plan=plan,
        username="kollega",
        role=Role.PARTNER,
        password=PASSWORD,
        organisation=plan.organisations.get(key="randers-produktionshoejskole"),
    )
    client.logout()
    html = html_of(login(client, "kollega").post(CREATE, data))
    assert "Formularen er allerede brugt" in html
    assert "/registrering/" + str(Registration.objects.get().pk) not in html
    assert Registration.objects.count() == 1


# --- 1. one duplicate rule, said in words ----------------------------------------------------------


def test_creating_the_same_event_twice_is_flagged_and_the_message_says_what_it_compared(
    client, plan, partner
):
    login(client)
    assert client.post(CREATE, event() | read_form(client, CREATE)).status_code == 302
    response = client.post(CREATE, event() | read_form(client, CREATE))
    html = html_of(response)
    assert response.status_code == 200 and Registration.objects.count() == 1
    assert (
        "Der findes allerede en registrering for aktiviteten «Uddannelsestilbud for unge» den "
        "3. marts 2019 af typen arrangement, antal 1, med 12 deltagere, registreret af Randers "
        "Produktionshøjskole. Sammenlignet er aktivitet, dato, type, organisation og antal, og "
        "deltagere hvor begge har et tal."
    ) in html.replace("&#x27;", "'")
    assert "Gem alligevel – det er en anden registrering end den, der findes" in html
    assert "Ja, det er ikke en dobbeltregistrering" not in html
    twin = Registration.objects.get()
    assert reverse("registrations:detail", args=[SLUG, twin.pk]) in html
    confirmed = event(confirm_duplicate="on") | read_form(client, CREATE)
    assert client.post(CREATE, confirmed).status_code == 302
    assert Registration.objects.count() == 2


def test_a_copy_saved_without_its_participants_is_flagged_too(client, plan, partner):
    """The back button once saved a copy with the date kept and the codes gone ("–")."""
    login(client)
    client.post(CREATE, event(participants="", codes="U-1 U-2 U-3") | read_form(client, CREATE))
    html = html_of(
        client.post(
            CREATE, event(participants="", confirm_no_participants="on") | read_form(client, CREATE)
        )
    )
    assert "Der findes allerede en registrering" in html
    assert "med 3 deltagere" in html
    assert Registration.objects.count() == 1


def test_two_events_with_different_stated_participants_are_not_duplicates(client, plan, partner):
    login(client)
    client.post(CREATE, event(participants="12") | read_form(client, CREATE))
    assert (
        client.post(CREATE, event(participants="30") | read_form(client, CREATE)).status_code == 302
    )
    assert Registration.objects.count() == 2


def _edit(client, registration, **changes):
    url = reverse("registrations:edit", args=[SLUG, registration.pk])
    data = event(
        kind=registration.kind,
        date=registration.date.isoformat(),
        count=str(registration.count),
        participants=str(registration.participants),
        criteria=[c.pk for c in registration.criteria.all()],
    )
    return client.post(url, data | read_form(client, url) | changes)


def test_editing_only_the_participants_3_to_4_is_not_a_duplicate_of_itself(client, plan, partner):
    login(client)
    client.post(CREATE, event(participants="3") | read_form(client, CREATE))
    registration = Registration.objects.get()
    response = _edit(client, registration, participants="4")
    assert response.status_code == 302, html_of(response)[:3000]
    registration.refresh_from_db()
    assert registration.participants == 4


def test_an_edit_that_makes_it_equal_to_another_is_flagged_by_the_same_rule(client, plan, partner):
    login(client)
    client.post(CREATE, event(participants="12") | read_form(client, CREATE))
    client.post(CREATE, event(participants="30") | read_form(client, CREATE))
    second = Registration.objects.get(participants=30)
    html = html_of(_edit(client, second, participants="12"))
    assert "Der findes allerede en registrering for aktiviteten" in html
    assert "med 12 deltagere" in html
    second.refresh_from_db()
    assert second.participants == 30


def test_the_rule_compares_the_organisation(plan, partner, sekretariat):
    activity = plan.activities.get(key=ACTIVITY)
    data = RegistrationInput(activity=activity, date=datetime.date(2019, 3, 3), kind="event")
    school = plan.organisations.get(key="randers-produktionshoejskole")
    saved = save_registration(plan, data, user=partner, organisation_id=school.id, today=TODAY)
    assert likely_duplicate(plan, data, organisation_id=school.id) == saved
    assert likely_duplicate(plan, data, organisation_id=None) is None
    assert likely_duplicate(plan, data, organisation_id=school.id, exclude_id=saved.id) is None
    with pytest.raises(RegistrationRefused) as refused:
        save_registration(plan, data, user=partner, organisation_id=school.id, today=TODAY)
    assert refused.value.duplicate == saved


# --- 2. criteria ticked in advance -----------------------------------------------------------------


def criteria_form(response) -> RegistrationForm:
    return response.context["form"]


def test_an_arrangement_ticks_neither_the_enrolment_nor_what_bysekretariatet_delivers(
    client, plan, partner
):
    response = login(client).get(CREATE)
    form = criteria_form(response)
    activity = plan.activities.get(key=ACTIVITY)
    enrolment = activity.success_criteria.get(key=ENROLMENT)
    events = activity.success_criteria.get(key=EVENTS)
    assert form["kind"].value() == "event"
    assert form.initial["criteria"] == []
    html = html_of(response)
    # Still shown, unticked, for the partner to tick; the other deliverer is named.
    for criterion in (enrolment, events):
        assert f'value="{criterion.pk}"' in html
    assert "(data leveres af Bysekretariatet)" in html
    assert "checked" not in html.split('name="criteria"', 1)[1].split("</fieldset>", 1)[0]
    # form.js ticks the enrolment for a forløb, and never the other deliverer's count.
    counts_for = form.fields["criteria"].widget.counts_for
    assert counts_for[enrolment.pk] == {"contact", "course", "session"}
    assert counts_for[events.pk] == set()
    assert 'data-counts-for="contact course session"' in html


def test_bysekretariatet_gets_its_arrangement_count_ticked_for_an_arrangement(client, plan):
    bysekretariatet = plan.organisations.get(key="bysekretariatet")
    ensure_member(
        plan=plan,
        username="medarbejder-by",
        role=Role.MEDARBEJDER,
        password=PASSWORD,
        organisation=bysekretariatet,
    )
    form = criteria_form(login(client, "medarbejder-by").get(CREATE))
    events = plan.success_criteria.get(key=EVENTS)
    assert form.initial["criteria"] == [events.pk]


@pytest.mark.parametrize(
    ("key", "kinds"),
    [
        (ENROLMENT, {"course", "session", "contact"}),
        (EVENTS, {"event"}),  # unit "arrangementer"
        ("udd-tilbud-overgang-ungdomsuddannelse", set()),  # a share: never in advance
        ("hotspot-gruppeforloeb-antal", {"course"}),
        ("hotspot-kontakt", {"course", "session", "contact"}),
        ("naboskab-frivillige-aktiviteter", {"event"}),
    ],
)
def test_what_a_type_obviously_counts_toward(plan, key, kinds):
    assert kinds_counted(plan.success_criteria.get(key=key)) == kinds


def test_the_registration_form_script_is_a_file(client, plan, partner):
    html = html_of(login(client).get(CREATE))
    assert 'src="/static/registrations/form.js" defer' in html
    assert "data-registration-form" in html


# --- 2. an arrangement with no participants asks first ---------------------------------------------


def test_an_arrangement_with_no_participants_and_no_codes_asks_before_saving(client, plan, partner):
    login(client)
    for participants in ("0", ""):
        response = client.post(CREATE, event(participants=participants) | read_form(client, CREATE))
        html = html_of(response)
        assert response.status_code == 200
        assert "Arrangementet har hverken deltagere eller deltagerkoder" in html
        assert 'name="confirm_no_participants"' in html and 'type="checkbox"' in html
        assert Registration.objects.count() == 0
    confirmed = event(participants="0", confirm_no_participants="on") | read_form(client, CREATE)
    assert client.post(CREATE, confirmed).status_code == 302
    assert Registration.objects.get().participants == 0


def test_an_arrangement_with_codes_or_a_course_without_participants_is_not_asked(
    client, plan, partner
):
    login(client)
    with_codes = event(participants="", codes="U-1") | read_form(client, CREATE)
    assert client.post(CREATE, with_codes).status_code == 302
    course = event(kind="course", participants="", date="2019-03-04") | read_form(client, CREATE)
    assert client.post(CREATE, course).status_code == 302
    assert Registration.objects.count() == 2


def test_an_empty_arrangement_like_one_that_exists_asks_both_questions_at_once(
    client, plan, partner
):
    login(client)
    client.post(CREATE, event(participants="", codes="U-1 U-2") | read_form(client, CREATE))
    html = html_of(client.post(CREATE, event(participants="") | read_form(client, CREATE)))
    assert "hverken deltagere eller deltagerkoder" in html
    assert "Der findes allerede en registrering" in html and "med 2 deltagere" in html
    assert html.count('type="checkbox" name="confirm_') == 2
    both = event(participants="", confirm_no_participants="on", confirm_duplicate="on")
    assert client.post(CREATE, both | read_form(client, CREATE)).status_code == 302
    assert Registration.objects.count() == 2


def test_the_edit_form_does_not_claim_ticks_in_advance(client, plan, partner):
    login(client)
    client.post(CREATE, event() | read_form(client, CREATE))
    url = reverse("registrations:edit", args=[SLUG, Registration.objects.get().pk])
    html = html_of(client.get(url))
    assert "Kryds er sat på forhånd" not in html and "data-counts-for" not in html
    assert "Kryds er sat på forhånd" in html_of(client.get(CREATE))

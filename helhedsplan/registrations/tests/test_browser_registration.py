"""A partner registers a forløb in a real browser; the registration and progress pages pass axe."""

import pytest

from helhedsplan.browser import log_in, serious_violations
from helhedsplan.conftest import PASSWORD
from helhedsplan.registrations.models import Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SLUG = "randers-nordby-2017-21"


def test_partner_registers_a_forloeb_with_ten_codes_and_sees_the_dashboard_change(
    live_server, page, plan, partner
):
    log_in(page, live_server.url, "partner", PASSWORD)
    page.goto(f"{live_server.url}/planer/{SLUG}/registrering/")
    page.get_by_role("link", name="Uddannelsestilbud for unge").click()
    page.wait_for_load_state()  # the form's script follows the type chosen below
    page.get_by_label("Dato (skal udfyldes)").fill("2019-02-14")
    page.get_by_label("Type (skal udfyldes)").select_option("course")
    page.get_by_label("Deltagerkoder", exact=True).fill(
        " ".join(f"U-{n:03d}" for n in range(1, 11))
    )
    page.get_by_role("button", name="Gem", exact=True).click()
    page.wait_for_load_state()
    assert "Registreringen er gemt" in page.get_by_role("status").inner_text()
    assert Registration.objects.get().participants == 10
    page.goto(f"{live_server.url}/planer/{SLUG}/fremdrift/?dato=2019-02-28")
    row = page.get_by_role("row").filter(has_text="tilknyttet værkstederne")
    assert "10" in row.inner_text()


def test_registration_and_progress_pages_have_no_serious_accessibility_violations(
    live_server, page, plan, sekretariat
):
    log_in(page, live_server.url, "sekretariat", PASSWORD)
    page.goto(f"{live_server.url}/planer/{SLUG}/registrering/ny/hotspot/")
    page.get_by_label("Dato (skal udfyldes)").fill("2030-01-01")
    page.get_by_label("Deltagerkoder", exact=True).fill("P-1 P-2")
    page.get_by_role("button", name="Gem", exact=True).click()
    page.wait_for_load_state()
    problems = {"form with errors": serious_violations(page)}
    page.get_by_label("Dato (skal udfyldes)").fill("2018-10-01")
    page.get_by_role("button", name="Gem", exact=True).click()
    page.wait_for_load_state()
    registration = Registration.objects.get()
    for path in [
        "registrering/",
        "registrering/ny/hotspot/",
        f"registrering/{registration.pk}/",
        f"registrering/{registration.pk}/ret/",
        f"registrering/{registration.pk}/slet/",
        "import/",
        "fremdrift/?dato=2019-01-31",
        "fremdrift/mangler-data/?dato=2019-01-31",
        "fremdrift/tertialer/",
        "maalinger/",
        "vurderinger/nussa-oplevet-forandring/",
        "milepaele/",
        "milepaele/hotspot/2018-19/",
        "oekonomi/?dato=2019-05-31",
        "oekonomi/udgift/",
        "oekonomi/timer/",
        "oekonomi/import/",
    ]:
        response = page.goto(f"{live_server.url}/planer/{SLUG}/{path}")
        assert response.status == 200, path
        problems[path] = serious_violations(page)
    assert {path: found for path, found in problems.items() if found} == {}


def test_a_type_chosen_before_the_forms_script_ran_is_followed_when_it_runs(
    live_server, page, plan, partner
):
    """A slow phone: the person picks «forløb» before registrations/form.js has run (held back
    here); when it runs, the enrolment criterion is ticked for that type all the same."""
    held = []
    page.route("**/registrations/form.js", lambda route: held.append(route))
    log_in(page, live_server.url, "partner", PASSWORD)
    page.goto(
        f"{live_server.url}/planer/{SLUG}/registrering/ny/uddannelsestilbud-for-unge/",
        wait_until="commit",
    )
    enrolment = page.locator("input[name=criteria][data-counts-for~=course]").first
    page.get_by_label("Type (skal udfyldes)").select_option("course")
    assert not enrolment.is_checked()  # the script has not run: nothing followed the choice
    while not held:
        page.wait_for_timeout(20)
    held[0].continue_()
    page.wait_for_load_state()
    assert enrolment.is_checked()

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

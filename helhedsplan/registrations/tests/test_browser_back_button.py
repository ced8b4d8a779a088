"""Issue 18, point 1 and 2 in a real browser: the back button after "Gem" does not save a second
registration, and the criteria ticked in advance follow the chosen type.

Browser tests: each starts Chromium and a live server (a few seconds each)."""

import pytest

from helhedsplan.browser import log_in, serious_violations
from helhedsplan.conftest import PASSWORD
from helhedsplan.registrations.models import Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SLUG = "randers-nordby-2017-21"
ACTIVITY = "uddannelsestilbud-for-unge"


SIZES = {"desktop": (1366, 768), "phone": (390, 844)}


def wider_than_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


@pytest.fixture(params=sorted(SIZES))
def sized_page(request, browser):
    width, height = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="da-DK")
    yield context.new_page()
    context.close()


def test_back_after_saving_and_gem_again_saves_nothing_and_links_to_the_saved_registration(
    live_server, sized_page, plan, partner
):
    page = sized_page
    log_in(page, live_server.url, "partner", PASSWORD)
    response = page.goto(f"{live_server.url}/planer/{SLUG}/registrering/ny/{ACTIVITY}/")
    assert "no-store" in response.headers["cache-control"]
    assert "private" in response.headers["cache-control"]
    page.get_by_label("Dato (skal udfyldes)").fill("2019-02-14")
    page.get_by_label("Type (skal udfyldes)").select_option("course")
    page.get_by_label("Deltagerkoder", exact=True).fill("U-001 U-002 U-003")
    page.get_by_role("button", name="Gem", exact=True).click()
    page.wait_for_load_state()
    assert "Registreringen er gemt" in page.get_by_role("status").inner_text()
    saved = Registration.objects.get()
    detail = f"/planer/{SLUG}/registrering/{saved.pk}/"
    assert page.url.endswith(detail)

    page.go_back()
    # form.js finds the token the page was sent with and asks the server about it (?sendt=).
    page.wait_for_url("**sendt=**")
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Ny registrering")
    notice = page.locator("#sendt-foer")
    assert "Denne formular er allerede gemt." in notice.inner_text()
    assert notice.get_by_role("link", name="Se den gemte registrering").get_attribute("href") == (
        detail
    )
    assert not wider_than_the_screen(page)
    page.get_by_role("button", name="Gem", exact=True).click()
    page.wait_for_load_state()

    assert Registration.objects.count() == 1
    assert page.get_by_role("heading", level=1).inner_text() == "Registreringen er allerede gemt"
    link = page.get_by_role("link", name="Se den gemte registrering")
    assert link.get_attribute("href") == detail
    assert serious_violations(page) == []
    assert not wider_than_the_screen(page)
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith(detail)


def test_the_criteria_ticked_in_advance_follow_the_type(live_server, page, plan, partner):
    log_in(page, live_server.url, "partner", PASSWORD)
    page.goto(f"{live_server.url}/planer/{SLUG}/registrering/ny/{ACTIVITY}/")
    enrolment = page.get_by_label("20 unge fra området vil blive tilknyttet", exact=False)
    events = page.get_by_label("netværksskabende arrangementer", exact=False)
    assert page.get_by_label("Type (skal udfyldes)").input_value() == "event"
    assert not enrolment.is_checked() and not events.is_checked()
    page.get_by_label("Type (skal udfyldes)").select_option("course")
    assert enrolment.is_checked()
    assert not events.is_checked()  # Bysekretariatet delivers it
    assert "(data leveres af Bysekretariatet)" in page.get_by_role("main").inner_text()
    page.get_by_label("Type (skal udfyldes)").select_option("event")
    assert not enrolment.is_checked()


def test_an_arrangement_without_participants_asks_and_the_questions_pass_axe(
    live_server, page, plan, partner
):
    log_in(page, live_server.url, "partner", PASSWORD)
    page.goto(f"{live_server.url}/planer/{SLUG}/registrering/ny/{ACTIVITY}/")
    page.get_by_label("Dato (skal udfyldes)").fill("2019-02-14")
    page.get_by_role("button", name="Gem", exact=True).click()
    page.wait_for_load_state()
    assert "hverken deltagere eller deltagerkoder" in page.get_by_role("alert").inner_text()
    assert Registration.objects.count() == 0
    assert serious_violations(page) == []
    page.get_by_label("Gem alligevel – ingen deltog", exact=False).check()
    page.get_by_role("button", name="Gem", exact=True).click()
    page.wait_for_load_state()
    assert "Registreringen er gemt" in page.get_by_role("status").inner_text()
    assert Registration.objects.get().participants is None

"""Every plan page, opened in a real Chromium as a logged-in user, passes axe-core (WCAG 2.1 AA)."""

import pytest

from helhedsplan.browser import log_in, serious_violations
from helhedsplan.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "randers-nordby-2017-21"
PAGES = [
    f"/planer/{SLUG}/",
    f"/planer/{SLUG}/indsatsomraader/tryghed-og-trivsel/",
    f"/planer/{SLUG}/indsatsomraader/kriminalpraeventiv-indsats/",
    f"/planer/{SLUG}/indsatsomraader/uddannelse-og-beskaeftigelse/",
    f"/planer/{SLUG}/indsatsomraader/forebyggelse-og-foraeldreansvar/",
    f"/planer/{SLUG}/aktiviteter/",
    f"/planer/{SLUG}/aktiviteter/hotspot/",
    f"/planer/{SLUG}/aktiviteter/familiekurser/",
    f"/planer/{SLUG}/omraader/",
    f"/planer/{SLUG}/omraader/?adresse=Husarvej+12B",
    f"/planer/{SLUG}/omraader/?adresse=Husarvej",
    f"/planer/{SLUG}/organer/",
]


def test_login_page_has_no_serious_accessibility_violations(live_server, page):
    page.goto(f"{live_server.url}/login/")
    assert serious_violations(page) == []


def test_a_failed_login_says_so_in_danish(live_server, page, plan, medarbejder):
    log_in(page, live_server.url, "medarbejder", "forkert")
    assert (
        page.get_by_role("alert").inner_text().startswith("Brugernavn eller adgangskode er forkert")
    )


def test_every_plan_page_has_no_serious_accessibility_violations(
    live_server, page, plan, medarbejder
):
    log_in(page, live_server.url, "medarbejder", PASSWORD)
    problems = {}
    for path in PAGES:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        found = serious_violations(page)
        if found:
            problems[path] = found
    assert problems == {}


def test_keyboard_user_reaches_the_skip_link_first_and_it_moves_focus(
    live_server, page, plan, medarbejder
):
    log_in(page, live_server.url, "medarbejder", PASSWORD)
    page.goto(f"{live_server.url}/planer/{SLUG}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Gå til indhold"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "indhold"


def test_address_check_by_keyboard_only(live_server, page, plan, medarbejder):
    log_in(page, live_server.url, "medarbejder", PASSWORD)
    page.goto(f"{live_server.url}/planer/{SLUG}/omraader/")
    page.get_by_label("Adresse").fill("Garnisonsvej 7, 8930 Randers NØ")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "Ja – Garnisonsvej 7 ligger i planens område." in page.get_by_role("status").inner_text()


def test_the_axe_check_does_find_a_violation_when_there_is_one(page):
    # Guards the guard: a page with an unlabelled field and no language must fail the check.
    page.set_content("<html><body><main><input type='text'></main></body></html>")
    found = serious_violations(page)
    assert any(line.startswith("label ") for line in found), found

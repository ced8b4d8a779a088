"""In a real browser: the secretariat invites a partner, the partner opens the link, chooses a
password and lands logged in; both pages pass axe-core (no serious or critical violations)."""

import pytest

from helhedsplan.accounts.models import PlanMembership, Role
from helhedsplan.browser import log_in, serious_violations
from helhedsplan.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Gule-Roser-i-Nordbyen-42"


def test_the_secretariat_invites_a_partner_who_sets_a_password_and_lands_logged_in(
    live_server, browser, page, plan, sekretariat, partner
):
    log_in(page, live_server.url, "sekretariat", PASSWORD)
    page.goto(f"{live_server.url}/planer/{plan.slug}/personer/")
    assert page.get_by_role("heading", level=1).inner_text() == "Personer"
    assert (
        page.get_by_role("link", name="Personer", exact=True).get_attribute("aria-current")
        == "page"
    )
    assert serious_violations(page) == []

    page.get_by_label("E-mail").fill("anna.lund@skole.dk")
    page.get_by_label("Partner", exact=True).check()
    page.get_by_label("Organisation").select_option(label="Randers Produktionshøjskole")
    page.get_by_role("button", name="Invitér").click()
    page.wait_for_load_state()
    link = page.get_by_label("Invitationslink").input_value()
    assert "/invitation/" in link
    assert serious_violations(page) == []  # the page with the link shown once

    invited = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    try:
        other = invited.new_page()
        path = link[link.index("/invitation/") :]
        other.goto(live_server.url + path)
        assert "Invitation til" in other.get_by_role("heading", level=1).inner_text()
        assert serious_violations(other) == []
        other.get_by_label("Vælg en adgangskode").fill(NEW_PASSWORD)
        other.get_by_label("Skriv adgangskoden igen").fill(NEW_PASSWORD)
        other.get_by_role("button", name="Gem adgangskoden og log ind").click()
        other.wait_for_load_state()
        assert other.url.rstrip("/").startswith(live_server.url)
        assert "/login/" not in other.url and "/invitation/" not in other.url
        assert "anna.lund@skole.dk" in other.locator(".user").inner_text()
        assert "Velkommen" in other.content()
        membership = PlanMembership.objects.get(user__username="anna.lund@skole.dk")
        assert membership.role == Role.PARTNER
        assert membership.organisation.key == "randers-produktionshoejskole"

        # The same link again: a clear Danish refusal, which passes axe as well.
        other.goto(live_server.url + path)
        assert other.get_by_role("heading", level=1).inner_text() == "Linket er allerede brugt"
        assert serious_violations(other) == []
    finally:
        invited.close()

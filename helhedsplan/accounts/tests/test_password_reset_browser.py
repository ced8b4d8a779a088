"""In a real browser: "Glemt adgangskode?" from the login page, the mail's link followed, a
new password chosen and used to log in; the used link then refuses; every page passes axe-core."""

import re

import pytest
from django.core import mail

from helhedsplan.browser import log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "medarbejder@randers.dk"
NEW_PASSWORD = "Nyt-Kodeord-Til-Nordby-2026"


def test_a_forgotten_password_is_replaced_from_the_mailed_link(
    live_server, page, medarbejder, settings
):
    medarbejder.email = EMAIL
    medarbejder.save()
    # The link in the mail points at the site's address, here the live server's.
    settings.HELHEDSPLAN_BASE_URL = live_server.url

    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="Glemt adgangskode?").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Glemt adgangskode"
    assert serious_violations(page) == []

    page.get_by_label("Din e-mail").fill(EMAIL)
    page.get_by_role("button", name="Send link").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Tjek din e-mail"
    assert "Hvis e-mailen hører til en bruger" in page.get_by_role("status").inner_text()
    assert serious_violations(page) == []

    assert len(mail.outbox) == 1
    link = re.search(re.escape(live_server.url) + r"/login/glemt/ny/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    page.goto(link.group(0))
    page.wait_for_load_state()
    assert page.url.endswith("/set-password/")  # the token left the address bar
    assert page.get_by_role("heading", level=1).inner_text() == "Vælg en ny adgangskode"
    assert serious_violations(page) == []

    # Too common first: Django's rules answer in Danish, linked from the summary.
    page.locator("#id_new_password1").fill("password123")
    page.locator("#id_new_password2").fill("password123")
    page.get_by_role("button", name="Gem den nye adgangskode").click()
    page.wait_for_load_state()
    assert "Denne adgangskode er for almindelig." in page.get_by_role("alert").inner_text()
    assert serious_violations(page) == []

    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Gem den nye adgangskode").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Adgangskoden er skiftet"
    assert serious_violations(page) == []

    page.get_by_role("link", name="Log ind").click()
    page.wait_for_load_state()
    log_in(page, live_server.url, EMAIL, NEW_PASSWORD)
    assert "medarbejder" in page.locator(".user").inner_text()

    page.get_by_role("button", name="Log ud").click()
    page.wait_for_load_state()
    page.goto(link.group(0))
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Linket virker ikke"
    assert serious_violations(page) == []

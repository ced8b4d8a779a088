"""In a real browser: a user sets up two-step login from the QR code page (the secret typed
into "the app" is the one the page shows), logs out, and logs in with password and code; the
set-up page and the code page pass axe-core."""

import pytest

from helhedsplan.accounts.tests.security_helpers import code_for_secret
from helhedsplan.browser import log_in, serious_violations
from helhedsplan.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_step_login_is_set_up_and_then_asked_for_at_login(live_server, page, medarbejder):
    log_in(page, live_server.url, "medarbejder", PASSWORD)
    page.get_by_role("link", name="To-trins-login").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "To-trins-login"
    qr = page.get_by_role("img", name="QR-kode med hemmeligheden til to-trins-login")
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0")
    assert serious_violations(page) == []

    secret = page.locator("#hemmelighed").inner_text()
    page.get_by_label("Kode fra din app").fill(code_for_secret(secret))
    page.get_by_role("button", name="Slå to-trins-login til").click()
    page.wait_for_load_state()
    assert "To-trins-login er slået til" in page.get_by_role("status").inner_text()
    assert serious_violations(page) == []

    page.get_by_role("button", name="Log ud").click()
    page.wait_for_load_state()
    log_in(page, live_server.url, "medarbejder", PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == "Skriv koden fra din app"
    assert page.locator(".user").count() == 0  # the password alone did not log in
    assert serious_violations(page) == []

    page.get_by_label("Kode fra din app").fill(code_for_secret(secret, offset_steps=1))
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()
    assert "medarbejder" in page.locator(".user").inner_text()

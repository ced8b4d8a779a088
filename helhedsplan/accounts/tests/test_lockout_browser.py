"""In a real browser: after five wrong passwords the login page says in Danish that login is
locked for a while, and the page passes axe-core (no serious or critical violations)."""

import pytest

from helhedsplan.accounts.tests.security_helpers import LOCKED_TITLE, WRONG_PASSWORD
from helhedsplan.browser import log_in, serious_violations
from helhedsplan.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_login_page_says_that_login_is_locked_and_passes_axe(
    live_server, page, medarbejder, settings
):
    settings.AXES_ENABLED = True
    page.goto(f"{live_server.url}/login/")
    assert serious_violations(page) == []

    for _ in range(5):
        log_in(page, live_server.url, "medarbejder", WRONG_PASSWORD)
    log_in(page, live_server.url, "medarbejder", PASSWORD)

    assert page.url.startswith(f"{live_server.url}/login/")
    notice = page.get_by_role("alert")
    assert LOCKED_TITLE in notice.inner_text()
    assert "spærret i 15 minutter" in notice.inner_text()
    assert page.locator(".user").count() == 0  # not logged in
    assert serious_violations(page) == []

"""The report pages in a real Chromium: axe-core finds nothing serious, and a keyboard user
picks a report and a period and opens it."""

import pytest

from helhedsplan.browser import log_in, serious_violations
from helhedsplan.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "randers-nordby-2017-21"
PAGES = [
    f"/planer/{SLUG}/rapporter/",
    f"/planer/{SLUG}/rapporter/fremdrift/?periode=2018/19-T2",
    f"/planer/{SLUG}/rapporter/projektledelse/?periode=2018/19-T2",
    f"/planer/{SLUG}/rapporter/aarsrapport/?periode=2018/19",
    f"/planer/{SLUG}/rapporter/monitorering/?periode=2018/19",
    f"/planer/{SLUG}/rapporter/aktivitetsskema/?periode=2018/19",
    f"/planer/{SLUG}/rapporter/fremdrift/tekster/?periode=2018/19-T2",
]


def test_report_pages_have_no_serious_accessibility_violations(
    live_server, page, data, medarbejder
):
    log_in(page, live_server.url, "medarbejder", PASSWORD)
    problems = {}
    for path in PAGES:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        if found := serious_violations(page):
            problems[path] = found
    assert problems == {}


def test_a_keyboard_user_opens_a_report_for_a_chosen_period(live_server, page, data, medarbejder):
    log_in(page, live_server.url, "medarbejder", PASSWORD)
    page.goto(f"{live_server.url}/planer/{SLUG}/rapporter/")
    page.get_by_label("Periode").first.select_option("2018/19-T2")
    page.locator("#rapport-fremdrift ~ form button[value=vis]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Fremdriftsrapport 2018/19-T2"
    assert page.get_by_role("table", name="Succeskriterier, aktivitet 1.1", exact=True).count() == 1

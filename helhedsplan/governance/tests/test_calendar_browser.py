"""The calendar pages in a real Chromium: axe-core finds nothing serious, and a keyboard user
creates the proposal."""

import pytest

from helhedsplan.browser import log_in, serious_violations
from helhedsplan.conftest import PASSWORD
from helhedsplan.governance.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "randers-nordby-2017-21"


def test_calendar_pages_have_no_serious_accessibility_violations(live_server, page, sekretariat):
    log_in(page, live_server.url, "sekretariat", PASSWORD)
    base = f"{live_server.url}/planer/{SLUG}/moeder/kalender/2018-19/"
    problems = {}
    response = page.goto(base)
    assert response.status == 200
    if found := serious_violations(page):
        problems["før"] = found
    page.get_by_role("button", name="Foreslå møder for planåret").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Meeting.objects.count() > 40
    if found := serious_violations(page):
        problems["efter"] = found
    meeting = Meeting.objects.filter(body__key="bestyrelse").first()
    response = page.goto(f"{live_server.url}/planer/{SLUG}/moeder/kalender/moede/{meeting.pk}/ret/")
    assert response.status == 200
    page.get_by_label("Dato").fill("2019-04-19")
    with page.expect_navigation():
        page.get_by_role("button", name="Gem mødet").click()
    assert "langfredag" in page.content()
    if found := serious_violations(page):
        problems["rettet"] = found
    assert problems == {}

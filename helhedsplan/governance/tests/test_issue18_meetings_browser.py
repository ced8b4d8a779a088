"""Issue 18, points 4 and 5 in a real Chromium at desktop (1366x768) and phone (390x844) size: the
meeting list's body filter without JavaScript, a past meeting marked held from its prompt, no
page wider than the screen and nothing serious for axe-core. Each test takes a few seconds: a
live server, a browser and two sizes."""

import datetime

import pytest
from django.utils import timezone

from helhedsplan.browser import log_in, serious_violations
from helhedsplan.conftest import PASSWORD
from helhedsplan.core.periods import parse_period
from helhedsplan.governance.calendar import propose_year, save_proposals
from helhedsplan.governance.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "randers-nordby-2017-21"
SIZES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def calendar(plan):
    year = parse_period("2020/21", plan.start, plan.end)
    return save_proposals(plan, year, propose_year(plan, year)).created


def new_page(browser, size, javascript=True):
    context = browser.new_context(
        viewport=SIZES[size], locale="da-DK", java_script_enabled=javascript
    )
    return context, context.new_page()


def width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("size", SIZES)
def test_a_board_member_filters_the_meeting_list_without_javascript(
    browser, live_server, plan, calendar, bestyrelse, size
):
    member = plan.bodies.get(key="bestyrelse").members.order_by("order").first()
    member.user = bestyrelse
    member.save()
    context, page = new_page(browser, size, javascript=False)
    try:
        log_in(page, live_server.url, "bestyrelse", PASSWORD)
        page.goto(f"{live_server.url}/planer/{SLUG}/moeder/")
        assert width(page) <= SIZES[size]["width"]
        assert "Viser møder for: Bestyrelsen" in page.inner_text(".meeting-filter-result")
        select = page.get_by_label("Vis møder for")
        assert select.input_value() == "mine"
        select.select_option("fravaersteam")
        page.get_by_role("button", name="Vis", exact=True).click()
        page.wait_for_load_state()
        assert "organ=fravaersteam" in page.url
        assert "Viser møder for: Fraværsteamet" in page.inner_text(".meeting-filter-result")
        past = page.locator("#afholdte ~ ul li, section[aria-labelledby=afholdte] li")
        assert past.count() > 0
        assert all("Fraværsteamet" in text for text in past.all_inner_texts())
        assert width(page) <= SIZES[size]["width"]
        assert serious_violations_without_js(browser, live_server, page.url, size) == []
    finally:
        context.close()


def serious_violations_without_js(browser, live_server, url, size):
    """axe-core runs as a script, so the page is checked again in a context with JavaScript."""
    context, page = new_page(browser, size)
    try:
        log_in(page, live_server.url, "bestyrelse", PASSWORD)
        page.goto(url)
        return serious_violations(page)
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES)
def test_staff_mark_a_past_meeting_held_from_its_prompt(
    browser, live_server, plan, calendar, sekretariat, size
):
    board = next(m for m in calendar if m.body.kind == "board")
    assert board.report_label.startswith("Monitoreringsrapport 2020/21-T")
    assert board.starts_at < timezone.now() - datetime.timedelta(days=365)
    context, page = new_page(browser, size)
    try:
        log_in(page, live_server.url, "sekretariat", PASSWORD)
        page.goto(f"{live_server.url}/planer/{SLUG}/moeder/{board.pk}/")
        assert width(page) <= SIZES[size]["width"]
        prompt = page.get_by_role("region", name="Blev mødet holdt?")
        assert prompt.is_visible()
        assert serious_violations(page) == []
        # No minutes yet: only the agenda is offered for download.
        assert page.get_by_role("link", name="PDF (dagsorden)").count() == 1
        assert page.get_by_role("link", name="PDF (referat)").count() == 0
        assert page.get_by_role("link", name=board.report_label, exact=True).is_visible()
        prompt.get_by_role("button", name="Marker som afholdt").click()
        page.wait_for_load_state()
        assert "Mødet er markeret som afholdt" in page.content()
        assert page.get_by_role("region", name="Blev mødet holdt?").count() == 0
        board.refresh_from_db()
        assert board.status == Meeting.Status.HELD
        assert width(page) <= SIZES[size]["width"]
    finally:
        context.close()

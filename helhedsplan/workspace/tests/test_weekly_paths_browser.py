"""Each role's weekly path, clicked through in Chromium at desktop size (1366x768) and phone size
(390x844), as issue 18 asks: the partner registers a delivery and reads its own progress, the
secretariat finds what is missing and approves a tertial after the confirmation, the board member
opens the next meeting and the report it follows up. Every page on the way is no wider than the
screen and axe-core finds nothing serious. The links are reached as a person reaches them: on a
phone through the folded «Menu».

Each case takes some seconds: a live server, a browser context and axe on every page.
"""

import pytest

from helhedsplan.browser import log_in, serious_violations
from helhedsplan.conftest import PASSWORD
from helhedsplan.governance.models import Meeting
from helhedsplan.registrations.models import Registration, TertialApproval
from helhedsplan.workspace.tests.conftest import at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = {"desktop": (1366, 768), "telefon": (390, 844)}


@pytest.fixture(params=list(SIZES))
def sized(request, browser):
    width, height = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="da-DK")
    page = context.new_page()
    page.problems = {}
    yield page
    context.close()


def check(page, where: str) -> None:
    """The page fits the screen and passes axe; problems are gathered for one assertion."""
    page.wait_for_load_state()
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    found = serious_violations(page)
    if width > viewport:
        found.append(f"{width} px bred på en skærm af {viewport} px")
    if found:
        page.problems[where] = found


def menu(page, name: str) -> None:
    """A link of the site's menu, opened first where it is folded (a phone)."""
    link = page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name=name)
    if not link.is_visible():
        page.locator("#site-menu > summary").click()
    link.click()
    page.wait_for_load_state()


def test_the_partner_registers_a_delivery_and_reads_its_own_progress(
    live_server, sized, plan, partner
):
    page = sized
    log_in(page, live_server.url, "partner", PASSWORD)
    check(page, "start")
    menu(page, "Registrering")
    check(page, "registrering")
    page.get_by_role("link", name="Uddannelsestilbud for unge").first.click()
    page.wait_for_load_state()  # the form's script follows the type chosen below
    page.get_by_label("Dato (skal udfyldes)").fill("2019-02-14")
    page.get_by_label("Type (skal udfyldes)").select_option("course")
    page.get_by_label("Deltagerkoder", exact=True).fill("U-001 U-002 U-003")
    check(page, "ny registrering")
    page.get_by_role("button", name="Gem", exact=True).click()
    page.wait_for_load_state()
    assert "Registreringen er gemt" in page.get_by_role("status").inner_text()
    check(page, "gemt")
    assert Registration.objects.get().participants == 3

    menu(page, "Fremdrift")
    # A partner sees its own criteria first (issue 18, point 8), with a way to all of them.
    assert page.get_by_role("link", name="Vis alle", exact=False).count() >= 1
    check(page, "fremdrift")
    assert page.problems == {}


def test_the_secretariat_finds_what_is_missing_and_approves_a_tertial(
    live_server, sized, plan, sekretariat
):
    page = sized
    log_in(page, live_server.url, "sekretariat", PASSWORD)
    check(page, "start")
    menu(page, "Fremdrift")
    check(page, "fremdrift")
    page.goto(f"{live_server.url}/planer/{plan.slug}/fremdrift/mangler-data/?dato=2018-01-31")
    check(page, "mangler data")
    page.goto(f"{live_server.url}/planer/{plan.slug}/fremdrift/tertialer/")
    check(page, "tertialer")
    page.get_by_role("button", name="Godkend 2017/18-T1", exact=False).first.click()
    page.wait_for_load_state()
    # The confirmation names what is still missing; nothing is locked before it is confirmed.
    assert "mangler data" in page.content()
    assert not TertialApproval.objects.filter(plan=plan, approved=True).exists()
    check(page, "bekræft godkendelse")
    page.get_by_role("button", name="Godkend", exact=False).last.click()
    page.wait_for_load_state()
    assert TertialApproval.objects.filter(plan=plan, approved=True).count() == 1
    check(page, "godkendt")
    assert page.problems == {}


def test_the_board_member_opens_the_next_meeting_and_the_report_it_follows_up(
    live_server, sized, plan, bestyrelse
):
    page = sized
    meeting = Meeting.objects.create(
        plan=plan,
        body=plan.bodies.get(key="bestyrelse"),
        starts_at=at(2018, 3, 12),
        status=Meeting.Status.PLANNED,
    )
    assert meeting.agenda_items.exists()  # the fixed items from the moment it is planned
    log_in(page, live_server.url, "bestyrelse", PASSWORD)
    check(page, "start")
    menu(page, "Møder")
    check(page, "møder")
    page.get_by_role("main").get_by_role("link", name="12. marts 2018", exact=False).first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Dagsorden").count() == 1
    check(page, "mødet")
    page.get_by_role("main").get_by_role("link", name="rapport", exact=False).first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text()
    check(page, "rapporten")
    assert page.problems == {}

"""Issue 18.7 in a real Chromium at phone size (390x844) and desktop size (1366x768): the
editor's front page is short (it was 25,962 px on a phone and 15,626 px on a desktop, with 682
links), a focus area and an activity are reached by clicking their names, the search finds a
criterion by its text, a changed yearly target asks about the period target, and no page is
wider than the screen. axe-core finds nothing serious on the way. Each test drives a browser
through several pages, which takes seconds."""

import pytest

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.browser import log_in, serious_violations
from helhedsplan.conftest import PASSWORD
from helhedsplan.planning import review
from helhedsplan.planning.models import ReviewMark
from helhedsplan.plans import models as m
from helhedsplan.plans.services import load_plan, plan_as_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAFT = "randers-udkast"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


@pytest.fixture
def draft(plan_text):
    text = plan_text.replace("slug: randers-nordby-2017-21", f"slug: {DRAFT}", 1)
    plan = load_plan(text=text, source_name="udkast.yaml", new_status=m.Plan.Status.DRAFT)
    ensure_member(plan=plan, username="sekretariat", role=Role.SEKRETARIAT, password=PASSWORD)
    # One copied text, as a successor has them.
    review.mark(
        plan,
        "",
        "summary",
        plan_as_data(plan)["summary"],
        ReviewMark.Reason.COPIED,
        "Kopieret fra forrige plan; nævner 2017.",
    )
    return plan


def _open(browser, viewport):
    context = browser.new_context(viewport=viewport, locale="da-DK")
    return context, context.new_page()


def _height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_on_a_phone_the_editor_is_short_pages_reached_by_name(live_server, browser, draft):
    context, page = _open(browser, PHONE)
    problems = {}

    def check(name):
        assert _width(page) <= PHONE["width"], (name, _width(page))
        if found := serious_violations(page):
            problems[name] = found

    try:
        log_in(page, live_server.url, "sekretariat", PASSWORD)
        page.goto(f"{live_server.url}/planer/{DRAFT}/rediger/")
        height = _height(page)
        assert height < 5000, height  # 25,962 px before
        assert page.locator("main a").count() < 40  # 682 before
        check("front page")
        assert "Skal gennemses" in page.get_by_role("main").inner_text()

        page.get_by_role("link", name="3. Uddannelse og beskæftigelse").click()
        page.wait_for_load_state()
        assert (
            page.get_by_role("heading", level=1)
            .inner_text()
            .startswith("Indsatsområde: 3. Uddannelse og beskæftigelse")
        )
        assert _height(page) < 8000, _height(page)
        check("focus area page")

        page.get_by_label("Søg i indsatsområdet").fill("netværksskabende")
        page.get_by_role("button", name="Søg").click()
        page.wait_for_load_state()
        check("search results")
        page.get_by_role(
            "link", name="Succeskriterium: Der afholdes 5 netværksskabende", exact=False
        ).click()
        page.wait_for_load_state()
        hint = page.locator("#target-hint")
        assert "5 årligt svarer til 20 for hele perioden" in hint.inner_text()
        page.get_by_label("Mål", exact=True).fill("6")
        # planning/target.js recounts while typing; the server asks before saving.
        assert "bliver målet for hele perioden 24 (står nu til 20)" in hint.inner_text()
        page.get_by_role("button", name="Gem").click()
        page.wait_for_load_state()
        box = page.locator("#folger")
        assert "Mål for hele perioden: 20" in box.inner_text()
        assert "24" in box.inner_text()
        check("the target's consequences")
        page.get_by_label("Ret dem også, som foreslået", exact=False).check()
        page.get_by_role("button", name="Gem").click()
        page.wait_for_load_state()
        assert "Planen har en ny version" in page.get_by_role("status").inner_text()
        saved = m.SuccessCriterion.objects.get(plan=draft, key="udd-tilbud-netvaerksarrangementer")
        assert (saved.target, saved.period_target) == (6, 24)

        page.goto(f"{live_server.url}/planer/{DRAFT}/rediger/?gennemses=1")
        check("texts to review")
        page.get_by_role("link", name="Planen: Boligsocial helhedsplan", exact=False).click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/planer/{DRAFT}/rediger/del/")
        assert "Skal gennemses: Kopieret fra forrige plan" in page.get_by_role("main").inner_text()
        check("the plan's frame, with a text to review")
    finally:
        context.close()
    assert problems == {}


def test_on_a_desktop_the_front_page_fits_in_a_few_screens(live_server, browser, draft):
    context, page = _open(browser, DESKTOP)
    try:
        log_in(page, live_server.url, "sekretariat", PASSWORD)
        page.goto(f"{live_server.url}/planer/{DRAFT}/rediger/")
        height = _height(page)
        assert height < 3000, height  # 15,626 px before
        assert _width(page) <= DESKTOP["width"]
        page.get_by_role("link", name="1. Aktivitet til styrkelse af naboskab").click()
        page.wait_for_load_state()
        assert (
            page.get_by_role("heading", level=1)
            .inner_text()
            .startswith("Aktivitet: 1. Aktivitet til styrkelse af naboskab")
        )
        page.get_by_role("link", name="2. Formidling og branding", exact=False).click()
        page.wait_for_load_state()
        assert "Forrige aktivitet" in page.get_by_role("main").inner_text()
        assert serious_violations(page) == []
    finally:
        context.close()

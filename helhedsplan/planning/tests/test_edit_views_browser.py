"""The plan editor in a real Chromium: axe-core finds nothing serious, and a target is edited."""

import pytest

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.browser import log_in, serious_violations
from helhedsplan.conftest import PASSWORD
from helhedsplan.plans import models as m
from helhedsplan.plans.services import load_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAFT = "randers-udkast"
CRITERION = (
    "focus_areas/tryghed-og-trivsel/activities/naboskab/success_criteria/naboskab-ambassadoerer"
)


@pytest.fixture
def draft(plan_text):
    text = plan_text.replace("slug: randers-nordby-2017-21", f"slug: {DRAFT}", 1)
    plan = load_plan(text=text, source_name="udkast.yaml", new_status=m.Plan.Status.DRAFT)
    ensure_member(plan=plan, username="sekretariat", role=Role.SEKRETARIAT, password=PASSWORD)
    return plan


def test_the_editor_pages_have_no_serious_accessibility_violations(live_server, page, draft):
    log_in(page, live_server.url, "sekretariat", PASSWORD)
    problems = {}
    for path in [
        f"/planer/{DRAFT}/rediger/",
        f"/planer/{DRAFT}/rediger/del/{CRITERION}/",
        f"/planer/{DRAFT}/rediger/del/areas/gl-jennumparken/?adresse=Husarvej+13",
        f"/planer/{DRAFT}/rediger/versioner/",
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        if found := serious_violations(page):
            problems[path] = found
    assert problems == {}


def test_an_activitys_target_is_edited_in_the_browser(live_server, page, draft):
    log_in(page, live_server.url, "sekretariat", PASSWORD)
    page.goto(f"{live_server.url}/planer/{DRAFT}/rediger/")
    page.get_by_role("link", name="1. Aktivitet til styrkelse af naboskab").click()
    page.get_by_role(
        "link", name="Ret Succeskriterium: Minimum 17 beboere er udøvende", exact=False
    ).click()
    page.get_by_label("Mål", exact=True).fill("abc")
    page.get_by_role("button", name="Gem").click()
    summary = page.get_by_role("alert")
    assert "Mål: Skal være et tal" in summary.inner_text()
    assert serious_violations(page) == []
    page.get_by_label("Mål", exact=True).fill("20")
    page.get_by_role("button", name="Gem").click()
    assert "Planen har en ny version" in page.get_by_role("status").inner_text()
    assert m.SuccessCriterion.objects.get(plan=draft, key="naboskab-ambassadoerer").target == 20
    page.get_by_role("link", name="Redigér planen").click()
    page.get_by_role("link", name="Versioner og ændringer").click()
    page.get_by_role("button", name="Vis ændringerne").click()
    assert "mål ændret fra 17 til 20" in page.get_by_role("status").inner_text()

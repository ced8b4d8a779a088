"""Starting a plan and putting it in force, in a real Chromium: axe-core finds nothing serious,
and a keyboard-and-mouse user can create a plan from the template."""

import pytest

from helhedsplan.browser import log_in, serious_violations
from helhedsplan.conftest import PASSWORD
from helhedsplan.plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_new_plan_and_in_force_pages_have_no_serious_accessibility_violations(
    live_server, page, plan, sekretariat
):
    log_in(page, live_server.url, "sekretariat", PASSWORD)
    problems = {}
    for path in ["/ny-plan/", "/ny-plan/skabelon/", "/ny-plan/afloeser/", "/ny-plan/planfil/"]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        if found := serious_violations(page):
            problems[path] = found

    # A form with errors: the error summary and the fields' messages must pass too.
    page.goto(f"{live_server.url}/ny-plan/skabelon/")
    page.get_by_label("Kort navn").fill("Ikke Gyldig")
    page.get_by_role("button", name="Opret planen").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    if found := serious_violations(page):
        problems["skabelon med fejl"] = found

    # A valid form: the plan is made and the overview says it is a draft.
    page.get_by_label("Landsbyggefondens fire indsatsområder (2019-26)").check()
    page.get_by_label("Kort navn").fill("nordby-2021-25")
    page.get_by_label("Navn (skal udfyldes)", exact=True).fill(
        "Boligsocial helhedsplan for Nordby 2021-25"
    )
    page.get_by_label("Startdato").fill("2021-06-01")
    page.get_by_role("button", name="Opret planen").click()
    page.wait_for_load_state()
    assert page.url.endswith("/planer/nordby-2021-25/")
    assert "oprettet som udkast" in page.get_by_role("status").inner_text()
    assert Plan.objects.get(slug="nordby-2021-25").is_draft

    response = page.goto(f"{live_server.url}/planer/nordby-2021-25/rediger/i-kraft/")
    assert response.status == 200
    if found := serious_violations(page):
        problems["i kraft"] = found
    page.get_by_label("Bestyrelsens godkendelse").fill("2021-05-10")
    page.get_by_label("Landsbyggefondens godkendelse").fill("2021-05-01")
    page.get_by_role("button", name="Sæt planen i kraft").click()
    page.wait_for_load_state()
    if found := serious_violations(page):
        problems["i kraft med fejl"] = found
    assert problems == {}
    assert Plan.objects.get(slug="nordby-2021-25").is_draft

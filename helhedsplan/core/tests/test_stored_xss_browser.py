"""Stored cross-site scripting in a real Chromium: every page of a plan whose free texts all hold
a script-opening payload, opened by the secretariat and by a partner, runs no script of the
payload and has no element made from it.

The strict Content-Security-Policy would block an inline handler anyway; this test looks for the
element itself, so it checks the escaping, not only the policy behind it.
"""

import pytest
from playwright.sync_api import Error as PlaywrightError

from helhedsplan.browser import log_in
from helhedsplan.core.tests import attack_data as data
from helhedsplan.core.tests.test_permission_matrix import NOT_SENT, ROUTES, address

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Notices a run of the payload's handler, should the policy ever let it through.
WATCH = "window.__xssRuns = 0; window.xss = () => { window.__xssRuns += 1; };"
FOUND = """() => ({
  runs: window.__xssRuns,
  elements: document.querySelectorAll('img[onerror], [onerror*="xss"]').length,
})"""


def _page_routes():
    """The plan's pages (not files, the API or the admin) that take no id but the plan's."""
    return [
        route
        for route in ROUTES
        if not route.is_admin
        and not route.is_api
        and route.name not in NOT_SENT
        and "." not in route.pattern.rsplit("/", 1)[-1]
    ]


@pytest.mark.parametrize("role", ["sekretariat", "partner"])
def test_no_page_runs_or_builds_the_payload(live_server, page, plan, role):
    rows = data.fill_plan(plan, "xss")
    people = data.personas(plan)
    data.plant_payload(plan)
    page.add_init_script(WATCH)
    log_in(page, live_server.url, people[role].username, data.PASSWORD)
    found, opened = [], 0
    for route in _page_routes():
        url = live_server.url + address(route, rows)
        try:
            response = page.goto(url)
        except PlaywrightError:
            continue  # an empty refusal (405 for a page that takes only posts): nothing to read
        if response is None or response.status != 200:
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        opened += 1
        result = page.evaluate(FOUND)
        if result["runs"] or result["elements"]:
            found.append(f"{url}: {result}")
    assert found == []
    assert opened > (30 if role == "sekretariat" else 15)
    print(f"\n{role}: {opened} pages in Chromium, 0 payloads run or built")

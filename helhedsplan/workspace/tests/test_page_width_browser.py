"""Issue 18.11: on a phone (390x844) no page is wider than the screen, for every role; and no
page runs or builds the stored cross-site-scripting payload that every free text holds.

Each test opens, in Chromium, every page of the URLconf that it can fill in (the plan's slug and
the ids of one row of every kind, from the permission matrix's fillers) as one role, and measures
`document.documentElement.scrollWidth`: more than 390 px means the whole page scrolls sideways.
A wide table may scroll inside its own box (`.table-wrap`); that does not widen the page.

The plan's free texts all hold a script-opening payload (attack_data.plant_payload). The strict
Content-Security-Policy would block an inline handler anyway; the walk looks for the element
itself, so it checks the escaping, not only the policy behind it (the server-side check of every
page and file is core/tests/test_stored_xss.py). The payload's texts are long words too: pages
must break them, not widen.

Not opened: the admin (Django's own pages and stylesheet), the API (JSON), files (addresses that
end in a file name, and `format=` downloads), and pages that answer anything but HTML 200 (the
role may not see them, or they take only posts).

The roles that see much the same pages (the plan's staff and the partner; the steering group,
the board and readers) walk in one test: each role's pages are fetched with the test client, and a
page is opened in Chromium only if its <main> differs from every page measured so far (the same
HTML lays out the same), and each role's first page for its own header. Each test takes 15-30
seconds: it opens some 60-90 pages in a real browser, each rendered by the live server with the
whole plan (the dashboard computes every criterion's figures).
"""

import hashlib
import re

import pytest
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from helhedsplan.accounts.models import Role
from helhedsplan.browser import log_in
from helhedsplan.core.tests import attack_data as data
from helhedsplan.core.tests.test_permission_matrix import NOT_SENT, ROUTES, addresses

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# Notices a run of the payload's handler, should the policy ever let it through.
WATCH = "window.__xssRuns = 0; window.xss = () => { window.__xssRuns += 1; };"
PAYLOAD_FOUND = """() => ({
  runs: window.__xssRuns,
  elements: document.querySelectorAll('img[onerror], [onerror*="xss"]').length,
})"""
MAIN = re.compile(r"<main\b.*?</main>", re.DOTALL)
HIDDEN_VALUE = re.compile(r'(<input[^>]*type="hidden"[^>]*?)\svalue="[^"]*"')

# The page's width, and for a finding the elements that stick out (the innermost ones, not
# inside a box that scrolls by itself), so the message says what to fix.
MEASURE = """() => {
  const limit = window.innerWidth + 0.5;
  const scrolls = (e) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(e).overflowX);
  const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  const sticking = [];
  for (const e of document.body.querySelectorAll('*')) {
    if (e.getBoundingClientRect().right <= limit) continue;
    if ([...e.children].some((c) => c.getBoundingClientRect().right > limit)) continue;
    // A box that scrolls clips what it holds, but not an absolutely placed element (a
    // .visually-hidden text) whose containing block is outside it: that one widens the page.
    let inside = false;
    let placed = ['absolute', 'fixed'].includes(getComputedStyle(e).position);
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      if (placed && getComputedStyle(p).position !== 'static') placed = false;
      else if (placed) continue;
      if (scrolls(p) && p.getBoundingClientRect().right <= limit) { inside = true; break; }
    }
    if (!inside) sticking.push(name(e) + ' ' + Math.round(e.getBoundingClientRect().right) + ' px');
  }
  return {width: document.documentElement.scrollWidth, sticking: sticking.slice(0, 3)};
}"""


def _page_addresses(rows) -> list[str]:
    result = []
    for route in ROUTES:
        if route.is_admin or route.is_api or route.name in NOT_SENT:
            continue
        if "." in route.pattern.rsplit("/", 1)[-1]:
            continue  # a file: an .xlsx, an .ics, a .pdf
        result += [url for url in addresses(route, rows) if "format=" not in url]
    return result


def _layout_key(html: str) -> str:
    """What decides a page's layout below the header: its <main>, with the values that change
    on every request (CSRF and one-time tokens in hidden fields) left out."""
    match = MAIN.search(html)
    main = match.group(0) if match else html
    return hashlib.sha256(HIDDEN_VALUE.sub(r"\1", main).encode()).hexdigest()


def too_wide(page, client, base_url: str, urls: list[str], seen: set) -> tuple[list[str], int]:
    """The pages wider than the viewport (with their width and what sticks out), and how many
    HTML pages the role has. A page whose <main> is the same as one already measured (another
    role of the same kind sees the same page) is not opened again; the role's first page is, for
    its own header."""
    found, pages, opened = [], 0, 0
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        key = _layout_key(response.content.decode())
        if key in seen and pages > 1:
            continue
        seen.add(key)
        opened += 1
        try:
            shown = page.goto(base_url + url)
        except PlaywrightError:
            continue  # a download, or an empty refusal: no page to measure
        if shown is None or shown.status != 200:
            continue
        payload = page.evaluate(PAYLOAD_FOUND)
        if payload["runs"] or payload["elements"]:
            found.append(f"{url}: the payload ran or was built: {payload}")
        # The elements that stick out are looked for only on a page that is too wide (walking
        # every element's style costs more than the page itself).
        if page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]:
            continue
        result = page.evaluate(MEASURE)
        if result["width"] > PHONE["width"]:
            found.append(f"{url}: {result['width']} px ({', '.join(result['sticking'])})")
    print(f"{pages} pages, {opened} opened in Chromium")
    return found, pages


# At least this many pages for the role: fewer means the fillers or the login broke, not that
# the pages got narrow.
AT_LEAST = {
    Role.SEKRETARIAT: 40,
    Role.MEDARBEJDER: 30,
    Role.PARTNER: 20,
    Role.STYREGRUPPE: 15,
    Role.BESTYRELSE: 15,
    Role.LAESER: 15,
}
# The roles that see much the same pages walk together, so that a page is opened once.
KINDS = {
    "plan-staff-and-partner": [Role.SEKRETARIAT, Role.MEDARBEJDER, Role.PARTNER],
    "outward": [Role.BESTYRELSE, Role.STYREGRUPPE, Role.LAESER],
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_no_page_is_wider_than_a_phone(browser, live_server, plan, kind):
    rows = data.fill_plan(plan, "bredde")
    people = data.personas(plan)
    data.plant_payload(plan)
    urls = _page_addresses(rows)
    seen, found = set(), []
    for role in KINDS[kind]:
        client = Client()
        client.force_login(people[role])
        context = browser.new_context(viewport=PHONE, locale="da-DK")
        try:
            page = context.new_page()
            page.add_init_script(WATCH)
            log_in(page, live_server.url, people[role].username, data.PASSWORD)
            too, pages = too_wide(page, client, live_server.url, urls, seen)
        finally:
            context.close()
        assert pages >= AT_LEAST[role], (role, pages)
        found += [f"{role.value} {line}" for line in too]
    assert found == [], f"{len(found)} pages wider than 390 px or with the payload:\n" + "\n".join(
        found
    )

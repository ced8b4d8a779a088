"""Issue 18.11: on a phone (390x844) the progress tables are one card per row: the criterion's
text on top, then each figure and the status with its column's name, in words (the status keeps
its text, not colour alone). The pages are no wider than the screen, the «Godkend» button is on
it, and axe-core finds nothing serious. On a wide screen (1366x768) they stay tables.

Each test takes a few seconds: the dashboard computes every criterion's figures for the live
server, and axe-core runs on each page.
"""

import datetime

import pytest

from helhedsplan.browser import log_in, serious_violations
from helhedsplan.conftest import PASSWORD
from helhedsplan.registrations.models import Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
SLUG = "randers-nordby-2017-21"

# Of the first card of each table.cards: how its row and cells are laid out, the names shown
# beside its cells, and whether it fits the screen.
CARDS = """() => [...document.querySelectorAll('table.cards')].map((table) => {
  const row = table.tBodies[0].rows[0];
  const cells = [...row.cells];
  return {
    row: getComputedStyle(row).display,
    labels: cells.filter((c) => c.matches('td[data-label]'))
      .map((c) => getComputedStyle(c, '::before').content),
    right: Math.max(...cells.map((c) => c.getBoundingClientRect().right)),
    text: row.innerText,
  };
})"""


def _open(browser, live_server, viewport, username):
    context = browser.new_context(viewport=viewport, locale="da-DK")
    page = context.new_page()
    log_in(page, live_server.url, username, PASSWORD)
    return context, page


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_on_a_phone_the_dashboard_is_one_card_per_criterion_with_figures_and_status(
    browser, live_server, plan, sekretariat
):
    naboskab = plan.activities.get(key="naboskab")
    registration = Registration.objects.create(
        plan=plan,
        activity=naboskab,
        date=datetime.date(2018, 9, 3),
        kind=Registration.Kind.EVENT,
        count=3,
        participants=12,
    )
    registration.criteria.set(naboskab.success_criteria.all()[:1])
    context, page = _open(browser, live_server, PHONE, "sekretariat")
    try:
        page.goto(f"{live_server.url}/planer/{SLUG}/fremdrift/?tertial=2018/19-T1")
        assert _width(page) <= PHONE["width"]
        cards = page.evaluate(CARDS)
        assert len(cards) >= 10  # one table per activity
        for card in cards:
            assert card["row"] == "block"
            assert card["labels"] == ['"Mål"', '"Forventet nu"', '"Opnået"', '"Status"']
            assert card["right"] <= PHONE["width"]
        # The card reads as the criterion, then each figure named, then the status in words.
        first = page.locator("table.cards tbody tr").first
        text = first.inner_text()
        criterion = naboskab.success_criteria.all()[0]
        assert text.startswith(" ".join(criterion.text.split()[:5]))
        status = first.locator(".status")
        assert status.is_visible() and status.inner_text().strip() != ""
        assert status.bounding_box()["x"] + status.bounding_box()["width"] <= PHONE["width"]
        # The column headings stay for screen readers, out of sight.
        assert page.locator("table.cards thead").first.bounding_box()["width"] <= 1
        assert serious_violations(page) == []
    finally:
        context.close()


def test_on_a_phone_the_approval_button_is_on_screen_and_the_confirmation_is_cards(
    browser, live_server, plan, sekretariat
):
    context, page = _open(browser, live_server, PHONE, "sekretariat")
    try:
        page.goto(f"{live_server.url}/planer/{SLUG}/fremdrift/tertialer/")
        assert _width(page) <= PHONE["width"]
        button = page.get_by_role("button", name="Godkend 2018/19-T1")
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        row = page.locator("table.cards tbody tr", has=button)
        labels = row.evaluate(
            "r => [...r.cells].slice(1).map((c) => getComputedStyle(c, '::before').content)"
        )
        assert labels == ['"Periode"', '"Status"', '"Handling"']
        assert "åben" in row.locator(".status").inner_text()
        assert serious_violations(page) == []
        page.get_by_label("Note til 2018/19-T1").fill("Styregruppen 3. oktober")
        button.click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text().startswith("Godkend og lås")
        assert _width(page) <= PHONE["width"]
        cards = page.evaluate(CARDS)
        assert cards and all(c["row"] == "block" for c in cards)
        assert all(c["labels"] == ['"Aktivitet"', '"Seneste data"'] for c in cards)
        assert all(c["right"] <= PHONE["width"] for c in cards)
        confirm = page.get_by_role("button", name="Godkend og lås 2018/19-T1 alligevel")
        box = confirm.bounding_box()
        assert box["x"] + box["width"] <= PHONE["width"]
        assert serious_violations(page) == []
    finally:
        context.close()


def test_on_a_phone_mangler_data_is_cards_per_criterion(browser, live_server, plan, sekretariat):
    context, page = _open(browser, live_server, PHONE, "sekretariat")
    try:
        page.goto(f"{live_server.url}/planer/{SLUG}/fremdrift/mangler-data/?dato=2019-01-31")
        assert _width(page) <= PHONE["width"]
        cards = page.evaluate(CARDS)
        assert len(cards) >= 3  # one table per deliverer
        for card in cards:
            assert card["row"] == "block"
            assert card["labels"] == ['"Aktivitet"', '"Seneste data"']
            assert card["right"] <= PHONE["width"]
            assert "aldrig" in card["text"] or "20" in card["text"]
        assert serious_violations(page) == []
    finally:
        context.close()


def test_on_a_wide_screen_the_progress_tables_stay_tables(browser, live_server, plan, sekretariat):
    context, page = _open(browser, live_server, DESKTOP, "sekretariat")
    try:
        for path in (
            "fremdrift/?tertial=2018/19-T1",
            "fremdrift/tertialer/",
            "fremdrift/mangler-data/",
        ):
            page.goto(f"{live_server.url}/planer/{SLUG}/{path}")
            cards = page.evaluate(CARDS)
            assert cards, path
            assert {c["row"] for c in cards} == {"table-row"}, path
            assert {label for c in cards for label in c["labels"]} == {"none"}, path
            assert page.locator("table.cards thead").first.is_visible(), path
            assert (
                page.evaluate("getComputedStyle(document.querySelector('table.cards')).display")
                == "table"
            ), path
    finally:
        context.close()

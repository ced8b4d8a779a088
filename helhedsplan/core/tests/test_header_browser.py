"""Issue 18.10: the header on a phone (390x844) is the name and a «Menu» button that folds the
menu out and in by keyboard; on a wide screen (1366x768) the menu is open with no button. The
menu is a <details>, so it works without JavaScript; core/menu.js only opens it on wide screens."""

import pytest

from helhedsplan.browser import log_in, serious_violations
from helhedsplan.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
SLUG = "randers-nordby-2017-21"


def _page(browser, viewport, **options):
    context = browser.new_context(viewport=viewport, locale="da-DK", **options)
    return context, context.new_page()


def _header_height(page) -> float:
    return page.eval_on_selector(".site-header", "e => e.getBoundingClientRect().height")


def test_on_a_phone_the_header_is_low_and_the_menu_folds_out_and_in_by_keyboard(
    browser, live_server, plan, sekretariat
):
    context, page = _page(browser, PHONE)
    log_in(page, live_server.url, "sekretariat", PASSWORD)
    page.goto(f"{live_server.url}/planer/{SLUG}/")
    # A <summary>: focusable, named by its text, its open state told by the browser.
    toggle = page.locator("summary", has_text="Menu")
    assert toggle.is_visible()
    assert toggle.inner_text().startswith("Menu")
    nav = page.get_by_role("navigation", name="Hovedmenu")
    assert not nav.is_visible()
    height = _header_height(page)
    assert height < 120, height
    # The main heading starts in the first screen, just under the header.
    top = page.get_by_role("heading", level=1).bounding_box()["y"]
    assert top < 200, top
    # Keyboard: Tab from the skip link reaches «Menu»; Enter folds out, Enter again folds in.
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # brand
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "site-menu__toggle"
    page.keyboard.press("Enter")
    assert nav.is_visible()
    assert page.eval_on_selector("#site-menu", "e => e.open")
    overview = nav.get_by_role("link", name="Overblik")
    assert overview.get_attribute("aria-current") == "page"
    assert serious_violations(page) == []
    page.keyboard.press("Space")
    assert not nav.is_visible()
    page.keyboard.press("Enter")
    assert nav.is_visible()
    nav.get_by_role("link", name="Aktiviteter").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/planer/{SLUG}/aktiviteter/")
    assert not page.get_by_role("navigation", name="Hovedmenu").is_visible()
    assert _header_height(page) < 120
    context.close()


def test_on_a_wide_screen_the_menu_is_open_without_a_button(
    browser, live_server, plan, sekretariat
):
    context, page = _page(browser, DESKTOP)
    log_in(page, live_server.url, "sekretariat", PASSWORD)
    nav = page.get_by_role("navigation", name="Hovedmenu")
    assert nav.is_visible()
    assert not page.locator("summary", has_text="Menu").is_visible()
    assert page.get_by_role("button", name="Log ud").is_visible()
    brand = page.get_by_role("link", name="Helhedsplan", exact=True).bounding_box()
    log_out = page.get_by_role("button", name="Log ud").bounding_box()
    # The name and the user's links share the top row, as before; the menu is the row below.
    assert abs((brand["y"] + brand["height"] / 2) - (log_out["y"] + log_out["height"] / 2)) < 12
    assert nav.bounding_box()["y"] >= log_out["y"] + log_out["height"]
    # Twelve menu items take two rows at 1366 px, as before: the name row and two menu rows.
    assert _header_height(page) < 160, _header_height(page)
    assert serious_violations(page) == []
    context.close()


def test_without_javascript_the_menu_still_opens_on_a_wide_screen(
    browser, live_server, plan, sekretariat
):
    context, page = _page(browser, DESKTOP, java_script_enabled=False)
    log_in(page, live_server.url, "sekretariat", PASSWORD)
    nav = page.get_by_role("navigation", name="Hovedmenu")
    assert not nav.is_visible()
    page.locator("summary", has_text="Menu").click()
    assert nav.is_visible()
    nav.get_by_role("link", name="Overblik").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/planer/{SLUG}/")
    context.close()

"""Issue 18.12: the invitation link, shown once on /personer/, is shown whole (a read-only text
area whose lines wrap, not a one-line field that cuts it off) with a «Kopiér link» button.

The button is made by accounts/copy.js (a file, deferred: the Content-Security-Policy allows no
inline script), which copies with navigator.clipboard and says «Linket er kopieret» in a live
region. Without JavaScript the button stays hidden and the link is still there to select.
"""

import re

import pytest
from django.urls import reverse

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.tests.conftest import SLUG
from helhedsplan.browser import log_in, serious_violations
from helhedsplan.conftest import PASSWORD

PEOPLE = reverse("accounts:people", args=[SLUG])
PHONE = {"width": 390, "height": 844}
FIELD = re.compile(r'<textarea id="invitation-link"([^>]*)>(http://testserver/invitation/[^<]+/)<')


def _invite(client, school):
    assert client.login(username="sekretariat", password=PASSWORD)
    response = client.post(
        PEOPLE, {"email": "anna@skole.dk", "role": Role.PARTNER, "organisation": school.pk}
    )
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_the_link_is_whole_in_a_read_only_text_area_with_a_copy_button(
    client, plan, sekretariat, school
):
    html = _invite(client, school)
    attributes, link = FIELD.search(html).groups()
    assert "readonly" in attributes and 'rows="4"' in attributes
    assert 'aria-describedby="invitation-link-help"' in attributes
    assert '<label for="invitation-link">Invitationslink' in html
    assert 'type="text" readonly value=' not in html  # the one-line field is gone
    # The button, hidden until the script shows it, names the field and the live region.
    row = re.search(r'<p class="copy-row" data-copy-row hidden>(.*?)</p>', html, re.S).group(1)
    assert 'data-copy="invitation-link"' in row and ">Kopiér link</button>" in row
    assert (
        '<span id="invitation-link-status" class="copy-status" role="status" '
        'aria-live="polite"></span>'
    ) in row
    # The script is a file, deferred; no inline script on the page.
    assert re.search(r'<script src="/static/accounts/copy\.js" defer></script>', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert link.startswith("http://testserver/invitation/")


def test_without_a_new_link_the_page_has_no_copy_button_and_no_script(client, plan, sekretariat):
    assert client.login(username="sekretariat", password=PASSWORD)
    html = client.get(PEOPLE).content.decode()
    assert "invitation-link" not in html and "Kopiér link" not in html
    assert "accounts/copy.js" not in html


def _invite_in_browser(page, live_server):
    log_in(page, live_server.url, "sekretariat", PASSWORD)
    page.goto(f"{live_server.url}{PEOPLE}")
    page.get_by_label("E-mail").fill("anna.lund@skole.dk")
    page.get_by_label("Partner", exact=True).check()
    page.get_by_label("Organisation").select_option(label="Randers Produktionshøjskole")
    page.get_by_role("button", name="Invitér").click()
    page.wait_for_load_state()
    return page.get_by_label("Invitationslink")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_link_is_whole_and_the_button_copies_it(
    browser, live_server, plan, sekretariat
):
    context = browser.new_context(viewport=PHONE, locale="da-DK")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    try:
        page = context.new_page()
        field = _invite_in_browser(page, live_server)
        link = field.input_value()
        assert "/invitation/" in link and len(link) > 60
        # Whole: nothing of it scrolled out of the field, sideways or downwards.
        sizes = field.evaluate(
            "e => [e.scrollWidth, e.clientWidth, e.scrollHeight, e.clientHeight]"
        )
        assert sizes[0] <= sizes[1] and sizes[2] <= sizes[3], sizes
        assert field.bounding_box()["width"] <= PHONE["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        button = page.get_by_role("button", name="Kopiér link")
        assert button.is_visible()
        assert page.locator("#invitation-link-status").inner_text() == ""
        button.click()
        # Said in the live region (role status), in words.
        page.get_by_role("status").filter(has_text="Linket er kopieret").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == link
        assert serious_violations(page) == []
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_link_is_there_to_select_and_no_dead_button(
    browser, live_server, plan, sekretariat
):
    context = browser.new_context(viewport=PHONE, locale="da-DK", java_script_enabled=False)
    try:
        page = context.new_page()
        field = _invite_in_browser(page, live_server)
        assert "/invitation/" in field.input_value()
        assert field.is_visible() and not field.is_editable()  # read-only, still focusable
        assert not page.get_by_role("button", name="Kopiér link").is_visible()
        field.focus()
        assert page.evaluate("document.activeElement.id") == "invitation-link"
        style = field.evaluate("e => getComputedStyle(e).userSelect")
        assert style != "none"
    finally:
        context.close()

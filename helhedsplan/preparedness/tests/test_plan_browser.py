"""The beredskab plan pages on a phone-sized screen: nothing wider than the screen, big tel:
links, and no serious axe-core (WCAG 2.1 AA) violations."""

import pytest

from helhedsplan.browser import log_in, serious_violations
from helhedsplan.conftest import PASSWORD
from helhedsplan.preparedness.models import Contact
from helhedsplan.preparedness.services import ensure_contacts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, locale="da-DK", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


def test_the_beredskab_pages_fit_a_phone_and_pass_axe(live_server, phone, plan, sekretariat):
    ensure_contacts(plan)
    Contact.objects.filter(plan=plan, name="Allan Aarslev").update(
        phone="22 70 12 26", email="allan.aarslev@politi.example.dk"
    )
    allan = Contact.objects.get(plan=plan, name="Allan Aarslev")
    log_in(phone, live_server.url, "sekretariat", PASSWORD)
    base = f"{live_server.url}/planer/{plan.slug}/beredskab/"
    problems = {}
    for path in ["", f"personer/{allan.pk}/ret/", "personer/ny/ressource/"]:
        response = phone.goto(base + path)
        assert response.status == 200, path
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (path, width)
        found = serious_violations(phone)
        if found:
            problems[path] = found
    assert problems == {}
    phone.goto(base)
    call = phone.get_by_role("link", name="Ring 22 70 12 26 til Allan Aarslev")
    assert call.get_attribute("href") == "tel:22701226"
    box = call.bounding_box()
    assert box["height"] >= 44


def test_confirming_a_contact_on_a_phone_takes_one_tap(live_server, phone, plan, sekretariat):
    ensure_contacts(plan)
    claus = Contact.objects.get(plan=plan, name="Claus Hansen")
    log_in(phone, live_server.url, "sekretariat", PASSWORD)
    phone.goto(f"{live_server.url}/planer/{plan.slug}/beredskab/personer/{claus.pk}/ret/")
    phone.get_by_label("Telefon").fill("40 86 74 08")
    phone.get_by_role("button", name="Bekræft oplysninger i dag").click()
    phone.wait_for_load_state()
    assert "Oplysningerne er gemt og bekræftet i dag." in phone.content()
    claus.refresh_from_db()
    assert claus.phone == "40 86 74 08" and claus.confirmed_on is not None

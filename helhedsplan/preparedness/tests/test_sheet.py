import datetime
import io

from pypdf import PdfReader

from helhedsplan.preparedness.models import Contact
from helhedsplan.preparedness.services import ensure_contacts
from helhedsplan.preparedness.sheet import contact_groups, first_steps, sheet_html, sheet_pdf
from helhedsplan.preparedness.tests.test_readiness import (
    DEPUTIES,
    MEMBERS,
    PRESS,
    RESOURCES,
    fill_everything,
)

TODAY = datetime.date(2026, 11, 26)


def _read(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


def test_the_demo_plans_sheet_is_one_page_with_every_name(plan):
    ensure_contacts(plan)
    pages, text = _read(sheet_pdf(plan, TODAY))
    assert pages == 1
    for name in [*MEMBERS, *DEPUTIES, *PRESS, *RESOURCES]:
        assert name in text, name
    assert "Beredskab – kontaktark" in text
    assert plan.name in text
    assert "Første skridt" in text
    assert "Følg politiets anvisninger" in text
    # The demo plan has no numbers yet: the sheet says so rather than leaving a blank.
    assert text.count("mangler") == len(MEMBERS) + len(DEPUTIES) + len(PRESS)


def test_a_sheet_with_every_phone_filled_in_is_one_page_with_the_numbers(plan):
    fill_everything(plan, TODAY)
    Contact.objects.filter(plan=plan, name="Peder Petersen").update(phone="89122924/20758355")
    pages, text = _read(sheet_pdf(plan, TODAY))
    assert pages == 1
    assert "mangler" not in text
    for contact in Contact.objects.filter(plan=plan).exclude(name="Peder Petersen"):
        assert contact.phone in text, contact
    assert "89122924" in text and "20758355" in text


def test_the_numbers_are_tel_links_and_each_deputy_sits_under_the_member(plan):
    fill_everything(plan, TODAY)
    allan = Contact.objects.get(plan=plan, name="Allan Aarslev")
    html = sheet_html(plan, TODAY)
    assert f'href="tel:{allan.phone.replace(" ", "")}"' in html
    member = next(p for p in contact_groups(plan)["members"] if p.contact == allan)
    assert [d.contact.name for d in member.deputies] == ["Niels Jørgensen"]


def test_the_first_steps_name_the_secretariat_leader_and_her_number(plan):
    fill_everything(plan, TODAY)
    leader = Contact.objects.get(plan=plan, name="Louise Hou Kragh")
    steps = first_steps(contact_groups(plan))
    assert f"Ring til sekretariatslederen (Louise Hou Kragh, tlf. {leader.phone})" in steps[1]


def test_a_long_list_still_fits_one_page(plan):
    fill_everything(plan, TODAY)
    for number in range(6):
        member = Contact.objects.create(
            plan=plan,
            kind="member",
            role=f"Ekstra medlem nr. {number}",
            name=f"Medlem {number}",
            phone="20 30 40 50",
        )
        Contact.objects.create(
            plan=plan,
            kind="deputy",
            role="Suppleant",
            name=f"Suppleant {number}",
            phone="20 30 40 51",
            deputy_for=member,
        )
    pages, text = _read(sheet_pdf(plan, TODAY))
    assert pages == 1
    assert "Suppleant 5" in text

"""The start pages in a real Chromium: axe-core finds nothing serious or critical."""

import pytest

from helhedsplan.browser import log_in, serious_violations
from helhedsplan.conftest import PASSWORD
from helhedsplan.governance.models import Meeting, Reminder
from helhedsplan.registrations.services import RegistrationInput, save_registration
from helhedsplan.workspace.tests.conftest import SCHOOL, TODAY, at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_start_pages_of_secretariat_partner_and_board_have_no_serious_violations(
    live_server, page, plan, today, sekretariat, partner, bestyrelse
):
    steering = Meeting.objects.create(
        plan=plan,
        body=plan.bodies.get(key="styregruppe"),
        starts_at=at(2018, 1, 25),
        status=Meeting.Status.PLANNED,
    )
    Meeting.objects.create(
        plan=plan, body=plan.bodies.get(key="bestyrelse"), starts_at=at(2018, 3, 12)
    )
    Reminder.objects.create(
        meeting=steering, organisation=plan.organisations.get(key="noerrevangsskolen")
    )
    partner.email = "partner@produktionshoejskole.dk"
    partner.save()
    criterion = plan.success_criteria.get(key="udd-tilbud-tilknyttet-vaerksteder")
    save_registration(
        plan,
        RegistrationInput(
            activity=criterion.activity,
            date=TODAY,
            kind="contact",
            criteria=[criterion],
            codes=["U-1"],
        ),
        user=partner,
        organisation_id=plan.organisations.get(key=SCHOOL).pk,
    )
    problems = {}
    for username, expected in (
        ("sekretariat", "Send påmindelse"),
        ("partner", "Dine seneste registreringer"),
        ("bestyrelse", "Dagsorden"),
    ):
        page.context.clear_cookies()
        log_in(page, live_server.url, username, PASSWORD)
        assert page.url == f"{live_server.url}/"
        assert page.get_by_role("heading", level=1).inner_text().startswith("Start:")
        assert expected in page.content()
        if found := serious_violations(page):
            problems[username] = found
    assert problems == {}

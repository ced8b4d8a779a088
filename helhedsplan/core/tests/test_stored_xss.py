"""Stored cross-site scripting: a script-opening text in every free-text column of a plan (its
structure, registrations, assessments, report texts, meetings, beredskab, people's names ...)
comes out of every page as text, never as markup, and stays plain text in the PDF, Word and
Excel files. The browser walk (workspace/tests/test_page_width_browser.py) opens every page in
Chromium for every role with the payload planted, and looks for an element built from it.
"""

import pytest
from django.test import Client

from helhedsplan.core.tests import attack_data as data
from helhedsplan.core.tests.test_permission_matrix import (
    NOT_SENT,
    ROUTES,
    addresses,
    readable_text,
    send,
    visitors,
)

# The payload as markup: present only if a page printed it without escaping.
AS_MARKUP = "<img src=x onerror=xss()>"
AS_TEXT_IN_XML = "&lt;img src=x onerror=xss()&gt;"


@pytest.fixture
def planted(plan, django_user_model):
    rows = data.fill_plan(plan, "xss")
    data.other_partner_registration(plan)
    people = data.personas(plan)
    columns = data.plant_payload(plan)
    return {"rows": rows, "people": people, "columns": columns}


def test_the_payload_reaches_every_kind_of_free_text(planted):
    columns = set(planted["columns"])
    for column in [
        "plans.Plan.name",
        "plans.Activity.name",
        "plans.SuccessCriterion.text",
        "plans.Organisation.name",
        "registrations.Registration.note",
        "registrations.Assessment.text",
        "reports.Narrative.text",
        "progress.Milestone.title",
        "economy.Expense.note",
        "governance.Meeting.minutes",
        "governance.Decision.text",
        "governance.Recommendation.title",
        "governance.Notice.text",
        "preparedness.Contact.name",
        "preparedness.Activation.description",
        "preparedness.LogEntry.text",
        "auth.User.first_name",
    ]:
        assert column in columns
    assert len(columns) > 80
    print(f"\nThe payload is in {len(columns)} free-text columns")


def _html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def test_no_page_or_file_prints_the_payload_as_markup(planted):
    failures, pages, files = [], 0, 0
    for visitor in visitors(planted["people"], with_anonymous=False):
        if visitor.name not in {"sekretariat", "partner", "bestyrelse"}:
            continue
        for route in ROUTES:
            if route.name in NOT_SENT or route.is_api:
                continue
            for url in addresses(route, planted["rows"]):
                response = send(visitor, "GET", url, route)
                if response.status_code != 200:
                    continue
                text = readable_text(response)
                if _html(response):
                    pages += 1
                    if AS_MARKUP in text:
                        failures.append(f"{visitor.name} {url}: the payload is markup")
                elif response.content[:4] in {b"%PDF", b"PK\x03\x04"}:
                    files += 1
                    raw = response.content.startswith(b"PK") and AS_MARKUP in text
                    if raw:
                        failures.append(f"{visitor.name} {url}: raw markup in the file")
    assert not failures, "\n".join(failures)
    assert pages > 100 and files > 5
    print(f"\nStored XSS: {pages} pages and {files} files read, 0 with the payload as markup")


@pytest.mark.parametrize("file_format", ["pdf", "docx", "xlsx"])
def test_the_report_files_hold_the_payload_as_plain_text(planted, file_format):
    """The payload is in the report (so the check above read it) and is text, not markup: the
    PDF shows it literally, the Word and Excel files hold it escaped in their XML."""
    client = Client()
    client.force_login(planted["people"]["sekretariat"])
    slug = planted["rows"].plan.slug
    response = client.get(
        f"/planer/{slug}/rapporter/fremdrift/?periode=2018/19-T1&format={file_format}"
    )
    assert response.status_code == 200
    text = readable_text(response)
    if file_format == "pdf":
        assert "onerror=xss()" in text.replace("\n", " ")
    else:
        assert AS_TEXT_IN_XML in text
        assert AS_MARKUP not in text

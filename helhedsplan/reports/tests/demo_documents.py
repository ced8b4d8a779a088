"""Every document of the demo plan, for the tests that look at the documents as printed (the PDF's
layout; the Word and Excel editions in LibreOffice): each report kind for its period in
DEMO_REPORTS, and a board meeting's agenda and minutes."""

import datetime

from django.utils import timezone

from helhedsplan.conftest import PLAN_SLUG
from helhedsplan.demo.services import generate_demo_data
from helhedsplan.documents.document import Report
from helhedsplan.governance.documents import agenda_document, minutes_document
from helhedsplan.governance.models import Attendance, Decision, Meeting
from helhedsplan.plans.models import Plan
from helhedsplan.reports.services import build_report
from helhedsplan.reports.tests.conftest import DEMO_REPORTS

DOCUMENTS = [*DEMO_REPORTS, "dagsorden", "referat"]


def board_meeting(plan) -> Meeting:
    board = Meeting.objects.create(
        plan=plan,
        body=plan.bodies.get(key="bestyrelse"),
        starts_at=timezone.make_aware(datetime.datetime(2019, 3, 12, 16)),
        status=Meeting.Status.HELD,
        location="Bysekretariatet, Nordbyens Beboerhus",
        minutes="Bestyrelsen gennemgik fremdriften og monitoreringen.\n\n"
        "Økonomiopfølgningen viste et forbrug i takt med budgettet.",
    )
    for member in board.body.members.all():
        Attendance.objects.create(meeting=board, name=str(member), present=True)
    Decision.objects.create(
        meeting=board, text="Bestyrelsen godkender monitoreringsrapporten.", consensus=True
    )
    return board


def demo_documents() -> dict[str, Report]:
    """The shared Randers Nordby plan (helhedsplan/conftest.py) with `demo-data --seed 1`, and
    its documents assembled, by kind (the caller rolls the data back)."""
    plan = Plan.objects.get(slug=PLAN_SLUG)
    generate_demo_data(plan=plan, seed=1, until=plan.end)
    documents = {
        kind: build_report(plan=plan, kind=kind, period=period, suppress=True)
        for kind, period in DEMO_REPORTS.items()
    }
    board = board_meeting(plan)
    documents["dagsorden"] = agenda_document(board)
    documents["referat"] = minutes_document(board)
    return documents

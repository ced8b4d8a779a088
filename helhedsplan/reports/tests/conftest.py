"""A small, known data set for the reports, and readers that turn each format back into text."""

import datetime
import io
from decimal import Decimal

import pytest

from helhedsplan.economy.models import Expense, Financing, StaffHours
from helhedsplan.progress.models import Milestone
from helhedsplan.registrations.models import Measurement
from helhedsplan.registrations.services import RegistrationInput, save_registration
from helhedsplan.reports.models import Narrative

AS_OF = datetime.date(2019, 1, 31)  # the end of tertial 2018/19-T2
NARRATIVE = "Naboskabet er styrket gennem tre fællesspisninger i tertialet."


# Each report kind and the period the document tests and benchmarks/reports.py make it for: the
# last tertial and year of the demo data with every kind of data.
DEMO_REPORTS = {
    "fremdrift": "2019/20-T3",
    "projektledelse": "2019/20-T3",
    "aarsrapport": "2019/20",
    "monitorering": "2019/20",
    "aktivitetsskema": "2020/21",
}


def register(plan, criterion_key, day, **values):
    criterion = plan.success_criteria.get(key=criterion_key)
    data = RegistrationInput(activity=criterion.activity, date=day, criteria=[criterion], **values)
    return save_registration(plan, data, confirmed_duplicate=True)


@pytest.fixture
def data(plan):
    """Registrations, a measurement, expenses, hours, a late milestone and a narrative."""
    for day in (datetime.date(2017, 9, 1), datetime.date(2018, 3, 1), datetime.date(2018, 10, 1)):
        register(plan, "branding-aktivitetsomslag", day, kind="publication", count=2)
    # hotspot-kontakt counts unique children per plan year: 3 in 2017/18, 12 in 2018/19.
    register(
        plan, "hotspot-kontakt", datetime.date(2017, 8, 1), kind="contact", codes=["A", "B", "C"]
    )
    register(
        plan,
        "hotspot-kontakt",
        datetime.date(2018, 10, 1),
        kind="contact",
        codes=[f"K{n}" for n in range(12)],
    )
    measure = plan.local_measures.get(key="fraflytning")
    Measurement.objects.create(
        plan=plan,
        local_measure=measure,
        date=datetime.date(2018, 12, 31),
        value=Decimal("12.5"),
        source="Test",
    )
    focus = plan.focus_areas.order_by("number").first()
    Expense.objects.create(
        plan=plan,
        focus_area=focus,
        month=datetime.date(2018, 1, 1),
        amount=1234567,
        financing=Financing.LBF,
    )
    Expense.objects.create(
        plan=plan, month=datetime.date(2018, 2, 1), amount=5000, financing=Financing.LOCAL
    )
    StaffHours.objects.create(
        plan=plan,
        organisation=plan.organisations.get(key="randers-produktionshoejskole"),
        month=datetime.date(2018, 6, 1),
        hours=Decimal("120.5"),
    )
    Milestone.objects.create(
        plan=plan,
        activity=plan.activities.get(key="naboskab"),
        month=datetime.date(2018, 11, 1),
        title="Status til styregruppen",
        owner="Bysekretariatet",
    )
    Narrative.objects.create(
        plan=plan,
        report="fremdrift",
        period="2018/19-T2",
        topic="activity:naboskab",
        text=NARRATIVE,
    )
    return plan


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def pdf_pages(content: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    parts += [p.text for p in document.sections[0].footer.paragraphs]
    return "\n".join(parts)


def workbook(content: bytes):
    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(content))


def xlsx_text(content: bytes) -> str:
    book = workbook(content)
    return "\n".join(
        [sheet.title for sheet in book.worksheets]
        + [
            " | ".join("" if v is None else str(v) for v in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        ]
    )


def text_of(content: bytes, file_format: str) -> str:
    return {
        "pdf": pdf_text,
        "docx": docx_text,
        "xlsx": xlsx_text,
        "html": lambda c: c.decode("utf-8"),
    }[file_format](content)

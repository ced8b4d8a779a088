"""Make a report in a format: the one entry point for the command line and the app."""

import datetime
from dataclasses import dataclass

from django.utils.text import slugify

from helhedsplan.documents.document import Report
from helhedsplan.documents.render_docx import render_docx
from helhedsplan.documents.render_html import render_document
from helhedsplan.documents.render_pdf import render_pdf
from helhedsplan.documents.render_xlsx import render_xlsx
from helhedsplan.plans.models import Plan
from helhedsplan.reports.assemble import ReportError, assemble, resolve

FORMATS = {
    "html": ("text/html; charset=utf-8", lambda report: render_document(report).encode("utf-8")),
    "pdf": ("application/pdf", render_pdf),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        render_docx,
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", render_xlsx),
}
FORMAT_LABELS = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel", "html": "HTML"}


@dataclass
class MadeReport:
    report: Report
    content: bytes
    content_type: str
    filename: str


def build_report(
    *, plan: Plan, kind: str, period: str, suppress: bool, at: datetime.date | None = None
) -> Report:
    return assemble(resolve(plan, kind, period, suppress=suppress, at=at))


def make_report(
    *,
    plan: Plan,
    kind: str,
    period: str,
    file_format: str,
    suppress: bool,
    at: datetime.date | None = None,
) -> MadeReport:
    if file_format not in FORMATS:
        raise ReportError(f"Ukendt format «{file_format}». Vælg en af: {', '.join(FORMATS)}.")
    report = build_report(plan=plan, kind=kind, period=period, suppress=suppress, at=at)
    content_type, render = FORMATS[file_format]
    name = slugify(f"{kind}-{plan.slug}-{report.period_label.replace('/', '-')}")
    return MadeReport(report, render(report), content_type, f"{name}.{file_format}")

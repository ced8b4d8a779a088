"""Milestone plans: the seed's template of the months June to May, per activity and plan year."""

import calendar
import datetime

from django.db.models import Count, Q

from helhedsplan.core import formats
from helhedsplan.core.periods import Period
from helhedsplan.core.spreadsheets import workbook_bytes
from helhedsplan.progress.models import Milestone


def months_of(year: Period) -> list[datetime.date]:
    """The first day of each month of a plan year (June … May in a plan starting 1 June)."""
    months, day = [], year.start.replace(day=1)
    while day <= year.end:
        months.append(day)
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def month_label(month: datetime.date) -> str:
    """Juni 2017: a month as the milestone plan heads it."""
    return formats.month_words(month, capital=True)


def overdue(plan, as_of: datetime.date):
    """Open milestones whose month has ended before `as_of`."""
    first_of_month = as_of.replace(day=1)
    return (
        Milestone.objects.filter(plan=plan, month__lt=first_of_month)
        .filter(status__in=[Milestone.Status.PLANNED, Milestone.Status.IN_PROGRESS])
        .select_related("activity")
        .order_by("month", "activity__number")
    )


def counts_by_activity(plan, year: Period, as_of: datetime.date) -> dict[int, dict]:
    """Milestones and overdue ones per activity in a plan year, in one query."""
    rows = (
        Milestone.objects.filter(plan=plan, month__range=(year.start, year.end))
        .values("activity")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=Q(status=Milestone.Status.DONE)),
            late=Count(
                "id",
                filter=Q(
                    month__lt=as_of.replace(day=1),
                    status__in=[Milestone.Status.PLANNED, Milestone.Status.IN_PROGRESS],
                ),
            ),
        )
    )
    return {row["activity"]: row for row in rows}


def milestone_plan_xlsx(*, plan, activity, year: Period) -> bytes:
    """The milestone plan as the seed's template: one row per month, June to May."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = f"Milepælsplan {year.label.replace('/', '-')}"
    sheet.append([f"Milepælsplan {year.label}: {plan.name}"])
    sheet.append(["Indsatsområde:", activity.focus_area.name])
    sheet.append(["Aktivitet:", activity.name])
    sheet.append([])
    sheet.append(["Måned", "Milepæl", "Ansvarlig", "Status", "Note"])
    for cell in sheet[5]:
        cell.font = Font(bold=True)
    sheet["A1"].font = Font(bold=True, size=14)
    by_month: dict[datetime.date, list[Milestone]] = {}
    for milestone in Milestone.objects.filter(
        activity=activity, month__range=(year.start, year.end)
    ):
        by_month.setdefault(milestone.month, []).append(milestone)
    for month in months_of(year):
        items = by_month.get(month) or [None]
        for item in items:
            sheet.append(
                [
                    month_label(month),
                    item.title if item else "",
                    item.owner if item else "",
                    item.get_status_display() if item else "",
                    item.note if item else "",
                ]
            )
    for column, width in zip("ABCDE", (16, 50, 24, 14, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=6):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A6"
    return workbook_bytes(workbook)

"""Expenses from a spreadsheet (CSV or XLSX): every row checked, then all saved or none.

The file, its header and the all-or-nothing transaction are core.tabular_import's, as for the
registrations; each row is held to the rules of the expense form.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from helhedsplan.core.formats import parse_amount, parse_month
from helhedsplan.core.tabular_import import ImportResult, Row, TabularImport, csv_template
from helhedsplan.economy.models import Expense, Financing
from helhedsplan.economy.services import check_month, check_note
from helhedsplan.plans.models import FocusArea

COLUMNS = ("month", "focus_area", "financing", "amount", "note")
REQUIRED = ("month", "financing", "amount")
_MAX_AMOUNT = Decimal("9999999999.99")


class ExpenseImport(TabularImport):
    columns = COLUMNS
    required = REQUIRED
    items = ("udgift", "udgifter")
    unknown_column_text = "Ukendt kolonne «{name}». Kolonnerne er: {columns}."
    empty_text = header_only_text = "Filen har ingen udgifter at importere."
    checked_text = (
        "Prøvekørsel: alle {rows} rækker er i orden. Intet er gemt; "
        "kør igen uden --dry-run for at importere."
    )

    def __init__(self, plan, *, user, today: datetime.date):
        self.plan = plan
        self.user = user
        self.today = today
        self.focus_areas = {f.key: f for f in FocusArea.objects.for_plan(plan)}

    def check_row(self, row: Row) -> None:
        month = self._month(row)
        focus = None
        if key := row.text("focus_area"):
            focus = self.focus_areas.get(key)
            if focus is None:
                row.error("focus_area", f"Ukendt indsatsområde «{key}».")
        financing = row.text("financing").lower()
        if financing not in Financing.values:
            row.error(
                "financing",
                "Finansiering skal være «lbf» (Landsbyggefonden) eller «local» (lokal).",
            )
        amount = _amount(row)
        note = row.text("note")
        if problem := check_note(note):
            row.error("note", problem)
        if not row.ok:
            return
        # save() one by one (not bulk_create) so that every expense gets its history record.
        Expense(
            plan=self.plan,
            focus_area=focus,
            month=month,
            amount=amount,
            financing=financing,
            note=note,
            registered_by=self.user,
        ).save()

    def _month(self, row: Row) -> datetime.date | None:
        month = row.parsed(
            "month",
            parse_month,
            missing="Måneden mangler.",
            invalid="«{value}» er ikke en måned. Skriv den som ÅÅÅÅ-MM.",
        )
        if month is not None and (problem := check_month(self.plan, month, today=self.today)):
            row.error("month", problem)
        return month


def _amount(row: Row) -> Decimal | None:
    amount = row.parsed(
        "amount",
        parse_amount,
        missing="Beløbet mangler.",
        invalid="«{value}» er ikke et beløb i kroner (højst 2 decimaler).",
    )
    if amount == 0:
        row.error("amount", "Beløbet må ikke være 0.")
    elif amount is not None and abs(amount) > _MAX_AMOUNT:
        row.error("amount", "Beløbet er for stort.")
    return amount


def import_expenses(
    *,
    plan,
    source: bytes,
    filename: str,
    user=None,
    today: datetime.date | None = None,
    dry_run: bool = False,
) -> ImportResult:
    importer = ExpenseImport(plan, user=user, today=today or timezone.localdate())
    return importer.run(source, filename, dry_run=dry_run)


def template_csv() -> str:
    return csv_template(COLUMNS, [["2018-03", "tryghed-og-trivsel", "lbf", "12500,00", ""]])

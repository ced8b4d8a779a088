"""Expenses from a spreadsheet (CSV or XLSX): every row checked, then all saved or none.

The file is read like the registrations import (same readers, same row numbers as the
spreadsheet shows, same RowError), and each row is held to the rules of the expense form.
"""

import dataclasses
import datetime
import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from helhedsplan.core.spreadsheets import FileRefused, cell, is_blank, read_table
from helhedsplan.economy.models import Expense, Financing
from helhedsplan.economy.services import check_month, check_note
from helhedsplan.plans.models import FocusArea
from helhedsplan.registrations.importer import RowError, mask_cpr

COLUMNS = ("month", "focus_area", "financing", "amount", "note")
REQUIRED = ("month", "financing", "amount")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_MAX_AMOUNT = Decimal("9999999999.99")


@dataclasses.dataclass
class ExpenseImportResult:
    errors: list[RowError] = dataclasses.field(default_factory=list)
    created: int = 0
    rows: int = 0
    checked: int = 0  # rows found valid in a dry run, which saves nothing

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            count = len(self.errors)
            them = "den" if count == 1 else "dem"
            return f"Intet er importeret: filen har {count} fejl. Ret {them} og prøv igen."
        if self.checked:
            return (
                f"Prøvekørsel: alle {self.checked} rækker er i orden. Intet er gemt; "
                "kør igen uden --dry-run for at importere."
            )
        return f"{self.created} {'udgift' if self.created == 1 else 'udgifter'} importeret."


def parse_month(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    match = _MONTH.match(str(value))
    if match and 1 <= int(match[2]) <= 12:
        return datetime.date(int(match[1]), int(match[2]), 1)
    return None


def parse_amount(value) -> Decimal | None:
    """1234.50, 1234,50, 1.234.000 or 1.234,50 (Danish); a number cell as it is."""
    if isinstance(value, (int, float)):
        text = str(value)
    else:
        text = str(value).replace(" ", "").removesuffix("kr.").removesuffix("kr")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif _THOUSANDS.match(text):
            text = text.replace(".", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        return None
    return amount


def _check_row(plan, number, values, focus_areas, today) -> tuple[Expense | None, list[RowError]]:
    errors = []

    def add(column, message):
        errors.append(RowError(number, column, message))

    month = None
    raw = values.get("month", "")
    if raw == "":
        add("month", "Måneden mangler.")
    else:
        month = parse_month(raw)
        if month is None:
            add("month", f"«{mask_cpr(str(raw))}» er ikke en måned. Skriv den som ÅÅÅÅ-MM.")
        elif problem := check_month(plan, month, today=today):
            add("month", problem)
    key = str(values.get("focus_area", ""))
    focus = None
    if key:
        focus = focus_areas.get(key)
        if focus is None:
            add("focus_area", f"Ukendt indsatsområde «{mask_cpr(key)}».")
    financing = str(values.get("financing", "")).lower()
    if financing not in Financing.values:
        add("financing", "Finansiering skal være «lbf» (Landsbyggefonden) eller «local» (lokal).")
    raw_amount = values.get("amount", "")
    amount = None
    if raw_amount == "":
        add("amount", "Beløbet mangler.")
    else:
        amount = parse_amount(raw_amount)
        if amount is None:
            add(
                "amount",
                f"«{mask_cpr(str(raw_amount))}» er ikke et beløb i kroner (højst 2 decimaler).",
            )
        elif amount == 0:
            add("amount", "Beløbet må ikke være 0.")
        elif abs(amount) > _MAX_AMOUNT:
            add("amount", "Beløbet er for stort.")
    note = str(values.get("note", ""))
    if problem := check_note(note):
        add("note", problem)
    if errors:
        return None, errors
    expense = Expense(
        plan=plan,
        focus_area=focus,
        month=month,
        amount=amount,
        financing=financing,
        note=note,
    )
    return expense, []


def import_expenses(
    *,
    plan,
    source: bytes,
    filename: str,
    user=None,
    today: datetime.date | None = None,
    dry_run: bool = False,
) -> ExpenseImportResult:
    today = today or timezone.localdate()
    result = ExpenseImportResult()
    try:
        table = read_table(source, filename)
    except FileRefused as refused:
        result.errors.append(RowError(None, "", refused.message))
        return result

    numbered = [(number, row) for number, row in enumerate(table, start=1) if not is_blank(row)]
    if len(numbered) < 2:
        result.errors.append(RowError(None, "", "Filen har ingen udgifter at importere."))
        return result
    (header_number, header), body = numbered[0], numbered[1:]
    names = [str(cell(name)).lower() for name in header]
    for index, name in enumerate(names):
        if name and name not in COLUMNS:
            result.errors.append(
                RowError(
                    header_number,
                    name,
                    f"Ukendt kolonne «{name}». Kolonnerne er: {', '.join(COLUMNS)}.",
                )
            )
        elif name and name in names[:index]:
            result.errors.append(
                RowError(header_number, name, f"Kolonnen «{name}» står der to gange.")
            )
    for name in REQUIRED:
        if name not in names:
            result.errors.append(RowError(header_number, name, f"Kolonnen «{name}» mangler."))
    if result.errors:
        return result

    focus_areas = {f.key: f for f in FocusArea.objects.for_plan(plan)}
    expenses = []
    for number, raw in body:
        values = {
            names[index]: cell(value)
            for index, value in enumerate(raw)
            if index < len(names) and names[index]
        }
        expense, errors = _check_row(plan, number, values, focus_areas, today)
        result.errors.extend(errors)
        if expense is not None:
            expense.registered_by = user
            expenses.append(expense)
    result.rows = len(body)
    if result.errors:
        return result
    if dry_run:
        result.checked = len(expenses)
        return result
    with transaction.atomic():
        # save() one by one (not bulk_create) so that every expense gets its history record.
        for expense in expenses:
            expense.save()
    result.created = len(expenses)
    return result


def template_csv() -> str:
    return "month;focus_area;financing;amount;note\r\n2018-03;tryghed-og-trivsel;lbf;12500,00;\r\n"

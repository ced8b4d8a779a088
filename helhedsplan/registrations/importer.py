"""Registrations from a spreadsheet (CSV or XLSX): every row checked, then all saved or none.

The rules are the form's rules: each row becomes a `RegistrationInput` and goes through
`save_registration` inside a transaction that is rolled back unless every row passed. Checking
by saving means the file is held to exactly what the form enforces (including the database's
own constraints), and a row that repeats an earlier row of the same file is found by the same
`likely_duplicate` query that finds a repeat of an existing registration.
"""

import csv
import dataclasses
import datetime
import io
import re
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from helhedsplan.core.privacy import CPR_MESSAGE, looks_like_cpr
from helhedsplan.core.spreadsheets import (
    FileRefused,
    cell,
    is_blank,
    read_table,
    safe_cell,
    workbook_bytes,
)
from helhedsplan.plans.models import Activity, SuccessCriterion
from helhedsplan.registrations.models import Registration
from helhedsplan.registrations.services import (
    COUNTED_ELSEWHERE,
    DUPLICATE_FIELDS,
    RegistrationInput,
    RegistrationRefused,
    likely_duplicate,
    save_registration,
    split_codes,
)

COLUMNS = (
    "activity",
    "criterion",
    "date",
    "end_date",
    "kind",
    "count",
    "participants",
    "completed",
    "participant_codes",
    "note",
)
REQUIRED = ("activity", "date", "kind")
# How many rows one file may have: read_table stops at HELHEDSPLAN_IMPORT_MAX_ROWS (settings).
# The kinds of criteria that registrations count toward; the others are measured or assessed.
COUNTABLE_KINDS = tuple(set(SuccessCriterion.Kind.values) - COUNTED_ELSEWHERE)

# Which column a rule of services.check_registration is about.
_FIELD_COLUMNS = {
    "activity": "activity",
    "sub_activity": "activity",
    "criteria": "criterion",
    "codes": "participant_codes",
    "date": "date",
    "end_date": "end_date",
    "kind": "kind",
    "count": "count",
    "participants": "participants",
    "completed": "completed",
    "note": "note",
}
_KINDS = {
    **{value.lower(): value for value in Registration.Kind.values},
    **{str(label).lower(): value for value, label in Registration.Kind.choices},
}
_DATE_FORMATS = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), (1, 2, 3)),
    (re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$"), (3, 2, 1)),
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), (3, 2, 1)),
)
_CRITERION_SEPARATORS = re.compile(r"[|,;\s]+")
_WHOLE_NUMBER = re.compile(r"^-?\d+$")
# Digits that could be a CPR number are never echoed back: messages end up in cron mail and logs.
_CPR_CANDIDATE = re.compile(r"\d{6}[\s-]?\d{4}")


class RowError(NamedTuple):
    """One problem: the row as the spreadsheet shows it (header = 1; None: the whole file)."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column:
            return f"Række {self.row}, kolonne {self.column}: {self.message}"
        return f"Række {self.row}: {self.message}"


@dataclasses.dataclass
class ImportResult:
    errors: list[RowError] = dataclasses.field(default_factory=list)
    created: int = 0
    rows: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_lines(self) -> list[str]:
        return [str(error) for error in self.errors]

    def summary(self) -> str:
        if self.errors:
            count = len(self.errors)
            them = "den" if count == 1 else "dem"
            return f"Intet er importeret: filen har {count} fejl. Ret {them} og prøv igen."
        if self.dry_run:
            return (
                f"Filen er i orden: {_registrations(self.rows)} ville blive importeret "
                "(intet er gemt)."
            )
        return f"{_registrations(self.created)} importeret."

    def as_json(self) -> dict:
        return {
            "created": self.created,
            "rows": self.rows,
            "dry_run": self.dry_run,
            "errors": [error._asdict() for error in self.errors],
        }

    def __str__(self) -> str:
        return "\n".join([*self.error_lines(), self.summary()])


def _registrations(n: int) -> str:
    return f"{n} registrering" if n == 1 else f"{n} registreringer"


def mask_cpr(text: str) -> str:
    return _CPR_CANDIDATE.sub(
        lambda m: "******-****" if looks_like_cpr(m.group()) else m.group(), text
    )


class _Rollback(Exception):
    pass


def _text(value) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


# --- reading one row --------------------------------------------------------------------------


def _parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    for pattern, (y, m, d) in _DATE_FORMATS:
        match = pattern.match(str(value))
        if match:
            try:
                return datetime.date(int(match[y]), int(match[m]), int(match[d]))
            except ValueError:
                return None
    return None


def _parse_whole(value) -> int:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _WHOLE_NUMBER.match(value):
        return int(value)
    raise ValueError


class _Row:
    """One spreadsheet row turned into a RegistrationInput, or the reasons it cannot be."""

    def __init__(self, number: int, values: dict, context: "_Context"):
        self.number = number
        self.errors: list[RowError] = []
        self.data: RegistrationInput | None = None
        self._build(values, context)

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, mask_cpr(message)))

    def _build(self, values: dict, context: "_Context") -> None:
        activity = self._activity(values.get("activity", ""), context)
        criteria = self._criteria(_text(values.get("criterion", "")), context)
        day = self._date("date", values.get("date", ""), required=True)
        end_date = self._date("end_date", values.get("end_date", ""), required=False)
        kind = self._kind(values.get("kind", ""))
        count = self._number("count", values.get("count", ""), default=1)
        participants = self._number("participants", values.get("participants", ""))
        completed = self._number("completed", values.get("completed", ""))
        codes_text = _text(values.get("participant_codes", ""))
        codes = split_codes(codes_text)
        # Checked as typed, before splitting: "010190 1234" would split into two harmless codes.
        # The cell is then refused as a whole, so the same number is not reported twice.
        if looks_like_cpr(codes_text):
            self.error("participant_codes", CPR_MESSAGE)
            codes = []
        note = _text(values.get("note", ""))
        # A row that cannot be read is not checked further; one that can, is checked in full
        # (also when the activity is not the user's: every error is reported at once).
        if activity is None or day is None or kind is None:
            return
        if _INVALID in (end_date, count, participants, completed):
            return
        self.data = RegistrationInput(
            activity=activity,
            date=day,
            end_date=end_date,
            kind=kind,
            count=count,
            participants=participants,
            completed=completed,
            criteria=criteria,
            codes=codes,
            note=note,
        )

    def _activity(self, value, context: "_Context") -> Activity | None:
        key = _text(value)
        if not key:
            self.error("activity", "Skal udfyldes med aktivitetens nøgle fra planen.")
            return None
        activity = context.activities.get(key) or context.activities.get(key.lower())
        if activity is None:
            self.error("activity", f"Ukendt aktivitet «{key}». Brug aktivitetens nøgle fra planen.")
            return None
        if context.access is not None and not context.access.may_register_for(activity):
            self.error("activity", f"Du må ikke registrere for aktiviteten «{key}».")
        return activity

    def _criteria(self, value: str, context: "_Context") -> list[SuccessCriterion]:
        criteria = []
        for key in _CRITERION_SEPARATORS.split(value):
            if not key:
                continue
            criterion = context.criteria.get(key) or context.criteria.get(key.lower())
            if criterion is None:
                self.error("criterion", f"Ukendt succeskriterium «{key}».")
            elif criterion not in criteria:
                criteria.append(criterion)
        return criteria

    def _date(self, column: str, value, *, required: bool):
        if value == "":
            if required:
                self.error(column, "Skal udfyldes med en dato, fx 2019-03-14 eller 14.03.2019.")
            return None
        day = _parse_date(value)
        if day is None:
            self.error(
                column,
                f"Ugyldig dato «{_text(value)}». Skriv den som ÅÅÅÅ-MM-DD, DD-MM-ÅÅÅÅ eller "
                "DD.MM.ÅÅÅÅ.",
            )
            return None if required else _INVALID
        return day

    def _kind(self, value) -> str | None:
        text = _text(value)
        if not text:
            self.error("kind", f"Skal udfyldes med en type: {', '.join(Registration.Kind.values)}.")
            return None
        # An unknown kind is passed on: check_registration names it and lists the valid ones.
        return _KINDS.get(text.lower(), text)

    def _number(self, column: str, value, *, default=None):
        if value == "":
            return default
        try:
            return _parse_whole(value)
        except ValueError:
            self.error(column, f"«{_text(value)}» er ikke et helt tal (0 eller derover).")
            return _INVALID


_INVALID = object()


@dataclasses.dataclass
class _Context:
    activities: dict[str, Activity]
    criteria: dict[str, SuccessCriterion]
    access: object | None


# --- the import -------------------------------------------------------------------------------


def _header(row: list, number: int, rows: list[list]) -> tuple[list[str | None], list[RowError]]:
    """The column name of each position (None: an empty, ignorable column), or what is wrong."""
    errors = []
    names: list[str | None] = []
    seen: set[str] = set()
    for index, value in enumerate(row):
        name = _text(cell(value)).lower()
        if not name:
            if any(index < len(r) and cell(r[index]) != "" for r in rows):
                errors.append(
                    RowError(
                        number, "", f"Kolonne nummer {index + 1} har data men ingen overskrift."
                    )
                )
            names.append(None)
            continue
        if name not in COLUMNS:
            errors.append(
                RowError(
                    number,
                    mask_cpr(name),
                    f"Ukendt kolonne «{mask_cpr(name)}». Tilladte kolonner: {', '.join(COLUMNS)}.",
                )
            )
        elif name in seen:
            errors.append(RowError(number, name, f"Kolonnen «{name}» står der to gange."))
        seen.add(name)
        names.append(name)
    for name in REQUIRED:
        if name not in seen:
            errors.append(RowError(number, name, f"Kolonnen «{name}» mangler."))
    return names, errors


def _refused_rows(number: int, refused: RegistrationRefused) -> list[RowError]:
    return [
        RowError(number, _FIELD_COLUMNS.get(field, ""), mask_cpr(message))
        for field, messages in refused.errors.items()
        for message in messages
    ]


def import_registrations(
    *,
    plan,
    rows_source: bytes,
    filename: str,
    user=None,
    access=None,
    dry_run: bool = False,
    today: datetime.date | None = None,
) -> ImportResult:
    """Check every row of the file; save all of them (unless `dry_run`) only if none has an error.

    `access` (a PlanAccess) limits the activities to those the user may register for; the command
    line passes none and may import for every activity of the plan.
    """
    today = today or timezone.localdate()
    result = ImportResult(dry_run=dry_run)
    try:
        table = read_table(rows_source, filename)
    except FileRefused as refused:
        result.errors.append(RowError(None, "", refused.message))
        return result

    numbered = [(number, row) for number, row in enumerate(table, start=1) if not is_blank(row)]
    if not numbered:
        result.errors.append(RowError(None, "", "Filen er tom."))
        return result
    (header_number, header_row), body = numbered[0], numbered[1:]
    if not body:
        result.errors.append(
            RowError(
                None,
                "",
                "Filen har kun en overskriftsrække – der er ingen registreringer at importere.",
            )
        )
        return result
    names, header_errors = _header(header_row, header_number, [row for _, row in body])
    if header_errors:
        result.errors.extend(header_errors)
        return result

    context = _Context(
        activities={a.key: a for a in Activity.objects.for_plan(plan)},
        criteria={c.key: c for c in SuccessCriterion.objects.for_plan(plan)},
        access=access,
    )
    rows = []
    for number, raw in body:
        values = {}
        for index, value in enumerate(raw):
            name = names[index] if index < len(names) else None
            if name is not None:
                values[name] = cell(value)
            elif cell(value) != "":
                result.errors.append(
                    RowError(number, "", f"Celle nummer {index + 1} har ingen kolonneoverskrift.")
                )
        rows.append(_Row(number, values, context))
    result.rows = len(rows)

    saved_rows: dict[int, int] = {}  # registration id -> the row it came from
    try:
        with transaction.atomic():
            for row in rows:
                result.errors.extend(row.errors)
                if row.data is None:
                    continue
                # The same rule as the form and the API (services.likely_duplicate).
                twin = likely_duplicate(
                    plan, row.data, organisation_id=getattr(access, "organisation_id", None)
                )
                if twin is not None:
                    source = saved_rows.get(twin.id)
                    what = f"række {source}" if source else "en eksisterende registrering"
                    result.errors.append(
                        RowError(
                            row.number,
                            "",
                            f"Rækken ligner en dobbeltregistrering af {what} (sammenlignet er "
                            f"{DUPLICATE_FIELDS}).",
                        )
                    )
                try:
                    registration = save_registration(
                        plan,
                        row.data,
                        user=user,
                        organisation_id=getattr(access, "organisation_id", None),
                        confirmed_duplicate=True,
                        today=today,
                    )
                except RegistrationRefused as refused:
                    result.errors.extend(_refused_rows(row.number, refused))
                    continue
                saved_rows[registration.id] = row.number
            if result.errors or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    else:
        result.created = len(saved_rows)
    result.errors.sort(key=lambda e: (e.row or 0, _column_order(e.column)))
    return result


def _column_order(column: str) -> int:
    return COLUMNS.index(column) if column in COLUMNS else -1


# --- templates --------------------------------------------------------------------------------


def _example(activity: Activity, today: datetime.date | None = None) -> dict:
    plan = activity.plan
    day = min(max(today or timezone.localdate(), plan.start), plan.end)
    criterion = (
        activity.success_criteria.filter(kind__in=COUNTABLE_KINDS).order_by("order", "id").first()
    )
    return {
        "activity": activity.key,
        "criterion": criterion.key if criterion else "",
        "date": day,
        "end_date": "",
        "kind": Registration.Kind.EVENT.value,
        "count": 1,
        "participants": 2,
        "completed": "",
        "participant_codes": "P-0001;P-0002",
        "note": "Eksempel – ret eller slet rækken",
    }


def template_csv(activity: Activity, *, today: datetime.date | None = None) -> str:
    """The header and one example row; ';' so that Danish Excel opens it in columns."""
    example = _example(activity, today)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow([safe_cell(_text(example[name])) for name in COLUMNS])
    return out.getvalue()


def template_xlsx(activity: Activity, *, today: datetime.date | None = None) -> bytes:
    """The header, one example row, and the activity's criteria and the kinds on extra sheets."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    example = _example(activity, today)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Registreringer"
    sheet.append(list(COLUMNS))
    sheet.append([example[name] for name in COLUMNS])
    for header_cell in sheet[1]:
        header_cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, name in enumerate(COLUMNS):
        letter = openpyxl.utils.get_column_letter(index + 1)
        sheet.column_dimensions[letter].width = max(12, len(name) + 4)
        if name in ("date", "end_date"):
            for row in range(2, 1001):
                sheet[f"{letter}{row}"].number_format = "DD-MM-YYYY"
        if name == "participant_codes":
            sheet.column_dimensions[letter].width = 30
            for row in range(2, 1001):
                sheet[f"{letter}{row}"].number_format = "@"
        if name == "kind":
            kinds = DataValidation(
                type="list",
                formula1='"' + ",".join(Registration.Kind.values) + '"',
                allow_blank=False,
                showErrorMessage=True,
                errorTitle="Ukendt type",
                error="Vælg en type fra listen (se fanen «Typer»).",
            )
            sheet.add_data_validation(kinds)
            kinds.add(f"{letter}2:{letter}1000")
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 36
    sheet.column_dimensions["J"].width = 40

    criteria_sheet = workbook.create_sheet("Succeskriterier")
    criteria_sheet.append(["criterion", "succeskriterium", "type", "tælles ved registrering"])
    for criterion in activity.success_criteria.order_by("order", "id"):
        criteria_sheet.append(
            [
                criterion.key,
                criterion.text,
                criterion.get_kind_display(),
                "ja" if criterion.kind in COUNTABLE_KINDS else "nej (måles eller vurderes)",
            ]
        )
    kinds_sheet = workbook.create_sheet("Typer")
    kinds_sheet.append(["kind", "betydning"])
    for value, label in Registration.Kind.choices:
        kinds_sheet.append([value, str(label)])
    for extra in (criteria_sheet, kinds_sheet):
        for header_cell in extra[1]:
            header_cell.font = Font(bold=True)
        extra.column_dimensions["A"].width = 36
        extra.column_dimensions["B"].width = 80
        extra.column_dimensions["C"].width = 20
        extra.column_dimensions["D"].width = 26

    return workbook_bytes(workbook)

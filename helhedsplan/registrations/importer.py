"""Registrations from a spreadsheet (CSV or XLSX): every row checked, then all saved or none.

The file, its header and the all-or-nothing transaction are core.tabular_import's. The rules
are the form's rules: each row becomes a `RegistrationInput` and goes through
`save_registration` inside the import's transaction, which is rolled back unless every row
passed. Checking by saving means the file is held to exactly what the form enforces (including
the database's own constraints), and a row that repeats an earlier row of the same file is found
by the same `likely_duplicate` query that finds a repeat of an existing registration.
"""

import datetime
import re

from django.utils import timezone

from helhedsplan.core.formats import parse_date, parse_whole
from helhedsplan.core.privacy import CPR_MESSAGE, looks_like_cpr
from helhedsplan.core.spreadsheets import workbook_bytes
from helhedsplan.core.tabular_import import (
    ImportResult,
    Row,
    TabularImport,
    cell_text,
    csv_template,
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
_CRITERION_SEPARATORS = re.compile(r"[|,;\s]+")
# The import has always read a count as digits only: formats.parse_whole would also take
# "1.000", "+5" and "12,0", which the import refuses.
_DIGITS = re.compile(r"^-?\d+$")
_DIGIT_CHARS = set("0123456789")
_INVALID = object()  # a cell that was filled in but could not be read (its error is named)


class RegistrationImport(TabularImport):
    columns = COLUMNS
    required = REQUIRED
    items = ("registrering", "registreringer")

    def __init__(self, plan, *, user, access, today: datetime.date):
        self.plan = plan
        self.user = user
        self.access = access
        self.organisation_id = getattr(access, "organisation_id", None)
        self.today = today
        self.activities = {a.key: a for a in Activity.objects.for_plan(plan)}
        self.criteria = {c.key: c for c in SuccessCriterion.objects.for_plan(plan)}
        self.saved_rows: dict[int, int] = {}  # registration id -> the row it came from

    def check_row(self, row: Row) -> None:
        data = self._read(row)
        if data is None:
            return
        # The same rule as the form and the API (services.likely_duplicate).
        twin = likely_duplicate(self.plan, data, organisation_id=self.organisation_id)
        if twin is not None:
            source = self.saved_rows.get(twin.id)
            what = f"række {source}" if source else "en eksisterende registrering"
            row.error(
                "",
                f"Rækken ligner en dobbeltregistrering af {what} (sammenlignet er "
                f"{DUPLICATE_FIELDS}).",
            )
        try:
            registration = save_registration(
                self.plan,
                data,
                user=self.user,
                organisation_id=self.organisation_id,
                confirmed_duplicate=True,
                today=self.today,
            )
        except RegistrationRefused as refused:
            for field, messages in refused.errors.items():
                for message in messages:
                    row.error(_FIELD_COLUMNS.get(field, ""), message)
            return
        self.saved_rows[registration.id] = row.number

    # --- reading one row ----------------------------------------------------------------------

    def _read(self, row: Row) -> RegistrationInput | None:
        """The row as a RegistrationInput, or None if it cannot be read (its errors named)."""
        activity = self._activity(row)
        criteria = self._criteria(row)
        day = _date(row, "date", required=True)
        end_date = _date(row, "end_date", required=False)
        kind = _kind(row)
        count = _whole(row, "count", default=1)
        participants = _whole(row, "participants")
        completed = _whole(row, "completed")
        codes_text = row.text("participant_codes")
        codes = split_codes(codes_text)
        # Checked as typed, before splitting: "010190 1234" would split into two harmless codes.
        # The cell is then refused as a whole, so the same number is not reported twice.
        if looks_like_cpr(codes_text):
            row.error("participant_codes", CPR_MESSAGE)
            codes = []
        # A row that cannot be read is not checked further; one that can, is checked in full
        # (also when the activity is not the user's: every error is reported at once).
        if activity is None or day is None or kind is None:
            return None
        if _INVALID in (end_date, count, participants, completed):
            return None
        return RegistrationInput(
            activity=activity,
            date=day,
            end_date=end_date,
            kind=kind,
            count=count,
            participants=participants,
            completed=completed,
            criteria=criteria,
            codes=codes,
            note=row.text("note"),
        )

    def _activity(self, row: Row) -> Activity | None:
        key = row.text("activity")
        if not key:
            row.error("activity", "Skal udfyldes med aktivitetens nøgle fra planen.")
            return None
        activity = self.activities.get(key) or self.activities.get(key.lower())
        if activity is None:
            row.error("activity", f"Ukendt aktivitet «{key}». Brug aktivitetens nøgle fra planen.")
            return None
        if self.access is not None and not self.access.may_register_for(activity):
            row.error("activity", f"Du må ikke registrere for aktiviteten «{key}».")
        return activity

    def _criteria(self, row: Row) -> list[SuccessCriterion]:
        criteria = []
        for key in _CRITERION_SEPARATORS.split(row.text("criterion")):
            if not key:
                continue
            criterion = self.criteria.get(key) or self.criteria.get(key.lower())
            if criterion is None:
                row.error("criterion", f"Ukendt succeskriterium «{key}».")
            elif criterion not in criteria:
                criteria.append(criterion)
        return criteria


def _typed_date(value) -> datetime.date | None:
    """A date in one of the three forms the import names. formats.parse_date also reads
    31/12/2024, where an American spreadsheet puts the month first (03/04/2019: 4 March there,
    3 April here), and a mix such as 31.12-2024; the import has always refused both."""
    if isinstance(value, str) and ("/" in value or len(set(value) - _DIGIT_CHARS) > 1):
        return None
    return parse_date(value)


def _date(row: Row, column: str, *, required: bool):
    day = row.parsed(
        column,
        _typed_date,
        missing="Skal udfyldes med en dato, fx 2019-03-14 eller 14.03.2019." if required else None,
        invalid="Ugyldig dato «{value}». Skriv den som ÅÅÅÅ-MM-DD, DD-MM-ÅÅÅÅ eller DD.MM.ÅÅÅÅ.",
    )
    if day is None and not required and row.get(column) != "":
        return _INVALID
    return day


def _kind(row: Row) -> str | None:
    kind = row.text("kind")
    if not kind:
        row.error("kind", f"Skal udfyldes med en type: {', '.join(Registration.Kind.values)}.")
        return None
    # An unknown kind is passed on: check_registration names it and lists the valid ones.
    return _KINDS.get(kind.lower(), kind)


def _whole(row: Row, column: str, *, default=None):
    if row.get(column) == "":
        return default
    whole = row.parsed(
        column,
        lambda value: parse_whole(value) if _DIGITS.match(cell_text(value)) else None,
        missing=None,
        invalid="«{value}» er ikke et helt tal (0 eller derover).",
    )
    return _INVALID if whole is None else whole


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
    importer = RegistrationImport(plan, user=user, access=access, today=today)
    return importer.run(rows_source, filename, dry_run=dry_run)


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
    """The header and one example row."""
    example = _example(activity, today)
    return csv_template(COLUMNS, [[example[name] for name in COLUMNS]])


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

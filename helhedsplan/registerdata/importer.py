"""Register values from a spreadsheet (CSV or XLSX): every row checked, then all saved or none.

Columns: `area` (an area key of the plan, or plan, kommune, region, land), `year`, `measure` (a key
of plans/register_measures.py), `value`, `source` (optional; else the measure's usual source).
A year in the file replaces the plan's values for that year: values the file gives again are
updated, values it leaves out are deleted, and the history keeps what was there before.
"""

from django.db import transaction

from helhedsplan.core import formats
from helhedsplan.core.spreadsheets import workbook_bytes
from helhedsplan.core.tabular_import import ImportResult, Row, TabularImport, csv_template
from helhedsplan.plans.models import Area, Plan
from helhedsplan.plans.register_measures import BY_KEY, COMPARISONS, MEASURES, PERCENT
from helhedsplan.registerdata.models import RegisterValue

COLUMNS = ("area", "year", "measure", "value", "source")
REQUIRED = ("area", "year", "measure", "value")
FIRST_YEAR, LAST_YEAR = 1990, 2100


class RegisterImport(TabularImport):
    columns = COLUMNS
    required = REQUIRED
    items = ("værdi", "værdier")
    checked_text = "Filen er i orden: {items} ville blive importeret (intet er gemt)."

    def __init__(self, plan: Plan, *, is_demo: bool = False):
        self.plan = plan
        self.is_demo = is_demo
        self.places = set(Area.objects.filter(plan=plan).values_list("key", flat=True))
        self.places |= set(COMPARISONS)
        self.seen: dict[tuple[str, int, str], int] = {}

    def check_row(self, row: Row) -> None:
        place = row.text("area").strip().lower()
        if not place:
            row.error("area", "Området mangler.")
        elif place not in self.places:
            allowed = ", ".join(sorted(self.places - set(COMPARISONS)) + list(COMPARISONS))
            row.error("area", f"Ukendt område «{place}». Tilladte: {allowed}.")
        year = row.parsed(
            "year",
            formats.parse_whole,
            missing="Året mangler.",
            invalid="«{value}» er ikke et år. Skriv det som ÅÅÅÅ.",
        )
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            row.error("year", f"«{year}» er ikke et år mellem {FIRST_YEAR} og {LAST_YEAR}.")
        key = row.text("measure").strip()
        measure = BY_KEY.get(key)
        if key and measure is None:
            row.error(
                "measure",
                f"Ukendt måling «{key}». Målingerne står i skabelonens ark «Målinger» og i README.",
            )
        value = row.parsed(
            "value",
            formats.parse_number,
            missing="Værdien mangler.",
            invalid="«{value}» er ikke et tal. Skriv det med komma som decimaltegn, fx 42,5.",
        )
        if value is not None and measure is not None:
            if value < 0:
                row.error("value", f"{measure.label} kan ikke være negativ.")
            elif measure.unit == PERCENT and value > 100:
                row.error("value", f"{measure.label} er en andel i procent: højst 100.")
        if not row.ok or not place or year is None or measure is None:
            return
        where = (place, year, key)
        if where in self.seen:
            row.error(
                "measure",
                f"Række {self.seen[where]} giver allerede {key} for {place} i {year}.",
            )
            return
        self.seen[where] = row.number
        RegisterValue.objects.update_or_create(
            plan=self.plan,
            place=place,
            year=year,
            measure=key,
            defaults={
                "value": value,
                "source": row.text("source").strip()[:200] or measure.source,
                "is_demo": self.is_demo,
            },
        )

    def run(self, source: bytes, filename: str, *, dry_run: bool = False) -> ImportResult:
        with transaction.atomic():
            result = super().run(source, filename, dry_run=dry_run)
            if result.ok and not dry_run:
                self._delete_left_out()
        return result

    def _delete_left_out(self) -> None:
        """A year in the file replaces that year: its values the file left out go (one by one,
        so that the history records each)."""
        years = {year for _, year, _ in self.seen}
        for value in RegisterValue.objects.filter(plan=self.plan, year__in=years):
            if (value.place, value.year, value.measure) not in self.seen:
                value.delete()


def import_register_values(
    plan: Plan, source: bytes, filename: str, *, dry_run: bool = False, is_demo: bool = False
) -> ImportResult:
    return RegisterImport(plan, is_demo=is_demo).run(source, filename, dry_run=dry_run)


def _example_rows(plan: Plan) -> list[list]:
    area = Area.objects.filter(plan=plan).order_by("order").first()
    key = area.key if area else "plan"
    return [
        [key, 2020, "residents", 1250, "Danmarks Statistik"],
        [key, 2020, "outside_work_education_18_64", "38,5", ""],
        ["land", 2020, "convicted", "0,9", ""],
        ["region", 2020, "gross_income_15_64", 350000, ""],
    ]


def template_csv(plan: Plan) -> str:
    return csv_template(COLUMNS, _example_rows(plan))


def template_xlsx(plan: Plan) -> bytes:
    """The header and example rows, and the places and the measures on their own sheets."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Registerdata"
    sheet.append(list(COLUMNS))
    for place, year, measure, value, source in _example_rows(plan):
        sheet.append([place, year, measure, formats.parse_number(value), source])
    places = workbook.create_sheet("Områder")
    places.append(["area", "Område"])
    for area in Area.objects.filter(plan=plan).order_by("order"):
        places.append([area.key, area.name])
    for key, label in COMPARISONS.items():
        places.append([key, label])
    measures = workbook.create_sheet("Målinger")
    measures.append(["measure", "Måling", "Enhed", "Sædvanlig kilde"])
    for measure in MEASURES:
        measures.append([measure.key, measure.label, measure.unit, measure.source])
    for each in (sheet, places, measures):
        for header_cell in each[1]:
            header_cell.font = Font(bold=True)
        each.freeze_panes = "A2"
        for letter, width in zip("ABCD", (34, 60, 10, 44), strict=False):
            each.column_dimensions[letter].width = width
    return workbook_bytes(workbook)

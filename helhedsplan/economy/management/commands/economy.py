"""`helhedsplan economy overview SLUG [--date D] [--json]` and `economy import FILE --plan SLUG`."""

import datetime
from pathlib import Path

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from helhedsplan.core import formats
from helhedsplan.core.commands import BaseCommand, print_json, read_import_file
from helhedsplan.core.formats import date_short
from helhedsplan.economy.importer import import_expenses
from helhedsplan.economy.services import economy_overview
from helhedsplan.plans.models import Plan


def _line_json(line) -> dict:
    return {
        "label": line.label,
        "focus_area": line.focus_area.key if line.focus_area else None,
        "budget": {"lbf": line.budget_lbf, "local": line.budget_local, "total": line.budget_total},
        "spent": {"lbf": line.spent_lbf, "local": line.spent_local, "total": line.spent_total},
        "remaining": line.remaining,
        "spent_share": line.spent_share,
        "elapsed_share": line.elapsed_share,
        "pace": line.pace,
    }


class Command(BaseCommand):
    help = "Økonomi: overview SLUG [--date ÅÅÅÅ-MM-DD] [--json] | import FIL --plan SLUG [--dry-run] [--json]"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True, parser_class=CommandParser)
        overview = sub.add_parser("overview", help="Budget og forbrug, takt og medarbejdertimer.")
        overview.add_argument("slug", help="Planens korte navn.")
        overview.add_argument("--date", help="Opgør pr. denne dato (ÅÅÅÅ-MM-DD); standard i dag.")
        overview.add_argument("--json", action="store_true", dest="as_json")
        imports = sub.add_parser(
            "import", help="Udgifter fra et regneark: alle rækker eller ingen."
        )
        imports.add_argument("file", help="CSV- eller XLSX-filen.")
        imports.add_argument("--plan", required=True, help="Planens korte navn.")
        imports.add_argument(
            "--dry-run", action="store_true", help="Kontrollér filen uden at gemme noget."
        )
        imports.add_argument("--json", action="store_true", dest="as_json")

    def _plan(self, slug: str) -> Plan:
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            raise CommandError(f"Der er ingen plan med det korte navn «{slug}».")
        return plan

    def handle(self, *args, what: str, as_json: bool, **options):
        if what == "import":
            self._import(options["file"], self._plan(options["plan"]), as_json, options["dry_run"])
        else:
            self._overview(self._plan(options["slug"]), options.get("date"), as_json)

    def _overview(self, plan: Plan, raw: str | None, as_json: bool) -> None:
        day = timezone.localdate()
        if raw:
            try:
                day = datetime.date.fromisoformat(raw)
            except ValueError:
                raise CommandError(f"«{raw}» er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD.") from None
        as_of = min(max(day, plan.start), plan.end)
        overview = economy_overview(plan, as_of)
        if as_json:
            print_json(
                self,
                {
                    "plan": plan.slug,
                    "as_of": as_of.isoformat(),
                    "elapsed_share": overview.elapsed_share,
                    "lines": [_line_json(line) for line in overview.lines],
                    "total": _line_json(overview.total),
                    "staff_hours": {
                        "organisations": [
                            {"organisation": h.organisation_name, "hours": h.hours}
                            for h in overview.hours
                        ],
                        "contributed": overview.hours_contributed,
                        "planned": overview.hours_planned,
                    },
                },
            )
            return
        self.stdout.write(f"{plan.name}, opgjort pr. {date_short(as_of)}")
        for line in [*overview.lines, overview.total]:
            self.stdout.write(
                f"{line.label}: budget {formats.amount(line.budget_total)}, forbrug "
                f"{formats.amount(line.spent_total, 2)}, rest {formats.amount(line.remaining, 2)}, "
                f"{formats.percent(line.spent_share)} "
                f"(forløbet {formats.percent(overview.elapsed_share)}): {line.pace}"
            )
        self.stdout.write(
            f"Medarbejdertimer: erlagt {overview.hours_contributed}, aftalt til dato "
            f"{overview.hours_planned}"
        )

    def _import(self, file: str, plan: Plan, as_json: bool, dry_run: bool) -> None:
        path = Path(file)
        source = read_import_file(file)
        # From the command line nobody is logged in: registered_by stays empty.
        result = import_expenses(plan=plan, source=source, filename=path.name, dry_run=dry_run)
        if as_json:
            print_json(
                self,
                {
                    "created": result.created,
                    "checked": result.checked,
                    "errors": [e._asdict() for e in result.errors],
                },
            )
        elif result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
        if result.errors:
            raise CommandError(result.summary())
        if not as_json:
            self.stdout.write(result.summary())

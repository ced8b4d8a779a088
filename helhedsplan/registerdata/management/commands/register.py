"""`helhedsplan register import FILE --plan SLUG [--dry-run] [--json]`,
`register status SLUG [--year Y] [--json]` and `register template --plan SLUG [--xlsx] FILE`."""

from pathlib import Path

from django.core.management.base import CommandError, CommandParser

from helhedsplan.core.commands import BaseCommand, print_json, read_import_file
from helhedsplan.plans.models import Plan
from helhedsplan.registerdata.importer import (
    import_register_values,
    template_csv,
    template_xlsx,
)
from helhedsplan.registerdata.services import latest_year, plan_standing
from helhedsplan.registerdata.standing import LIST_LABELS


class Command(BaseCommand):
    help = (
        "Registerdata: import FIL --plan SLUG [--dry-run] [--json] | "
        "status SLUG [--year ÅÅÅÅ] [--json] | template --plan SLUG FIL"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True, parser_class=CommandParser)
        imports = sub.add_parser(
            "import", help="Registerværdier fra et regneark: alle eller ingen."
        )
        imports.add_argument("file", help="CSV- eller XLSX-filen.")
        imports.add_argument("--plan", required=True, help="Planens korte navn.")
        imports.add_argument(
            "--dry-run", action="store_true", help="Kontrollér filen uden at gemme noget."
        )
        imports.add_argument("--json", action="store_true", dest="as_json")
        status = sub.add_parser(
            "status", help="Boligområdernes status efter almenboligloven §§ 61 a-b."
        )
        status.add_argument("slug", help="Planens korte navn.")
        status.add_argument("--year", type=int, help="Dataåret; standard det nyeste.")
        status.add_argument("--json", action="store_true", dest="as_json")
        template = sub.add_parser("template", help="En skabelon til importen.")
        template.add_argument("file", help="Filen, der skrives (.csv eller .xlsx).")
        template.add_argument("--plan", required=True, help="Planens korte navn.")

    @staticmethod
    def _plan(slug: str) -> Plan:
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            raise CommandError(f"Der er ingen plan med det korte navn «{slug}».")
        return plan

    def handle(self, *args, what: str, **options):
        if what == "import":
            self._import(options)
        elif what == "status":
            self._status(self._plan(options["slug"]), options["year"], options["as_json"])
        else:
            self._template(self._plan(options["plan"]), Path(options["file"]))

    def _import(self, options) -> None:
        plan = self._plan(options["plan"])
        file = options["file"]
        path = Path(file)
        source = read_import_file(file)
        result = import_register_values(plan, source, path.name, dry_run=options["dry_run"])
        if options["as_json"]:
            print_json(self, result.as_json())
        else:
            for line in result.error_lines():
                self.stderr.write(line)
        if result.errors:
            raise CommandError(result.summary())
        if not options["as_json"]:
            self.stdout.write(result.summary())

    def _status(self, plan: Plan, year: int | None, as_json: bool) -> None:
        year = year or latest_year(plan)
        if year is None:
            raise CommandError(
                f"Planen «{plan.slug}» har ingen registerdata med antal beboere for et område."
            )
        areas = plan_standing(plan, year)
        if as_json:
            print_json(self, [area.as_json() for area in areas])
            return
        self.stdout.write(f"Status efter almenboligloven §§ 61 a-b, dataår {year}:")
        for area in areas:
            on = [LIST_LABELS[name] for name in area.standing.on]
            self.stdout.write(f"- {area.area.name}: {', '.join(on) or 'på ingen liste'}")

    def _template(self, plan: Plan, path: Path) -> None:
        if path.suffix.lower() == ".xlsx":
            path.write_bytes(template_xlsx(plan))
        else:
            path.write_text(template_csv(plan), encoding="utf-8-sig")
        self.stdout.write(f"Skabelonen er skrevet til {path}.")

from pathlib import Path

from django.core.management.base import CommandError, CommandParser

from helhedsplan.core.commands import BaseCommand, print_json, read_import_file
from helhedsplan.plans.models import Plan
from helhedsplan.registrations.importer import import_registrations


class Command(BaseCommand):
    help = "Import: registrations FIL --plan SLUG [--dry-run] [--json]"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True, parser_class=CommandParser)
        registrations = sub.add_parser(
            "registrations",
            help="Registreringer fra et regneark (CSV eller XLSX): alle rækker eller ingen.",
        )
        registrations.add_argument("file", help="CSV- eller XLSX-filen.")
        registrations.add_argument("--plan", required=True, help="Planens korte navn.")
        registrations.add_argument(
            "--dry-run", action="store_true", help="Kontrollér kun filen; gem intet."
        )
        registrations.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, file: str, plan: str, dry_run: bool, as_json: bool, **options):
        chosen = Plan.objects.filter(slug=plan).first()
        if chosen is None:
            raise CommandError(f"Der er ingen plan med det korte navn «{plan}».")
        path = Path(file)
        source = read_import_file(file)
        # From the command line nobody is logged in: registered_by stays empty.
        result = import_registrations(
            plan=chosen, rows_source=source, filename=path.name, dry_run=dry_run
        )
        if as_json:
            print_json(self, result.as_json())
            if result.errors:
                raise CommandError(result.summary())
            return
        if result.errors:
            for line in result.error_lines():
                self.stderr.write(line)
            raise CommandError(result.summary())
        self.stdout.write(result.summary())

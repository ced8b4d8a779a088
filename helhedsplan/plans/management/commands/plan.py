import getpass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from helhedsplan.core.commands import fail
from helhedsplan.plans.models import Plan
from helhedsplan.plans.planfile import PlanFileError, validate_text
from helhedsplan.plans.services import export_plan, load_plan


class Command(BaseCommand):
    help = "Planfilen: validate FILE | load FILE | export SLUG [--format yaml|json]"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=CommandParser)
        validate = sub.add_parser("validate", help="Kontrollér en planfil og navngiv alle fejl.")
        validate.add_argument("file")
        load = sub.add_parser(
            "load", help="Opret eller erstat en plan fra en planfil (alt eller intet)."
        )
        load.add_argument("file")
        export = sub.add_parser("export", help="Skriv en indlæst plan som planfil.")
        export.add_argument("slug")
        export.add_argument("--format", choices=["yaml", "json"], default="yaml")
        export.add_argument("-o", "--output", help="Skriv til fil i stedet for standard output.")

    def handle(self, *args, action: str, **options):
        if action == "export":
            return self._export(options["slug"], options["format"], options.get("output"))
        text = self._read(options["file"])
        try:
            if action == "validate":
                plan_in, _ = validate_text(text)
                criteria = sum(
                    len(a.success_criteria) for f in plan_in.focus_areas for a in f.activities
                )
                activities = sum(len(f.activities) for f in plan_in.focus_areas)
                self.stdout.write(
                    f"Planfilen er gyldig: {plan_in.name} ({len(plan_in.focus_areas)} "
                    f"indsatsområder, {activities} aktiviteter, {criteria} succeskriterier)."
                )
            else:
                plan = load_plan(
                    text=text,
                    source_name=Path(options["file"]).name,
                    loaded_by=f"kommandolinjen ({getpass.getuser()})",
                )
                self.stdout.write(f"Planen «{plan.name}» ({plan.slug}) er indlæst.")
        except PlanFileError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            noun = "fejl" if len(error.problems) == 1 else "fejl i alt"
            fail(self, f"Planfilen er ikke gyldig: {len(error.problems)} {noun}. Intet er gemt.")

    def _read(self, name: str) -> str:
        path = Path(name)
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            fail(self, f"Filen findes ikke: {name}")
        except UnicodeDecodeError:
            fail(self, f"Filen er ikke UTF-8-tekst: {name}")
        except OSError as error:
            fail(self, f"Filen kan ikke læses: {name} ({error.strerror})")

    def _export(self, slug: str, fmt: str, output: str | None) -> None:
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            fail(self, f"Der er ingen plan med det korte navn «{slug}».")
        text = export_plan(plan, fmt=fmt)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")

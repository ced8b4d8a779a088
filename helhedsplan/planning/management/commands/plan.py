"""`helhedsplan plan`: the plan file (validate, load, export) and starting plans (new, copy,
in-force). It lives in planning, above plans, because starting a plan grants a role and reads
the old plan's measurements."""

import datetime
import getpass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser

from helhedsplan.core.commands import BaseCommand
from helhedsplan.core.uploads import file_too_large
from helhedsplan.planning.creation import (
    TEMPLATES,
    CreationError,
    check_new_slug,
    create_plan,
    default_name,
    mark_in_force,
    plan_end,
    successor_name,
    successor_text,
    template_text,
)
from helhedsplan.plans.models import Plan
from helhedsplan.plans.planfile import PlanFileError, validate_text
from helhedsplan.plans.planfile.source import PLAN_FILE_MAX_BYTES
from helhedsplan.plans.services import export_plan, load_plan


class Command(BaseCommand):
    help = (
        "Planfilen: validate FILE | load FILE | export SLUG [--format yaml|json]; nye planer: "
        "new SLUG --template lbf-2019|empty --start DATO | copy SLUG NY_SLUG --start DATO | "
        "in-force SLUG --board DATO --lbf DATO"
    )

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
        new = sub.add_parser("new", help="Opret en ny plan som udkast fra en skabelon.")
        new.add_argument("slug", help="Planens korte navn (bruges i adresser), fx nordby-2021-25.")
        new.add_argument("--template", required=True, help=" | ".join(TEMPLATES))
        copy = sub.add_parser(
            "copy", help="Opret den næste plan som udkast med en eksisterende plans struktur."
        )
        copy.add_argument("source", metavar="slug", help="Den plan, der kopieres.")
        copy.add_argument("new_slug", help="Den nye plans korte navn.")
        for parser in (new, copy):
            parser.add_argument("--start", required=True, help="Startdato, ÅÅÅÅ-MM-DD.")
            parser.add_argument("--name", help="Planens navn.")
            parser.add_argument("--owner", help="Brugernavnet på den, der får sekretariatsrollen.")
        in_force = sub.add_parser("in-force", help="Sæt et udkast i kraft.")
        in_force.add_argument("slug")
        in_force.add_argument(
            "--board", required=True, help="Bestyrelsens godkendelse, ÅÅÅÅ-MM-DD."
        )
        in_force.add_argument("--lbf", required=True, help="Landsbyggefondens godkendelse.")

    def handle(self, *args, action: str, **options):
        if action == "export":
            return self._export(options["slug"], options["format"], options.get("output"))
        if action in ("new", "copy"):
            return self._create(action, options)
        if action == "in-force":
            return self._in_force(options)
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
            raise CommandError(
                f"Planfilen er ikke gyldig: {len(error.problems)} {noun}. Intet er gemt."
            ) from error

    def _read(self, name: str) -> str:
        path = Path(name)
        try:
            if too_large := file_too_large(path, PLAN_FILE_MAX_BYTES, split=False):
                raise CommandError(too_large)
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"Filen findes ikke: {name}") from None
        except UnicodeDecodeError:
            raise CommandError(f"Filen er ikke UTF-8-tekst: {name}") from None
        except OSError as error:
            raise CommandError(f"Filen kan ikke læses: {name} ({error.strerror})") from error

    def _export(self, slug: str, fmt: str, output: str | None) -> None:
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            raise CommandError(f"Der er ingen plan med det korte navn «{slug}».")
        text = export_plan(plan, fmt=fmt)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")

    def _date(self, text: str, what: str) -> datetime.date:
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise CommandError(
                f"{what} «{text}» er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD."
            ) from None

    def _plan(self, slug: str) -> Plan:
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            raise CommandError(f"Der er ingen plan med det korte navn «{slug}».")
        return plan

    def _create(self, action: str, options) -> None:
        start = self._date(options["start"], "Startdatoen")
        owner = None
        if options.get("owner"):
            owner = get_user_model().objects.filter(username=options["owner"]).first()
            if owner is None:
                raise CommandError(f"Der er ingen bruger med brugernavnet «{options['owner']}».")
        source = self._plan(options["source"]) if action == "copy" else None
        slug = options["new_slug"] if action == "copy" else options["slug"]
        try:
            check_new_slug(slug)
            if source is not None:
                name = options.get("name") or successor_name(source, start)
                text = successor_text(source, slug=slug, name=name, start=start)
                source_name = f"kopi af {source.slug}"
            else:
                name = options.get("name") or default_name(start)
                text = template_text(options["template"], slug=slug, name=name, start=start)
                source_name = f"skabelon {options['template']}"
            plan = create_plan(
                text=text, user=owner, source_name=source_name, member_details_from=source
            )
        except CreationError as error:
            raise CommandError(str(error)) from error
        except PlanFileError as error:
            problems = "; ".join(str(problem) for problem in error.problems)
            raise CommandError(f"Planen kan ikke oprettes: {problems}. Intet er gemt.") from error
        counts = (
            f"{plan.focus_areas.count()} indsatsområder, {plan.activities.count()} aktiviteter, "
            f"{plan.success_criteria.count()} succeskriterier, {plan.bodies.count()} organer"
        )
        origin = f"kopi af «{source.name}»" if source else f"skabelonen {options['template']}"
        self.stdout.write(
            f"Planen «{plan.name}» ({plan.slug}) er oprettet som udkast fra {origin}: "
            f"{plan.start:%Y-%m-%d} til {plan_end(plan.start):%Y-%m-%d}, {counts}."
        )
        if owner is not None:
            self.stdout.write(f"{owner.get_username()} har sekretariatsrollen i planen.")
        else:
            self.stdout.write(
                "Ingen har adgang til planen endnu: giv en bruger sekretariatsrollen med --owner "
                "næste gang, eller i administrationen."
            )

    def _in_force(self, options) -> None:
        plan = self._plan(options["slug"])
        board = self._date(options["board"], "Bestyrelsens dato")
        lbf = self._date(options["lbf"], "Landsbyggefondens dato")
        try:
            mark_in_force(plan, board_approved_on=board, lbf_approved_on=lbf, user=None)
        except CreationError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Planen «{plan.name}» er nu i kraft (bestyrelsen {board:%Y-%m-%d}, "
            f"Landsbyggefonden {lbf:%Y-%m-%d}). Ændringer sker herefter gennem ændringsforslag, "
            "som bestyrelsen beslutter."
        )

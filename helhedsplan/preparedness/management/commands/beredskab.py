"""`helhedsplan beredskab check SLUG [--date D] [--json]` and `beredskab sheet SLUG -o FILE.pdf`."""

import datetime
from pathlib import Path

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from helhedsplan.core.commands import BaseCommand, print_json
from helhedsplan.plans.models import Plan
from helhedsplan.preparedness.services import ensure_contacts, readiness
from helhedsplan.preparedness.sheet import sheet_pdf


class Command(BaseCommand):
    help = "Beredskab: check SLUG [--date ÅÅÅÅ-MM-DD] [--json] | sheet SLUG -o FIL.pdf"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True, parser_class=CommandParser)
        check = sub.add_parser("check", help="Hvad er ikke klar i beredskabet?")
        check.add_argument("slug", help="Planens korte navn.")
        check.add_argument("--date", help="Kontrollér pr. denne dato (ÅÅÅÅ-MM-DD); standard i dag.")
        check.add_argument("--json", action="store_true", dest="as_json")
        sheet = sub.add_parser("sheet", help="Kontaktarket på én A4-side som PDF.")
        sheet.add_argument("slug", help="Planens korte navn.")
        sheet.add_argument("-o", "--output", required=True, help="PDF-filen, der skal skrives.")

    def handle(self, *args, what: str, slug: str, **options):
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            raise CommandError(f"Der er ingen plan med det korte navn «{slug}».")
        # The first look at a plan's beredskab makes its people from the plan file.
        ensure_contacts(plan)
        if what == "check":
            self._check(plan, options.get("date"), options["as_json"])
        else:
            self._sheet(plan, options["output"])

    def _check(self, plan: Plan, raw: str | None, as_json: bool) -> None:
        today = timezone.localdate()
        if raw:
            try:
                today = datetime.date.fromisoformat(raw)
            except ValueError:
                raise CommandError(f"«{raw}» er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD.") from None
        gaps = readiness(plan, today)
        if as_json:
            print_json(
                self,
                {
                    "plan": plan.slug,
                    "date": today.isoformat(),
                    "ready": not gaps,
                    "gaps": [gap.as_json() for gap in gaps],
                },
            )
            return
        if not gaps:
            self.stdout.write("Beredskabet er klar.")
            return
        self.stdout.write(f"{plan.name}: {len(gaps)} ting er ikke klar i beredskabet.")
        for gap in gaps:
            self.stdout.write(f"- {gap.text}")

    def _sheet(self, plan: Plan, output: str) -> None:
        path = Path(output)
        try:
            path.write_bytes(sheet_pdf(plan, timezone.localdate()))
        except OSError as error:
            raise CommandError(
                f"Filen «{output}» kan ikke skrives: {error.strerror or error}."
            ) from error
        self.stdout.write(f"Kontaktarket er skrevet til {path}.")

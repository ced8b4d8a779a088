"""helhedsplan calendar SLUG --plan-year 2018/19 [--ics FILE] [--save] [--json]

Prints the proposal of the plan year's ordinary meetings (see governance/calendar.py for the
rules); --ics writes them to one iCalendar file, --save saves them as proposed meetings.
"""

from pathlib import Path

from django.core.management.base import CommandError

from helhedsplan.core.commands import BaseCommand, print_json
from helhedsplan.core.formats import date_short, time_short
from helhedsplan.core.periods import parse_period
from helhedsplan.governance.calendar import propose_year, save_proposals
from helhedsplan.governance.ics import proposals_ics
from helhedsplan.plans.models import Plan


class Command(BaseCommand):
    help = "Foreslå et planårs ordinære møder i planens organer (og gem dem eller skriv en .ics)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="planens korte navn, fx randers-nordby-2017-21")
        parser.add_argument("--plan-year", required=True, help="planåret, fx 2018/19")
        parser.add_argument("--ics", metavar="FIL", help="skriv møderne til en iCalendar-fil")
        parser.add_argument("--save", action="store_true", help="gem møderne som foreslåede møder")
        parser.add_argument("--json", action="store_true", help="skriv forslaget som JSON")

    def handle(self, *args, **options):
        plan = Plan.objects.filter(slug=options["slug"]).first()
        if plan is None:
            raise CommandError(f"Planen «{options['slug']}» findes ikke.")
        label = options["plan_year"]
        if "-T" in label.upper():
            raise CommandError(f"Skriv et planår som 2018/19, ikke et tertial («{label}»).")
        try:
            year = parse_period(label, plan.start, plan.end)
        except ValueError as error:
            raise CommandError(str(error)) from error
        proposals = propose_year(plan, year)

        if options["json"]:
            print_json(self, [p.as_dict() for p in proposals])
        else:
            self.stdout.write(f"Forslag til møder i {plan.name}, planåret {year.label}:")
            for p in proposals:
                self.stdout.write(
                    f"{p.weekday:8} {date_short(p.date)} kl. {time_short(p.time)}  {p.body.name}: {p.note}"
                )
            self.stdout.write(f"{len(proposals)} møder i alt.")

        # Messages besides the proposal go to stderr with --json, so stdout stays valid JSON.
        notes = self.stderr if options["json"] else self.stdout
        if options["ics"]:
            path = Path(options["ics"])
            try:
                path.write_bytes(proposals_ics(plan, proposals, f"{plan.name} {year.label}"))
            except OSError as error:
                raise CommandError(f"Kan ikke skrive {path}: {error.strerror}.") from error
            notes.write(f"{len(proposals)} møder er skrevet til {path}.")
        if options["save"]:
            notes.write(save_proposals(plan, year, proposals).message)

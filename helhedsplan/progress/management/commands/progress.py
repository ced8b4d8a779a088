import datetime

from django.core.management.base import CommandError, CommandParser

from helhedsplan.core.commands import BaseCommand, print_json
from helhedsplan.core.formats import date_short
from helhedsplan.core.status import STATUS_LABELS
from helhedsplan.plans.models import Plan
from helhedsplan.progress.services import plan_progress


class Command(BaseCommand):
    help = "Fremdrift: status for hvert succeskriterium i en plan på en dato."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--at", dest="at", help="Datoen, ÅÅÅÅ-MM-DD (standard: i dag).")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, slug: str, at: str | None, as_json: bool, **options):
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            raise CommandError(f"Der er ingen plan med det korte navn «{slug}».")
        try:
            as_of = datetime.date.fromisoformat(at) if at else datetime.date.today()
        except ValueError:
            raise CommandError(f"«{at}» er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD.") from None
        progress = plan_progress(plan, as_of)
        if as_json:
            print_json(self, [row.as_json() for row in progress.criteria])
            return
        self.stdout.write(f"{plan.name}: fremdrift pr. {date_short(as_of)}")
        for row in progress.criteria:
            data = row.as_json()
            self.stdout.write(
                f"{data['activity']:<40} {data['criterion']:<45} "
                f"forventet {data['expected']!s:>8}  opnået {data['actual']!s:>8}  {row.status_label}"
            )
        summary = ", ".join(
            f"{n} {STATUS_LABELS[code]}" for code, n in progress.summary().items() if n
        )
        self.stdout.write(f"I alt: {summary}")

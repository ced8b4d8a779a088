from django.core.management.base import CommandError, CommandParser

from helhedsplan.core.commands import BaseCommand, print_json
from helhedsplan.plans.addresses import AddressError
from helhedsplan.plans.coverage import check_plan_address
from helhedsplan.plans.models import Plan


class Command(BaseCommand):
    help = 'Adresser: check "ADRESSE" [--plan SLUG] [--json]'

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=CommandParser)
        check = sub.add_parser("check", help="Ligger adressen i planens område?")
        check.add_argument("address")
        check.add_argument("--plan", help="Planens korte navn (kan udelades, når der kun er én).")
        check.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, address: str, plan: str | None, as_json: bool, **options):
        chosen = self._plan(plan)
        try:
            result = check_plan_address(chosen, address)
        except AddressError as error:
            raise CommandError(str(error)) from error
        if as_json:
            print_json(self, result)
            return
        where = f"{result['street']} {result['number']}{result['letter'] or ''}"
        if result["covered"]:
            self.stdout.write(f"{where} ligger i planens område: {result['area']}.")
        else:
            self.stdout.write(f"{where} ligger ikke i planens område ({chosen.name}).")

    def _plan(self, slug: str | None) -> Plan:
        if slug:
            plan = Plan.objects.filter(slug=slug).first()
            if plan is None:
                raise CommandError(f"Der er ingen plan med det korte navn «{slug}».")
            return plan
        plans = list(Plan.objects.all()[:2])
        if not plans:
            raise CommandError("Der er ingen planer. Indlæs en med: helhedsplan plan load FIL")
        if len(plans) > 1:
            raise CommandError("Der er flere planer: vælg en med --plan SLUG.")
        return plans[0]

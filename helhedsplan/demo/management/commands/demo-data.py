import datetime

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from helhedsplan.core.commands import BaseCommand, print_json
from helhedsplan.core.formats import date_short, number
from helhedsplan.demo.services import DemoDataError, generate_demo_data
from helhedsplan.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Demodata: SLUG --seed N [--until ÅÅÅÅ-MM-DD] [--json]. Erstatter planens tidligere "
        "demodata (registreringer, målinger, økonomi og milepæle); rigtige data røres ikke."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="Planens korte navn.")
        parser.add_argument(
            "--seed", type=int, default=1, help="Samme tal giver samme data (standard: 1)."
        )
        parser.add_argument(
            "--until",
            help="Sidste dato med data (standard: planens slutdato eller i dag, hvis den er før).",
        )
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, slug: str, seed: int, until: str | None, as_json: bool, **options):
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            raise CommandError(f"Der er ingen plan med det korte navn «{slug}».")
        if until is None:
            last = min(plan.end, timezone.localdate())
        else:
            try:
                last = datetime.date.fromisoformat(until)
            except ValueError:
                raise CommandError(
                    f"Ugyldig dato «{until}»: skriv --until som ÅÅÅÅ-MM-DD."
                ) from None
        try:
            counts = generate_demo_data(plan=plan, seed=seed, until=last)
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        if as_json:
            print_json(self, {"plan": plan.slug, "seed": seed, "until": last, **counts})
            return
        self.stdout.write(
            f"Demodata for {plan.name} (frø {seed}, {date_short(plan.start)}–{date_short(last)}):"
        )
        self.stdout.write(
            f"  {number(counts['registrations'])} registreringer med "
            f"{number(counts['participations'])} deltagelser af "
            f"{number(counts['participants'])} deltagerkoder (pseudonymer D-0001 …)"
        )
        self.stdout.write(
            f"  {number(counts['criterion_measurements'])} målinger af succeskriterier og "
            f"{number(counts['local_measurements'])} af lokalt opstillede målinger"
        )
        self.stdout.write(
            f"  {number(counts['assessments'])} vurderinger af kvalitative succeskriterier"
        )
        self.stdout.write(
            f"  {number(counts['expenses'])} udgifter og "
            f"{number(counts['staff_hours'])} månedsopgørelser af erlagte medarbejdertimer"
        )
        self.stdout.write(f"  {number(counts['milestones'])} milepæle i milepælsplanerne")
        self.stdout.write(f"  {number(counts['narratives'])} tekster til rapporterne")
        self.stdout.write(f"  {number(counts['register_values'])} registerværdier")
        self.stdout.write(
            f"Tidligere demodata fjernet: {number(counts['deleted_registrations'])} "
            f"registreringer, {number(counts['deleted_measurements'])} målinger, "
            f"{number(counts['deleted_assessments'])} vurderinger, "
            f"{number(counts['deleted_participants'])} deltagerkoder, "
            f"{number(counts['deleted_expenses'])} udgifter, "
            f"{number(counts['deleted_staff_hours'])} månedsopgørelser af medarbejdertimer, "
            f"{number(counts['deleted_milestones'])} milepæle, "
            f"{number(counts['deleted_narratives'])} rapporttekster og "
            f"{number(counts['deleted_register_values'])} registerværdier."
        )
        self.stdout.write("Alt er markeret som demodata; rigtige data er ikke rørt.")

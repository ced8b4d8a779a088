import datetime

from django.core.management.base import CommandError, CommandParser
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from helhedsplan.core.commands import BaseCommand
from helhedsplan.core.formats import date_short
from helhedsplan.plans.models import Plan
from helhedsplan.registrations.models import Participant


class Command(BaseCommand):
    help = (
        "Slet deltagerkoderne (pseudonymerne) i en afsluttet plan efter opbevaringsperioden. "
        "Tællinger af unikke deltagere bevares; koblingen til kodelister forsvinder."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--retention-days", type=int, default=365)
        parser.add_argument("--today", help="ÅÅÅÅ-MM-DD (til afprøvning)")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, slug, retention_days, today, dry_run, **options):
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            raise CommandError(f"Der er ingen plan med det korte navn «{slug}».")
        today = datetime.date.fromisoformat(today) if today else datetime.date.today()
        due = plan.end + datetime.timedelta(days=retention_days)
        if today <= due:
            raise CommandError(
                f"Planen slutter {date_short(plan.end)}; koderne må tidligst slettes efter {date_short(due)}.",
            )
        participants = Participant.objects.filter(plan=plan).exclude(code__startswith="SLETTET-")
        count = participants.count()
        if dry_run:
            self.stdout.write(f"{count} deltagerkoder ville blive slettet (intet er ændret).")
            return
        # Each code becomes an opaque number, in one UPDATE: the distinct participant stays (so
        # unique counts and reports are unchanged) but can no longer be matched to any list.
        participants.update(code=Concat(Value("SLETTET-"), Cast("id", CharField())))
        self.stdout.write(f"{count} deltagerkoder er slettet i {plan.name}.")

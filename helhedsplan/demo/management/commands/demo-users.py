import os

from django.core.management.base import CommandError, CommandParser

from helhedsplan.core.commands import BaseCommand
from helhedsplan.demo.users import create_demo_users
from helhedsplan.plans.models import Plan


class Command(BaseCommand):
    help = "Opret demobrugere (én pr. rolle) i en plan. Kun til demo og afprøvning."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")

    def handle(self, *args, slug: str, **options):
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            raise CommandError(f"Der er ingen plan med det korte navn «{slug}».")
        password = os.environ.get("HELHEDSPLAN_DEMO_PASSWORD", "demo")
        users = create_demo_users(plan=plan, password=password)
        self.stdout.write(f"Demobrugere i {plan.name} (adgangskode: {password}):")
        for username, label in users:
            self.stdout.write(f"  {username:<12} {label}")

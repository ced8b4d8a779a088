import datetime
import os

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from helhedsplan.core.commands import BaseCommand, print_json
from helhedsplan.core.formats import date_short, number
from helhedsplan.demo.running import RunningDemoError, make_running_demo
from helhedsplan.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Kørende demoplan: SLUG [--today ÅÅÅÅ-MM-DD] [--seed N] [--json]. Laver afløseren for "
        "planen SLUG med appens egen kopi, så den kører i dag: demodata til i dag, mødekalender, "
        "et styregruppemøde forude, et tertial til godkendelse og en indstilling til "
        "bestyrelsen. Demobrugerne får roller i den og lander på den. En tidligere kørende "
        "demoplan erstattes; andre planer røres ikke."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="Den plan, der kopieres (randers-nordby-2017-21).")
        parser.add_argument(
            "--today",
            help="Demoens dag (standard: i dag). Samme dag og frø giver samme demo.",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Samme tal giver samme data (standard: 1)."
        )
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, slug: str, today: str | None, seed: int, as_json: bool, **options):
        source = Plan.objects.filter(slug=slug).first()
        if source is None:
            raise CommandError(f"Der er ingen plan med det korte navn «{slug}».")
        if today is None:
            day = timezone.localdate()
        else:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError(
                    f"Ugyldig dato «{today}»: skriv --today som ÅÅÅÅ-MM-DD."
                ) from None
        if seed < 0:
            raise CommandError("Frøet skal være et helt tal, der ikke er negativt.")
        password = os.environ.get("HELHEDSPLAN_DEMO_PASSWORD", "demo")
        try:
            demo = make_running_demo(source=source, today=day, seed=seed, password=password)
        except RunningDemoError as error:
            raise CommandError(str(error)) from error
        plan = demo.plan
        meeting = demo.next_steering_meeting
        pending = demo.pending
        if as_json:
            print_json(
                self,
                {
                    "plan": plan.slug,
                    "name": plan.name,
                    "start": plan.start,
                    "end": plan.end,
                    "predecessor": slug,
                    "today": day,
                    "seed": seed,
                    "replaced": demo.replaced,
                    "users": [name for name, _ in demo.users],
                    "registrations": demo.counts["registrations"] - demo.held_back,
                    "meetings_held": demo.meetings_held,
                    "meetings_ahead": demo.meetings_ahead,
                    "next_steering_meeting": (
                        timezone.localtime(meeting.starts_at).date() if meeting else None
                    ),
                    "approved_tertials": demo.approved,
                    "awaiting_approval": demo.awaiting_approval,
                    "pending_recommendation": pending.title if pending else None,
                    "held_back_registrations": demo.held_back,
                },
            )
            return
        if demo.replaced:
            self.stdout.write(f"Tidligere kørende demoplan fjernet: {', '.join(demo.replaced)}.")
        self.stdout.write(
            f"Kørende demoplan: {plan.name} ({plan.slug}), {date_short(plan.start)}–"
            f"{date_short(plan.end)}, afløser for {source.name}; demoens dag er {date_short(day)}."
        )
        registrations = demo.counts["registrations"] - demo.held_back
        self.stdout.write(
            f"  {number(registrations)} registreringer til og med {date_short(day)}; "
            f"{demo.meetings_held} møder afholdt og {demo.meetings_ahead} forude"
        )
        if meeting:
            self.stdout.write(f"  Næste styregruppemøde: {date_short(meeting.starts_at)}")
        self.stdout.write(
            f"  Tertial til godkendelse: {demo.awaiting_approval}"
            + (f" (godkendt og låst: {', '.join(demo.approved)})" if demo.approved else "")
        )
        if pending:
            board = pending.board_meeting
            when = f" på mødet {date_short(board.starts_at)}" if board else ""
            self.stdout.write(f"  Venter på bestyrelsen{when}: {pending.title}")
        self.stdout.write(
            f"  Demobrugerne ({', '.join(name for name, _ in demo.users)}) lander på planen; "
            f"{source.name} er ét klik væk i planvælgeren."
        )

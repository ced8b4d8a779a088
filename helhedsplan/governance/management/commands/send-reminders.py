import datetime

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from helhedsplan.core.commands import BaseCommand, print_json
from helhedsplan.core.formats import date_short
from helhedsplan.governance.reminders import Outcome, render_reminder, send_reminders
from helhedsplan.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Påmindelser om dataleverance: e-mail til hver partner, der mangler data før et "
        "kommende styregruppemøde. Køres dagligt (cron); hver partner får én påmindelse pr. møde."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", help="Kun denne plan (det korte navn).")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Møder inden for så mange dage (standard: HELHEDSPLAN_REMINDER_DAYS, 14).",
        )
        parser.add_argument("--today", help="Dagens dato, ÅÅÅÅ-MM-DD (standard: i dag).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            dest="dry_run",
            help="Vis hvad der ville blive sendt, uden at sende eller registrere noget.",
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Skriv resultatet som JSON."
        )

    def handle(self, *args, plan, days, today, dry_run, as_json, **options):
        chosen = None
        if plan:
            chosen = Plan.objects.filter(slug=plan).first()
            if chosen is None:
                raise CommandError(f"Der er ingen plan med det korte navn «{plan}».")
        if days is None:
            days = settings.HELHEDSPLAN_REMINDER_DAYS
        if days < 0:
            raise CommandError("--days skal være 0 eller større.")
        try:
            day = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"«{today}» er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD.") from None

        run = send_reminders(today=day, days=days, plan=chosen, dry_run=dry_run)

        if as_json:
            print_json(
                self,
                {
                    "dry_run": dry_run,
                    "sent": run.sent,
                    "would_send": run.would_send,
                    "skipped": len(run.skipped),
                    "already_sent": run.already_sent,
                    "failed": len(run.failed),
                    "reminders": [item.as_json() for item in run.items],
                },
            )
        else:
            self._print(run, day=day, days=days, dry_run=dry_run)
        if run.failed:
            raise CommandError(
                "\n".join(
                    f"Påmindelsen til {item.partner_name} kunne ikke sendes: {item.error}"
                    for item in run.failed
                )
            )

    def _print(self, run, *, day, days, dry_run):
        self.stdout.write(
            f"Styregruppemøder fra {date_short(day)} og {days} dage frem"
            + (" (prøvekørsel: intet sendes eller registreres)" if dry_run else "")
        )
        if not run.items:
            self.stdout.write("Ingen partnere mangler data før et kommende møde.")
        meeting = None
        for item in run.items:
            if item.meeting != meeting:
                meeting = item.meeting
                self.stdout.write(
                    f"\n{meeting.plan.name}: {meeting.body.name} {date_short(item.meeting_date)} "
                    f"(følger op på {item.tertial.label})"
                )
            count = len(item.rows)
            noun = "succeskriterium" if count == 1 else "succeskriterier"
            line = f"  {item.partner_name}: {count} {noun} mangler data – "
            if item.outcome == Outcome.SEND:
                verb = "sendes til" if dry_run else "sendt til"
                self.stdout.write(line + f"{verb} {', '.join(item.recipients)}")
                if dry_run:
                    subject, _ = render_reminder(item)
                    self.stdout.write(f"    Emne: {subject}")
                    for text in item.lines():
                        self.stdout.write(f"    - {text}")
            elif item.outcome == Outcome.NO_ADDRESS:
                self.stdout.write(
                    line + "SPRUNGET OVER: ingen e-mailadresse (partnerbrugere eller "
                    "medlemmer af organerne)"
                )
            elif item.outcome == Outcome.NO_PARTNER:
                self.stdout.write(line + "SPRUNGET OVER: ingen ansvarlig partner angivet i planen")
            elif item.outcome == Outcome.ALREADY_SENT:
                self.stdout.write(line + "allerede sendt")
            else:
                self.stdout.write(line + f"KUNNE IKKE SENDES: {item.error}")
        self.stdout.write("")
        self.stdout.write(run.summary())

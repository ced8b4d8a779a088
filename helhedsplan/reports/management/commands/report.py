import datetime
from pathlib import Path

from django.core.management.base import CommandError, CommandParser

from helhedsplan.core.commands import BaseCommand
from helhedsplan.core.formats import number
from helhedsplan.documents.kinds import ReportKind
from helhedsplan.plans.models import Plan
from helhedsplan.reports.assemble import ReportError
from helhedsplan.reports.services import FORMATS, make_report


class Command(BaseCommand):
    help = (
        "Dan en rapport: fremdrift og projektledelse pr. tertial (2018/19-T2), aarsrapport og "
        "aktivitetsskema pr. planår (2018/19), monitorering for et tertial eller planår."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=ReportKind.values, metavar="KIND")
        parser.add_argument("slug")
        parser.add_argument("--period", required=True, help="Fx 2018/19-T2 eller 2018/19.")
        parser.add_argument("--format", dest="file_format", default="pdf", choices=list(FORMATS))
        parser.add_argument("-o", "--output", required=True, help="Filen, der skrives.")
        parser.add_argument(
            "--at", help="Data pr. denne dato, ÅÅÅÅ-MM-DD (standard: periodens sidste dag)."
        )
        parser.add_argument(
            "--internal",
            action="store_true",
            help="Sekretariatets udgave: vis også antal personer under plannens grænse.",
        )

    def handle(self, *args, kind, slug, period, file_format, output, at, internal, **options):
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            raise CommandError(f"Der er ingen plan med det korte navn «{slug}».")
        try:
            day = datetime.date.fromisoformat(at) if at else None
        except ValueError:
            raise CommandError(f"«{at}» er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD.") from None
        try:
            made = make_report(
                plan=plan,
                kind=kind,
                period=period,
                file_format=file_format,
                suppress=not internal,
                at=day,
            )
        except ReportError as problem:
            raise CommandError(str(problem)) from problem
        target = Path(output)
        try:
            target.write_bytes(made.content)
        except OSError as problem:
            raise CommandError(f"Kunne ikke skrive {target}: {problem.strerror}.") from problem
        self.stdout.write(
            f"{made.report.title} {made.report.period_label} ({file_format}, "
            f"{number(len(made.content))} byte) "
            f"skrevet til {target}."
        )

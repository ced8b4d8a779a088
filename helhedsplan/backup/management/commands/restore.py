import datetime
from pathlib import Path

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from helhedsplan.backup import native as pg_native
from helhedsplan.backup.restore import restore_backup, verify_backup
from helhedsplan.backup.services import BackupError
from helhedsplan.core.commands import BaseCommand, print_json
from helhedsplan.core.formats import datetime_short, number


def _when(text: str) -> str:
    """The backup's time (ISO, UTC in the file) as a Dane reads it, in local time."""
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return text
    if timezone.is_naive(moment):
        return text
    return datetime_short(moment)


class Command(BaseCommand):
    help = (
        "Gendan hele databasen fra en sikkerhedskopi fra «helhedsplan backup». En database med "
        "data erstattes kun med --force; alt sker i én transaktion, så en fejl ændrer intet."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Sikkerhedskopien (fx helhedsplan.jsonl.gz).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Erstat en database, der allerede har data (alt i den slettes).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Læs og kontrollér kun filen (antal rækker og kontrolsummer); rør ikke databasen.",
        )
        parser.add_argument(
            "--native",
            action="store_true",
            help="Kun PostgreSQL: filen er lavet med «backup --native» (pg_dump).",
        )
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, file: str, force: bool, check: bool, native: bool, as_json: bool, **o):
        path = Path(file)
        try:
            if check:
                summary = verify_backup(path)
            elif native:
                summary = pg_native.restore(path=path, force=force)
            else:
                summary = restore_backup(path=path, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if as_json:
            print_json(self, summary.as_dict())
            return
        tables = sum(1 for table in summary.tables.values() if table["rows"])
        taken = f" (taget {_when(summary.created_at)})" if summary.created_at else ""
        if check:
            self.stdout.write(
                f"Sikkerhedskopien {path}{taken} er hel: {number(summary.rows)} rækker i "
                f"{tables} tabeller. Databasen er ikke rørt."
            )
            return
        self.stdout.write(
            f"Gendannet fra {path}{taken}: {number(summary.rows)} rækker i {tables} tabeller."
        )

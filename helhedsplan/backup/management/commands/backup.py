from pathlib import Path

from django.core.management.base import CommandError, CommandParser

from helhedsplan.backup import native as pg_native
from helhedsplan.backup.services import BackupError, write_backup
from helhedsplan.core.commands import BaseCommand, print_json
from helhedsplan.core.formats import megabytes, number


def _size(path: Path) -> str:
    size = path.stat().st_size
    if size >= 1024 * 1024:
        return megabytes(size)
    return f"{max(1, size // 1024)} kB"


class Command(BaseCommand):
    help = (
        "Sikkerhedskopi af hele databasen i FILE (eller i en mappe: så får filen dato og "
        "klokkeslæt i navnet). Filen gendannes med «helhedsplan restore FILE», også på en anden "
        "databasemotor (SQLite eller PostgreSQL)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Filen (fx helhedsplan.jsonl.gz) eller en mappe.")
        parser.add_argument(
            "--native",
            action="store_true",
            help="Kun PostgreSQL: brug pg_dump (filen kan kun gendannes på PostgreSQL).",
        )
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, file: str, native: bool, as_json: bool, **options):
        try:
            dump = pg_native.dump if native else write_backup
            summary = dump(path=Path(file))
        except BackupError as error:
            raise CommandError(str(error)) from error
        if as_json:
            print_json(self, summary.as_dict())
            return
        tables = sum(1 for table in summary.tables.values() if table["rows"])
        self.stdout.write(
            f"Sikkerhedskopi gemt i {summary.path} ({_size(summary.path)}): "
            f"{number(summary.rows)} rækker i {tables} tabeller."
        )

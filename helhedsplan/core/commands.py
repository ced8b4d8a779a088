"""What the project's management commands share.

A command refuses by raising Django's `CommandError` with a plain Danish message (and
`returncode=` when the exit code is not 1). Django's own command line prints that as
"CommandError: <message>"; the project's `BaseCommand` prints the message alone, as a script or
a person reading stderr expects: no traceback (unless --traceback), no class name.
"""

import json
import sys
from pathlib import Path

from django.core.management import base
from django.core.management.base import CommandError, SystemCheckError

from helhedsplan.core.uploads import file_too_large


class BaseCommand(base.BaseCommand):
    """Django's BaseCommand whose refusals (CommandError) read as plain messages on stderr."""

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError as error:
            # call_command() and --traceback see the exception; system checks format their own.
            plain = self._called_from_command_line and not options.get("traceback")
            if not plain or isinstance(error, SystemCheckError):
                raise
            self.stderr.write(str(error))
            sys.exit(error.returncode)


def print_json(command: base.BaseCommand, data) -> None:
    command.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def read_import_file(file: str) -> bytes:
    """The spreadsheet an import command was given, read after its size is checked (a huge file
    is never loaded); a missing or unreadable file refused in Danish."""
    path = Path(file)
    try:
        if too_large := file_too_large(path):
            raise CommandError(too_large)
        return path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"Filen «{file}» findes ikke.") from None
    except OSError as error:
        raise CommandError(f"Filen «{file}» kan ikke læses: {error.strerror or error}.") from error

"""What the project's management commands share.

A command refuses by raising Django's `CommandError` with a plain Danish message (and
`returncode=` when the exit code is not 1). Django's own command line prints that as
"CommandError: <message>"; the project's `BaseCommand` prints the message alone, as a script or
a person reading stderr expects: no traceback (unless --traceback), no class name.
"""

import json
import sys

from django.core.management import base
from django.core.management.base import CommandError, SystemCheckError


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

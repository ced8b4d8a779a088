"""Small helpers shared by the project's management commands."""

import json
import sys

from django.core.management.base import BaseCommand


def fail(command: BaseCommand, message: str, code: int = 1) -> None:
    """A plain message on stderr and a non-zero exit: no traceback, no class name."""
    command.stderr.write(message)
    sys.exit(code)


def print_json(command: BaseCommand, data) -> None:
    command.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))

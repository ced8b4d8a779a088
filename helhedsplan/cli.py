"""The `helhedsplan` command: Django's management commands under the project's own name."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhedsplan.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["helhedsplan", *(sys.argv[1:] if argv is None else argv)])
    except ImproperlyConfigured as error:
        # A configuration mistake deserves one clear line, not a traceback.
        sys.stderr.write(f"Fejl i opsætningen: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()

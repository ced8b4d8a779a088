"""PostgreSQL's own tools for `backup --native` and `restore --native`: pg_dump's custom format,
restored by pg_restore in one transaction. Faster on a large database, but the file restores only
on PostgreSQL (of the same or a newer major version). The same rules as the portable format hold:
a file from a newer schema is refused, a database with data needs `force`, and a file that fails
half-way changes nothing."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from helhedsplan.backup.restore import check_schema, describe_counts, nonempty_tables
from helhedsplan.backup.services import (
    BackupError,
    BackupSummary,
    backed_up_models,
    default_file_name,
)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"--native kræver PostgreSQL-værktøjet {name}, som ikke er installeret "
            "(Debian: apt-get install postgresql-client). Uden --native virker sikkerhedskopien "
            "uden ekstra værktøjer."
        )
    return path


def _postgres(using: str):
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise BackupError(
            "--native virker kun med PostgreSQL; databasen her er "
            f"{connection.vendor}. Brug kommandoen uden --native."
        )
    return connection


def _environment(connection) -> dict[str, str]:
    """libpq reads the connection from PG* variables: no password on the command line."""
    settings = connection.settings_dict
    environment = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if settings.get(key):
            environment[variable] = str(settings[key])
    return environment


def _run(command: list[str], connection, what: str) -> str:
    result = subprocess.run(
        command, env=_environment(connection), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise BackupError(f"{what} mislykkedes: {detail[-1] if detail else result.returncode}")
    return result.stdout


def dump(*, path: Path, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    connection = _postgres(using)
    pg_dump = _tool("pg_dump")
    if path.is_dir():
        path = path / default_file_name().replace(".jsonl.gz", ".pgdump")
    if not path.parent.is_dir():
        raise BackupError(f"Mappen «{path.parent}» findes ikke: opret den først.")
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
    )
    os.close(descriptor)
    temporary = Path(temporary)
    try:
        temporary.chmod(0o600)
        _run(
            [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={temporary}"],
            connection,
            "pg_dump",
        )
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    tables = {
        model._meta.label_lower: {"rows": model._base_manager.using(using).count()}
        for model in backed_up_models()
    }
    return BackupSummary(
        path=path,
        created_at=timezone.now().isoformat(timespec="seconds"),
        engine="postgresql",
        tables=dict(sorted(tables.items())),
    )


def _migrations_in(path: Path, connection, pg_restore: str) -> dict[str, list[str]]:
    """The django_migrations rows of the dump, read from its COPY data."""
    text = _run(
        [pg_restore, "--data-only", "--table=django_migrations", "--file=-", str(path)],
        connection,
        "pg_restore (læsning af migreringer)",
    )
    migrations: dict[str, list[str]] = {}
    copying = False
    for line in text.splitlines():
        if line.startswith("COPY ") and "django_migrations" in line:
            copying = True
            columns = line[line.index("(") + 1 : line.index(")")].replace(" ", "").split(",")
            continue
        if copying:
            if line == "\\.":
                break
            row = dict(zip(columns, line.split("\t"), strict=False))
            migrations.setdefault(row["app"], []).append(row["name"])
    if not migrations:
        raise BackupError(
            f"Filen «{path}» er ikke en pg_dump-sikkerhedskopi af Helhedsplan (ingen "
            "migreringer i den). Intet er ændret."
        )
    return migrations


def restore(*, path: Path, using: str = DEFAULT_DB_ALIAS, force: bool = False) -> BackupSummary:
    connection = _postgres(using)
    pg_restore = _tool("pg_restore")
    if not path.is_file():
        raise BackupError(f"Filen «{path}» findes ikke. Intet er ændret.")
    _run([pg_restore, "--list", str(path)], connection, "pg_restore (læsning af filen)")
    check_schema({"migrations": _migrations_in(path, connection, pg_restore)}, using=using)
    if not force:
        counts = nonempty_tables(using)
        if counts:
            raise BackupError(
                f"Databasen er ikke tom ({describe_counts(counts)}). En gendannelse erstatter alt i "
                "den: kør igen med --force, hvis det er meningen. Intet er ændret."
            )
    # pg_restore drops and recreates the tables: this process must hold no locks on them.
    connection.close()
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        ],
        connection,
        "pg_restore (intet er ændret)",
    )
    tables = {
        model._meta.label_lower: {"rows": model._base_manager.using(using).count()}
        for model in backed_up_models()
    }
    return BackupSummary(
        path=path, created_at="", engine="postgresql", tables=dict(sorted(tables.items()))
    )

"""Backup and restore of the whole database in a portable file (README: Production, Backup).

The file is gzip'd JSON lines, the same on SQLite and PostgreSQL, so a backup taken on one engine
restores on the other:

1. a header: the format and its version, when the backup was taken, from which engine, the
   migrations applied per app and the number of rows per table;
2. one line per row of every table Django knows (every model, history tables, auth tables and
   the many-to-many tables), table by table in dependency order, each table in primary-key order.
   A row is what Django's python serializer makes of it; primary keys are kept, so every address
   with an id in it (a meeting, a change request) still works after a restore;
3. a trailer: rows per table and a digest of each table's content.

Both directions stream: a backup reads each table in chunks and a restore inserts in batches, so a
large database never sits in memory. A backup reads one consistent snapshot (REPEATABLE READ on
PostgreSQL, one read transaction on SQLite, where WAL lets writers go on meanwhile) and is written
to a temporary file that replaces FILE only when complete.

The restore, with its checks before anything is touched, is in backup/restore.py.
"""

import datetime
import gzip
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from itertools import islice
from pathlib import Path

import django
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Serializer as PythonSerializer
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone

FORMAT = "helhedsplan-backup"
FORMAT_VERSION = 1
CHUNK = 2000  # rows read per query when backing up
BATCH = 500  # rows inserted per statement when restoring

# Rows `helhedsplan migrate` makes by itself in a new database (content types, permissions, the
# role groups of accounts' 0002 migration): a database with only these is still empty.
MADE_BY_MIGRATE = {
    "contenttypes.contenttype",
    "auth.permission",
    "auth.group",
    "auth.group_permissions",
}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message is Danish and says what to do."""


@dataclass
class TableDigest:
    """Rows and content digest of one table: the sum (mod 2**256) of the SHA-256 of each row's
    canonical JSON, so the order the rows come in (which differs between engines for text keys)
    does not matter."""

    rows: int = 0
    total: int = 0

    def add(self, row: dict) -> None:
        self.rows += 1
        digest = hashlib.sha256(_canonical(row).encode("utf-8")).digest()
        self.total = (self.total + int.from_bytes(digest, "big")) % (1 << 256)

    @property
    def hexdigest(self) -> str:
        return f"{self.total:064x}"

    def as_dict(self) -> dict:
        return {"rows": self.rows, "digest": self.hexdigest}


@dataclass
class BackupSummary:
    path: Path
    created_at: str
    engine: str
    tables: dict[str, dict] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(table["rows"] for table in self.tables.values())

    def as_dict(self) -> dict:
        return {
            "file": str(self.path),
            "created_at": self.created_at,
            "engine": self.engine,
            "rows": self.rows,
            "tables": self.tables,
        }


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (Django's cuts them to milliseconds,
    as JavaScript's Date does; a restore must give back the stored value exactly)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def _canonical(row: dict) -> str:
    return json.dumps(row, cls=_Encoder, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _line(data: dict) -> str:
    return json.dumps(data, cls=_Encoder, ensure_ascii=False, separators=(",", ":"))


class _RowSerializer(PythonSerializer):
    """Django's python serializer without many-to-many values: the many-to-many tables are
    backed up as tables of their own, with their own ids."""

    def handle_m2m_field(self, obj, field):
        pass


def _state_models(applied: set[tuple[str, str]], using: str) -> list[type[Model]]:
    """The models as the given migrations left them (Django's historical models, as a migration
    sees them), so that a backup of a database not yet migrated to this code, or a restore of a
    file from an older schema into a database brought to that schema, reads and writes the
    tables as they are, not as the code's newest models would have them."""
    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    nodes = {key for key in applied if key in loader.graph.nodes}
    for key, migration in loader.replacements.items():
        if key in loader.graph.nodes and set(migration.replaces) <= applied:
            nodes.add(key)
    if not nodes:
        raise BackupError(
            "Databasen har ingen migreringer: kør «helhedsplan migrate» først. Intet er ændret."
        )
    state_apps = loader.project_state(nodes=sorted(nodes), at_end=True).apps
    return [
        model
        for model in state_apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


def _in_dependency_order(models: list[type[Model]]) -> list[type[Model]]:
    """Each model after the models its required foreign keys point to (restores defer the checks
    anyway; the order helps a reader of the file and any engine that checks at once)."""
    known = set(models)
    graph = {
        model: {
            field.related_model
            for field in model._meta.local_concrete_fields
            if field.is_relation
            and not field.null
            and field.related_model in known
            and field.related_model is not model
        }
        for model in sorted(models, key=lambda model: model._meta.label_lower)
    }
    try:
        return list(TopologicalSorter(graph).static_order())
    except CycleError:
        return list(graph)


def migration_pairs(migrations: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {(app, name) for app, names in migrations.items() for name in names}


def backed_up_models(*, using: str = DEFAULT_DB_ALIAS) -> list[type[Model]]:
    """Every table Django knows in the database as it is migrated now, in dependency order."""
    applied = migration_pairs(applied_migrations(using=using))
    return _in_dependency_order(_state_models(applied, using))


def insert_fields(model: type[Model]) -> list:
    return [f for f in model._meta.local_concrete_fields if not getattr(f, "generated", False)]


def _rows(model: type[Model], using: str) -> Iterator[dict]:
    queryset = model._base_manager.using(using).order_by("pk")
    iterator = queryset.iterator(chunk_size=CHUNK)
    while chunk := list(islice(iterator, CHUNK)):
        yield from _RowSerializer().serialize(chunk)


def applied_migrations(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def table_fingerprints(
    *, using: str = DEFAULT_DB_ALIAS, models: list[type[Model]] | None = None
) -> dict[str, dict]:
    """Rows and content digest of every backed-up table, read from the database."""
    fingerprints = {}
    for model in backed_up_models(using=using) if models is None else models:
        digest = TableDigest()
        for row in _rows(model, using):
            digest.add(row)
        fingerprints[model._meta.label_lower] = digest.as_dict()
    return dict(sorted(fingerprints.items()))


@contextmanager
def _snapshot(using: str):
    """One consistent view of the database for the whole backup, without blocking writers
    longer than the engine must."""
    connection = connections[using]
    if connection.in_atomic_block:  # e.g. inside a test's transaction: already one snapshot
        yield
        return
    if connection.vendor == "sqlite":
        # A deferred read transaction is a snapshot in WAL mode; the settings' IMMEDIATE mode
        # would take the write lock and make every writer wait for the backup.
        connection.ensure_connection()
        mode = connection.transaction_mode
        connection.transaction_mode = None
        try:
            with transaction.atomic(using=using):
                yield
        finally:
            connection.transaction_mode = mode
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def write_backup(*, path: Path | str, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Write the whole database to `path` (gzip'd JSON lines, see the module's docstring)."""
    path = Path(path)
    if path.is_dir():
        # A folder gets a dated file name, so that a cron line needs no date arithmetic.
        path = path / default_file_name()
    folder = path.parent
    if not folder.is_dir():
        raise BackupError(f"Mappen «{folder}» findes ikke: opret den først.")
    connection = connections[using]
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    os.close(descriptor)
    temporary = Path(temporary)
    try:
        # The file holds pseudonymous data about children and password hashes: owner only.
        temporary.chmod(0o600)
        with _snapshot(using), gzip.open(temporary, "wt", encoding="utf-8") as stream:
            created_at = timezone.now().isoformat(timespec="seconds")
            models = backed_up_models(using=using)
            header = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": created_at,
                "engine": connection.vendor,
                "django": django.get_version(),
                "migrations": applied_migrations(using=using),
                "tables": {
                    model._meta.label_lower: model._base_manager.using(using).count()
                    for model in models
                },
            }
            stream.write(_line(header) + "\n")
            tables = {}
            for model in models:
                digest = TableDigest()
                for row in _rows(model, using):
                    digest.add(row)
                    stream.write(_line(row) + "\n")
                tables[model._meta.label_lower] = digest.as_dict()
            stream.write(_line({"end": FORMAT, "tables": tables}) + "\n")
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return BackupSummary(
        path=path,
        created_at=created_at,
        engine=connection.vendor,
        tables=dict(sorted(tables.items())),
    )


def default_file_name(now: datetime.datetime | None = None) -> str:
    now = timezone.localtime(now)
    return f"helhedsplan-{now:%Y-%m-%d-%H%M%S}.jsonl.gz"

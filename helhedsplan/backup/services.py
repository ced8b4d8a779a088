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

A restore first reads the whole file (header, every line, the trailer's counts and digests), so a
corrupt or truncated file is refused before anything is touched. It refuses a file with migrations
this code does not know (a newer version of Helhedsplan), asks for `force` before it replaces a
database that holds data, and then replaces everything in one transaction with the foreign-key
checks deferred to the end. Before it commits, it checks every foreign key, resets PostgreSQL's
sequences and compares each table's digest, read back from the database, with the file's.
"""

import datetime
import gzip
import hashlib
import json
import os
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from itertools import islice
from pathlib import Path

import django
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.management.color import no_style
from django.core.serializers import base as serializers_base
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.core.serializers.python import Serializer as PythonSerializer
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, transaction
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


def backed_up_models(*, using: str = DEFAULT_DB_ALIAS) -> list[type[Model]]:
    """Every table Django knows in the database as it is migrated now, in dependency order."""
    applied = _as_pairs(applied_migrations(using=using))
    return _in_dependency_order(_state_models(applied, using))


def _insert_fields(model: type[Model]) -> list:
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


# Restore --------------------------------------------------------------------------------------


def _broken(path: Path, reason: str) -> BackupError:
    return BackupError(
        f"Filen «{path}» er beskadiget eller ufuldstændig ({reason}), så den kan ikke gendannes. "
        "Intet er ændret. Brug en anden sikkerhedskopi."
    )


@contextmanager
def _lines(path: Path) -> Iterator[Iterator[tuple[int, str]]]:
    """The file's lines with their numbers; a damaged gzip stream becomes a BackupError."""
    if not path.exists():
        raise BackupError(f"Filen «{path}» findes ikke. Intet er ændret.")
    if path.is_dir():
        raise BackupError(f"«{path}» er en mappe, ikke en sikkerhedskopi. Intet er ændret.")

    def numbered(stream):
        try:
            yield from enumerate(stream, start=1)
        except EOFError:
            raise _broken(path, "filen slutter midt i") from None
        except (gzip.BadGzipFile, zlib.error, UnicodeDecodeError) as error:
            raise _broken(path, f"ikke en gyldig gzip-fil med tekst: {error}") from None

    with gzip.open(path, "rt", encoding="utf-8") as stream:
        yield numbered(stream)


def _parse(path: Path, number: int, text: str) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _broken(path, f"linje {number} er ikke gyldig JSON: {error.msg}") from None
    if not isinstance(data, dict):
        raise _broken(path, f"linje {number} er ikke et JSON-objekt")
    return data


def read_header(path: Path | str) -> dict:
    path = Path(path)
    with _lines(path) as lines:
        first = next(lines, None)
    if first is None:
        raise _broken(path, "filen er tom")
    header = _parse(path, *first)
    if header.get("format") != FORMAT:
        raise BackupError(
            f"«{path}» er ikke en sikkerhedskopi fra helhedsplan backup (første linje mangler "
            f"«format»: «{FORMAT}»). Intet er ændret."
        )
    version = header.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            f"Sikkerhedskopien har filformat {version}, men denne version af Helhedsplan kan kun "
            f"læse format {FORMAT_VERSION}. Opdatér Helhedsplan og prøv igen. Intet er ændret."
        )
    if not isinstance(header.get("migrations"), dict) or not isinstance(header.get("tables"), dict):
        raise _broken(path, "hovedet mangler migreringer eller tabeller")
    return header


def _known_migrations(using: str) -> set[tuple[str, str]]:
    loader = MigrationLoader(connections[using], ignore_no_migrations=True, load=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces or [])
    return known


def _as_pairs(migrations: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {(app, name) for app, names in migrations.items() for name in names}


def _names(pairs: set[tuple[str, str]], limit: int = 5) -> str:
    names = [f"{app}.{name}" for app, name in sorted(pairs)]
    more = f" og {len(names) - limit} flere" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def check_schema(header: dict, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """The file's migrations must be known to this code and be those applied to the database."""
    in_file = _as_pairs(header["migrations"])
    unknown = in_file - _known_migrations(using)
    if unknown:
        raise BackupError(
            "Sikkerhedskopien er taget med en nyere version af Helhedsplan: databasen havde "
            f"migreringer, som denne version ikke kender ({_names(unknown)}). Gendan den med "
            "den version, den blev taget med, eller en nyere. Intet er ændret."
        )
    in_database = _as_pairs(applied_migrations(using=using))
    missing_here = in_file - in_database
    if missing_here:
        raise BackupError(
            "Databasen mangler migreringer, som sikkerhedskopien har "
            f"({_names(missing_here)}). Kør «helhedsplan migrate» først. Intet er ændret."
        )
    newer_here = in_database - in_file
    if newer_here:
        steps = []
        for app in sorted({app for app, _ in newer_here}):
            names = sorted(header["migrations"].get(app, []))
            steps.append(f"helhedsplan migrate {app} {names[-1] if names else 'zero'}")
        raise BackupError(
            "Sikkerhedskopien er taget med en ældre version af databasens opbygning: den mangler "
            f"migreringerne {_names(newer_here)}. Bring databasen til sikkerhedskopiens stand med "
            f"{'; '.join(steps)}, gendan, og kør så «helhedsplan migrate». Intet er ændret."
        )


def verify_backup(path: Path | str) -> BackupSummary:
    """Read the whole file and check it against its own header and trailer, touching no database:
    every line is JSON, every row belongs to a table the header names, and each table's row
    count and digest match."""
    path = Path(path)
    header = read_header(path)
    expected = header["tables"]
    digests = {label: TableDigest() for label in expected}
    trailer = None
    with _lines(path) as lines:
        next(lines)
        for number, text in lines:
            if trailer is not None:
                raise _broken(path, f"linje {number} kommer efter slutlinjen")
            data = _parse(path, number, text)
            if "end" in data:
                trailer = data
                continue
            label = data.get("model")
            if label not in digests or "fields" not in data:
                raise _broken(path, f"linje {number} er ikke en række i en kendt tabel")
            digests[label].add(data)
    if trailer is None or trailer.get("end") != FORMAT:
        raise _broken(path, "slutlinjen mangler")
    found = {label: digest.as_dict() for label, digest in digests.items()}
    for label, digest in found.items():
        if digest["rows"] != expected[label]:
            raise _broken(
                path, f"{label} har {digest['rows']} rækker, hovedet siger {expected[label]}"
            )
        if trailer.get("tables", {}).get(label) != digest:
            raise _broken(path, f"indholdet af {label} passer ikke med slutlinjens kontrolsum")
    return BackupSummary(
        path=path,
        created_at=str(header.get("created_at")),
        engine=str(header.get("engine")),
        tables=dict(sorted(found.items())),
    )


def _nonempty_tables(using: str, models: list[type[Model]] | None = None) -> dict[str, int]:
    counts = {}
    for model in backed_up_models(using=using) if models is None else models:
        if model._meta.label_lower in MADE_BY_MIGRATE:
            continue
        count = model._base_manager.using(using).count()
        if count:
            counts[model._meta.label_lower] = count
    return counts


def _describe(counts: dict[str, int]) -> str:
    plans = counts.get("plans.plan", 0)
    users = counts.get("auth.user", 0)
    parts = []
    if users:
        parts.append(f"{users} {'bruger' if users == 1 else 'brugere'}")
    if plans:
        parts.append(f"{plans} {'plan' if plans == 1 else 'planer'}")
    rows = sum(counts.values())
    parts.append(f"{rows} rækker i {len(counts)} {'tabel' if len(counts) == 1 else 'tabeller'}")
    return ", ".join(parts)


def _defer_constraints(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Checks still pending from earlier in this transaction run now, so that TRUNCATE
            # is allowed; from here on every deferrable foreign key is checked at the end.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA defer_foreign_keys = ON")


class _StateDeserializer(PythonDeserializer):
    """Django's python deserializer with the models of the file's migration state."""

    def __init__(self, object_list, *, models: dict[str, type[Model]], **options):
        super().__init__(object_list, **options)
        self.models = models

    def _get_model_from_node(self, model_identifier):
        try:
            return self.models[model_identifier]
        except KeyError:
            raise serializers_base.DeserializationError(
                f"ukendt tabel {model_identifier}"
            ) from None


def _batches(
    path: Path, using: str, models: dict[str, type[Model]]
) -> Iterator[tuple[type[Model], list[Model]]]:
    """The file's rows as model instances, in batches of one model."""
    with _lines(path) as lines:
        next(lines)
        batch: list[dict] = []
        for _number, text in lines:
            data = json.loads(text)
            if "end" in data:
                break
            if batch and (data["model"] != batch[0]["model"] or len(batch) >= BATCH):
                yield _objects(batch, using, models)
                batch = []
            batch.append(data)
        if batch:
            yield _objects(batch, using, models)


def _objects(
    batch: list[dict], using: str, models: dict[str, type[Model]]
) -> tuple[type[Model], list[Model]]:
    try:
        objects = [item.object for item in _StateDeserializer(batch, using=using, models=models)]
    except (serializers_base.DeserializationError, FieldDoesNotExist, ValidationError) as error:
        row = batch[0]
        raise BackupError(
            f"En række i {row.get('model')} passer ikke til databasen ({error}). Intet er ændret."
        ) from None
    return type(objects[0]), objects


def restore_backup(
    *, path: Path | str, using: str = DEFAULT_DB_ALIAS, force: bool = False
) -> BackupSummary:
    """Replace the whole database with the backup in `path`, all or nothing."""
    path = Path(path)
    header = read_header(path)
    check_schema(header, using=using)
    summary = verify_backup(path)
    connection = connections[using]
    # check_schema made sure the database is migrated exactly as the file's database was.
    models = backed_up_models(using=using)
    by_label = {model._meta.label_lower: model for model in models}
    unknown = set(header["tables"]) - set(by_label)
    if unknown:
        raise BackupError(
            "Sikkerhedskopien har tabeller, som databasen ikke har "
            f"({', '.join(sorted(unknown))}). Intet er ændret."
        )
    try:
        with transaction.atomic(using=using):
            if not force:
                counts = _nonempty_tables(using, models)
                if counts:
                    raise BackupError(
                        f"Databasen er ikke tom ({_describe(counts)}). En gendannelse erstatter "
                        "alt i den: kør igen med --force, hvis det er meningen. Intet er ændret."
                    )
            _defer_constraints(connection)
            tables = [model._meta.db_table for model in models]
            with connection.cursor() as cursor:
                for sql in connection.ops.sql_flush(no_style(), tables):
                    cursor.execute(sql)
            for model, objects in _batches(path, using, by_label):
                fields = _insert_fields(model)
                size = max(1, min(BATCH, connection.ops.bulk_batch_size(fields, objects)))
                for start in range(0, len(objects), size):
                    model._base_manager.using(using)._insert(
                        objects[start : start + size], fields=fields, raw=True, using=using
                    )
            try:
                connection.check_constraints()
            except IntegrityError as error:
                raise BackupError(
                    f"Sikkerhedskopien hænger ikke sammen: {error}. Intet er ændret."
                ) from None
            sequences = connection.ops.sequence_reset_sql(no_style(), models)
            if sequences:
                with connection.cursor() as cursor:
                    for sql in sequences:
                        cursor.execute(sql)
            restored = table_fingerprints(using=using, models=models)
            empty = TableDigest().as_dict()
            different = sorted(
                label
                for label in restored.keys() | summary.tables.keys()
                if restored.get(label, empty) != summary.tables.get(label, empty)
            )
            if different:
                raise BackupError(
                    "Databasen blev ikke den samme som sikkerhedskopien i tabellerne "
                    f"{', '.join(different[:5])}. Intet er ændret."
                )
    except DatabaseError as error:
        raise BackupError(f"Databasen afviste gendannelsen: {error}. Intet er ændret.") from None
    ContentType.objects.clear_cache()
    summary.created_at = str(header.get("created_at"))
    summary.tables = restored
    return summary


def default_file_name(now: datetime.datetime | None = None) -> str:
    now = timezone.localtime(now)
    return f"helhedsplan-{now:%Y-%m-%d-%H%M%S}.jsonl.gz"

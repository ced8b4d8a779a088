"""Restore of a backup file (the format: backup/services.py). A restore first reads the whole file
(header, every line, the trailer's counts and digests), so a corrupt or truncated file is refused
before anything is touched; then it checks the schema, asks for `force` before it replaces a
database that holds data, and replaces everything in one transaction (foreign keys checked,
sequences reset and each table's digest compared before it commits)."""

import gzip
import json
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.management.color import no_style
from django.core.serializers import base as serializers_base
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.models import Model

from helhedsplan.backup.services import (
    BATCH,
    FORMAT,
    FORMAT_VERSION,
    MADE_BY_MIGRATE,
    BackupError,
    BackupSummary,
    TableDigest,
    applied_migrations,
    backed_up_models,
    insert_fields,
    migration_pairs,
    table_fingerprints,
)


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


def _names(pairs: set[tuple[str, str]], limit: int = 5) -> str:
    names = [f"{app}.{name}" for app, name in sorted(pairs)]
    more = f" og {len(names) - limit} flere" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def check_schema(header: dict, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """The file's migrations must be known to this code and be those applied to the database."""
    in_file = migration_pairs(header["migrations"])
    unknown = in_file - _known_migrations(using)
    if unknown:
        raise BackupError(
            "Sikkerhedskopien er taget med en nyere version af Helhedsplan: databasen havde "
            f"migreringer, som denne version ikke kender ({_names(unknown)}). Gendan den med "
            "den version, den blev taget med, eller en nyere. Intet er ændret."
        )
    in_database = migration_pairs(applied_migrations(using=using))
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


def nonempty_tables(using: str, models: list[type[Model]] | None = None) -> dict[str, int]:
    counts = {}
    for model in backed_up_models(using=using) if models is None else models:
        if model._meta.label_lower in MADE_BY_MIGRATE:
            continue
        count = model._base_manager.using(using).count()
        if count:
            counts[model._meta.label_lower] = count
    return counts


def describe_counts(counts: dict[str, int]) -> str:
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
                counts = nonempty_tables(using, models)
                if counts:
                    raise BackupError(
                        f"Databasen er ikke tom ({describe_counts(counts)}). En gendannelse erstatter "
                        "alt i den: kør igen med --force, hvis det er meningen. Intet er ændret."
                    )
            _defer_constraints(connection)
            tables = [model._meta.db_table for model in models]
            with connection.cursor() as cursor:
                for sql in connection.ops.sql_flush(no_style(), tables):
                    cursor.execute(sql)
            for model, objects in _batches(path, using, by_label):
                fields = insert_fields(model)
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

"""`helhedsplan backup FILE` and `helhedsplan restore FILE`: a full demo database comes back row
for row in every table Django knows, on whichever engine the suite runs (SQLite in `make test`,
PostgreSQL in `.ci/run`)."""

import gzip
import hashlib
import io
import json
import stat

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

from helhedsplan.backup.restore import restore_backup
from helhedsplan.backup.services import (
    MADE_BY_MIGRATE,
    BackupError,
    backed_up_models,
    write_backup,
)
from helhedsplan.backup.tests.demo_database import build
from helhedsplan.governance.models import ChangeRequest, Meeting
from helhedsplan.registrations.models import Registration


def every_table() -> dict[str, tuple[int, str]]:
    """Row count and a content hash of every table of every model, read with plain SQL in primary
    key order: independent of the serializer the backup uses."""
    result = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if not model._meta.managed or model._meta.proxy:
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            pk = connection.ops.quote_name(model._meta.pk.column)
            cursor.execute(f"SELECT * FROM {table} ORDER BY {pk}")
            digest = hashlib.sha256()
            rows = 0
            for row in cursor.fetchall():
                rows += 1
                digest.update(repr(row).encode("utf-8"))
            result[model._meta.db_table] = (rows, digest.hexdigest())
    return result


def wipe() -> None:
    """Empty every table a new, migrated database has no rows in."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for model in reversed(backed_up_models()):
            if model._meta.label_lower not in MADE_BY_MIGRATE:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.fixture
def demo_database(plan):
    return build(plan)


def test_the_backup_covers_every_table_django_made(db):
    tables = {model._meta.db_table for model in backed_up_models()}
    in_database = set(connection.introspection.table_names()) - {"django_migrations"}
    assert tables == in_database


def test_a_full_demo_database_comes_back_row_for_row_in_every_table(demo_database, tmp_path):
    assert Registration.objects.count() > 1000
    assert ChangeRequest.objects.count() == 1
    assert Meeting.history.count() >= 2
    before = every_table()
    kinds = {table for table, (rows, _) in before.items() if rows}
    assert {
        "auth_user",
        "auth_user_user_permissions",
        "django_content_type",
        "auth_permission",
    } <= kinds
    assert {"plans_historicalplan", "accounts_invitation_activities"} <= kinds

    path = tmp_path / "helhedsplan.jsonl.gz"
    out = io.StringIO()
    call_command("backup", str(path), stdout=out)
    assert out.getvalue().startswith(f"Sikkerhedskopi gemt i {path} (")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    # Everything changes after the backup: rows deleted, rows added, rows changed.
    Registration.objects.filter(id__in=Registration.objects.values("id")[:100]).delete()
    get_user_model().objects.create_user(username="efter-backup", password="x")
    Meeting.objects.update(location="Et andet sted")
    assert every_table() != before

    out = io.StringIO()
    call_command("restore", str(path), "--force", stdout=out)
    assert out.getvalue().startswith(f"Gendannet fra {path} (taget ")
    assert every_table() == before


def test_a_restored_database_hands_out_new_ids_after_the_restored_ones(plan, tmp_path):
    def meeting(place):
        return Meeting.objects.create(
            plan=plan,
            body=plan.bodies.get(key="styregruppe"),
            starts_at=timezone.now(),
            location=place,
        )

    highest = max(meeting("Første").id, meeting("Andet").id)
    path = tmp_path / "backup.jsonl.gz"
    write_backup(path=path)
    # As in a new database: no rows, and the id counter back at the start.
    wipe()
    reset = connection.ops.sequence_reset_by_name_sql(
        no_style(), [{"table": Meeting._meta.db_table, "column": "id"}]
    )
    with connection.cursor() as cursor:
        for sql in reset:
            cursor.execute(sql)
    restore_backup(path=path)
    assert meeting("Nyt møde").id > highest


def test_an_empty_database_is_restored_without_force(plan, tmp_path):
    get_user_model().objects.create_user(username="sekretariat", password="x")
    path = tmp_path / "backup.jsonl.gz"
    write_backup(path=path)
    before = every_table()
    wipe()
    assert every_table() != before
    summary = restore_backup(path=path)
    assert every_table() == before
    assert summary.tables["plans.plan"]["rows"] == 1


def test_a_folder_gets_a_dated_backup_file(plan, tmp_path):
    summary = write_backup(path=tmp_path)
    assert summary.path.parent == tmp_path
    assert summary.path.name.startswith(f"helhedsplan-{timezone.localdate():%Y-%m-%d}-")
    assert summary.path.name.endswith(".jsonl.gz")
    assert [p.name for p in tmp_path.iterdir()] == [summary.path.name]


def test_the_file_is_gzipped_json_lines_with_a_header_and_a_trailer(plan, tmp_path):
    path = tmp_path / "backup.jsonl.gz"
    write_backup(path=path)
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        lines = [json.loads(line) for line in stream]
    header, rows, trailer = lines[0], lines[1:-1], lines[-1]
    assert header["format"] == "helhedsplan-backup"
    assert header["format_version"] == 1
    assert header["engine"] == connection.vendor
    assert "0001_initial" in header["migrations"]["plans"]
    assert header["tables"]["plans.plan"] == 1
    assert len(rows) == sum(header["tables"].values())
    assert trailer["end"] == "helhedsplan-backup"
    assert trailer["tables"]["plans.plan"]["rows"] == 1
    # A table's rows come after the tables its required foreign keys point to.
    order = [row["model"] for row in rows]
    assert order.index("plans.plan") < order.index("plans.activity")


def test_check_reads_the_file_and_leaves_the_database_alone(plan, tmp_path):
    path = tmp_path / "backup.jsonl.gz"
    write_backup(path=path)
    before = every_table()
    out = io.StringIO()
    call_command("restore", str(path), "--check", stdout=out)
    assert "er hel:" in out.getvalue()
    assert "Databasen er ikke rørt." in out.getvalue()
    assert every_table() == before


def test_backup_json_gives_each_tables_rows_and_digest(plan, tmp_path):
    out = io.StringIO()
    call_command("backup", str(tmp_path / "b.jsonl.gz"), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["tables"]["plans.plan"]["rows"] == 1
    assert len(data["tables"]["plans.plan"]["digest"]) == 64


def test_a_backup_into_a_missing_folder_is_refused(plan, tmp_path):
    with pytest.raises(BackupError, match="findes ikke"):
        write_backup(path=tmp_path / "mangler" / "b.jsonl.gz")

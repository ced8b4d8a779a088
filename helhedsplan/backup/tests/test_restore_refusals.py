"""A restore that cannot be trusted is refused with a Danish message and changes nothing: a file
from a newer (or older) schema, a database with data and no --force, a corrupt, truncated,
tampered or inconsistent file, a file that is no backup at all."""

import gzip
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from helhedsplan.backup.restore import restore_backup
from helhedsplan.backup.services import BackupError, TableDigest, write_backup
from helhedsplan.backup.tests.test_backup_restore import every_table, wipe
from helhedsplan.plans.models import Plan


@pytest.fixture
def backup(plan, tmp_path):
    get_user_model().objects.create_user(username="sekretariat", password="x")
    path = tmp_path / "backup.jsonl.gz"
    write_backup(path=path)
    # The database moves on after the backup, so a restore that went through would show.
    Plan.objects.update(name="Ændret efter sikkerhedskopien")
    return path


def read_lines(path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return [json.loads(line) for line in stream]


def write_lines(path, lines: list[dict]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        for line in lines:
            stream.write(json.dumps(line, ensure_ascii=False) + "\n")


def refused(path, match: str, **options) -> str:
    before = every_table()
    with pytest.raises(BackupError, match=match) as error:
        restore_backup(path=path, **options)
    assert every_table() == before
    assert "Intet er ændret." in str(error.value)
    return str(error.value)


def test_a_database_with_data_needs_force(backup):
    message = refused(backup, "Databasen er ikke tom")
    assert "1 bruger, 1 plan" in message
    assert "--force" in message


def test_the_command_says_so_in_danish_with_exit_code_1(backup):
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup))
    assert refused.value.returncode == 1
    assert str(refused.value).startswith("Databasen er ikke tom (")
    assert Plan.objects.get().name == "Ændret efter sikkerhedskopien"


def test_a_file_from_a_newer_schema_is_refused_even_with_force(backup):
    lines = read_lines(backup)
    lines[0]["migrations"]["plans"].append("9999_from_a_newer_version")
    write_lines(backup, lines)
    message = refused(backup, "nyere version af Helhedsplan", force=True)
    assert "plans.9999_from_a_newer_version" in message


def test_a_file_from_an_older_schema_names_the_migrate_steps(backup):
    lines = read_lines(backup)
    newest = lines[0]["migrations"]["plans"].pop()
    write_lines(backup, lines)
    message = refused(backup, "ældre version", force=True)
    assert f"plans.{newest}" in message
    previous = lines[0]["migrations"]["plans"][-1]
    assert f"helhedsplan migrate plans {previous}" in message


def test_a_newer_file_format_is_refused(backup):
    lines = read_lines(backup)
    lines[0]["format_version"] = 2
    write_lines(backup, lines)
    refused(backup, "filformat 2", force=True)


def test_a_truncated_file_is_refused_and_changes_nothing(backup):
    data = backup.read_bytes()
    backup.write_bytes(data[: len(data) * 2 // 3])
    refused(backup, "beskadiget eller ufuldstændig .filen slutter midt i", force=True)


def test_a_corrupt_file_is_refused_and_changes_nothing(backup):
    data = bytearray(backup.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 16] = bytes(16)
    backup.write_bytes(bytes(data))
    refused(backup, "beskadiget eller ufuldstændig", force=True)


def test_a_file_without_its_last_line_is_refused(backup):
    lines = read_lines(backup)
    write_lines(backup, lines[:-1])
    refused(backup, "slutlinjen mangler", force=True)


def test_a_file_with_rows_cut_out_is_refused(backup):
    lines = read_lines(backup)
    write_lines(backup, [line for line in lines if line.get("model") != "plans.activity"])
    refused(backup, "plans.activity har 0 rækker", force=True)


def test_a_changed_row_is_caught_by_the_tables_digest(backup):
    lines = read_lines(backup)
    for line in lines:
        if line.get("model") == "plans.plan":
            line["fields"]["name"] = "Forfalsket"
    write_lines(backup, lines)
    refused(backup, "plans.plan passer ikke med slutlinjens kontrolsum", force=True)


def reseal(lines: list[dict]) -> list[dict]:
    """Make the header's counts and the trailer's digests fit changed rows, as a careless tool
    (or a clever attacker) would: only the database itself can then catch the problem."""
    digests = {label: TableDigest() for label in lines[0]["tables"]}
    for line in lines[1:-1]:
        digests[line["model"]].add(line)
    lines[0]["tables"] = {label: d.rows for label, d in digests.items()}
    lines[-1]["tables"] = {label: d.as_dict() for label, d in digests.items()}
    return lines


def test_a_file_whose_rows_do_not_hang_together_is_rolled_back(backup):
    """A plan row moved to an id nothing points to: the database has been emptied and loaded
    when the foreign-key check finds it, and all of it is undone."""
    lines = read_lines(backup)
    next(line for line in lines if line.get("model") == "plans.plan")["pk"] = 999_999
    write_lines(backup, reseal(lines))
    message = refused(backup, "hænger ikke sammen", force=True)
    assert "plans_" in message


def test_a_row_with_a_field_the_table_does_not_have_is_refused(backup):
    lines = read_lines(backup)
    next(line for line in lines if line.get("model") == "plans.activity")["fields"]["x"] = 1
    write_lines(backup, reseal(lines))
    refused(backup, "En række i plans.activity passer ikke til databasen", force=True)


def test_a_file_that_is_no_backup_is_refused(plan, tmp_path):
    text = tmp_path / "plan.yaml"
    text.write_text("slug: x\n", encoding="utf-8")
    refused(text, "ikke en gyldig gzip-fil", force=True)
    other = tmp_path / "other.jsonl.gz"
    write_lines(other, [{"hello": "world"}])
    refused(other, "ikke en sikkerhedskopi fra helhedsplan backup", force=True)
    empty = tmp_path / "empty.jsonl.gz"
    write_lines(empty, [])
    refused(empty, "filen er tom", force=True)
    refused(tmp_path / "missing.jsonl.gz", "findes ikke", force=True)


def test_a_refused_restore_into_an_empty_database_leaves_it_empty(backup):
    data = backup.read_bytes()
    backup.write_bytes(data[:-100])
    wipe()
    refused(backup, "beskadiget eller ufuldstændig")

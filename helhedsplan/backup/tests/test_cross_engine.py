"""A backup made on SQLite restores into PostgreSQL with every table's rows and content intact,
and PostgreSQL's own tools work through `--native`. Both engines run in subprocesses of the real
`helhedsplan` command, whatever engine the rest of the suite uses; PostgreSQL is the one `.ci/run`
starts (a temporary database hp_restore_test_<process id>). Without a reachable PostgreSQL these
tests are skipped, with the reason."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helhedsplan.migrated_database import copy_to

ROOT = Path(__file__).resolve().parents[3]
HELHEDSPLAN = Path(sys.executable).with_name("helhedsplan")
# The PostgreSQL server of the suite's own run when there is one (.ci/run), else the default one.
_SUITE = os.environ.get("DATABASE_URL", "")
SERVER = (
    _SUITE.rsplit("/", 1)[0]
    if _SUITE.startswith(("postgres://", "postgresql://"))
    else os.environ.get("HELHEDSPLAN_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
)
# One name per test process, so that two runs at once (CI and a developer) do not collide.
DATABASE = f"hp_restore_test_{os.getpid()}"
BUILD = "from helhedsplan.backup.tests.demo_database import build; build()"
# The backup and the migrated database are made once for the module: one xdist worker runs it.
pytestmark = pytest.mark.xdist_group("cross-engine")


def _postgres_problem() -> str | None:
    try:
        import psycopg

        with psycopg.connect(f"{SERVER}/postgres", connect_timeout=3):
            return None
    except Exception as error:  # any reason to skip is shown in the skip line
        return f"PostgreSQL is not reachable at {SERVER} ({error.__class__.__name__}); .ci/run starts it"


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def _environment(url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "helhedsplan.settings",
    }


def run(url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(HELHEDSPLAN), *args],
        env=_environment(url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"helhedsplan {' '.join(args)} failed:\n{result.stderr}")
    return result


def tables(result: subprocess.CompletedProcess) -> dict:
    return json.loads(result.stdout)["tables"]


@pytest.fixture(scope="module")
def postgres_migrating(tmp_path_factory):
    """An empty PostgreSQL database, being migrated by `helhedsplan migrate` while the SQLite
    side is built (the two take about as long)."""
    problem = _postgres_problem()
    if problem:
        pytest.skip(problem)
    _admin(f'DROP DATABASE IF EXISTS "{DATABASE}"')
    _admin(f'CREATE DATABASE "{DATABASE}"')
    url = f"{SERVER}/{DATABASE}"
    log = tmp_path_factory.mktemp("pg-migrate") / "migrate.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(HELHEDSPLAN), "migrate", "--noinput", "-v", "0"],
            env=_environment(url),
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield url, process, log
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        _admin(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


@pytest.fixture(scope="module")
def sqlite_backup(tmp_path_factory, postgres_migrating):
    folder = tmp_path_factory.mktemp("cross-engine")
    # The file `helhedsplan migrate` made once for the suite (helhedsplan/migrated_database.py).
    url = f"sqlite:///{copy_to(folder / 'source.sqlite3')}"
    run(url, "shell", "-c", BUILD)
    path = folder / "sqlite.jsonl.gz"
    made = tables(run(url, "backup", str(path), "--json"))
    return path, made


@pytest.fixture(scope="module")
def postgres_url(sqlite_backup, postgres_migrating):
    url, process, log = postgres_migrating
    if process.wait(timeout=900) != 0:
        raise AssertionError(f"helhedsplan migrate failed on PostgreSQL:\n{log.read_text()}")
    return url


def test_a_sqlite_backup_restores_into_postgresql_with_every_table_intact(
    sqlite_backup, postgres_url
):
    path, made = sqlite_backup
    assert made["registrations.registration"]["rows"] > 1000
    assert made["plans.historicalplan"]["rows"] > 0
    assert made["auth.user"]["rows"] >= 6
    restored = tables(run(postgres_url, "restore", str(path), "--json"))
    assert restored == made
    # Read back once more through a fresh process: a backup of PostgreSQL gives the same digests.
    again = tables(run(postgres_url, "backup", str(path.with_name("pg.jsonl.gz")), "--json"))
    assert again == made


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_native_backup_and_restore_use_pg_dump_and_refuse_what_the_portable_one_refuses(
    sqlite_backup, postgres_url, tmp_path
):
    _path, made = sqlite_backup
    run(postgres_url, "restore", str(_path), "--force")
    dump = tmp_path / "helhedsplan.pgdump"
    run(postgres_url, "backup", str(dump), "--native")
    assert dump.read_bytes()[:5] == b"PGDMP"

    refused = run(postgres_url, "restore", str(dump), "--native", check=False)
    assert refused.returncode == 1
    assert refused.stderr.startswith("Databasen er ikke tom (")

    truncated = tmp_path / "truncated.pgdump"
    truncated.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])
    broken = run(postgres_url, "restore", str(truncated), "--native", "--force", check=False)
    assert broken.returncode == 1
    assert "pg_restore" in broken.stderr

    run(postgres_url, "restore", str(dump), "--native", "--force")
    after = tables(run(postgres_url, "backup", str(tmp_path / "after.jsonl.gz"), "--json"))
    assert after == made

    sqlite = run(
        "sqlite:///" + str(tmp_path / "x.sqlite3"), "backup", str(dump), "--native", check=False
    )
    assert sqlite.returncode == 1
    assert "--native virker kun med PostgreSQL" in sqlite.stderr

"""SQLite with several writers at once (gunicorn workers, a cron job): WAL, transactions that take
the write lock when they begin, and a busy timeout, so that no write fails with "database is
locked". The writers are separate processes with the project's real settings on one database
file, each running read-then-write transactions: the pattern that, with SQLite's default deferred
transactions, fails at once whatever the timeout (two readers cannot both upgrade to a writer)."""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from helhedsplan import settings as project_settings

ROOT = Path(__file__).resolve().parents[3]
WORKERS = 4
TRANSACTIONS = 40

WRITER = """
import os, sys, time
from pathlib import Path
import django
django.setup()
from django.db import OperationalError, connection, transaction

worker, ready, go = int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
ready.touch()
while not go.exists():
    time.sleep(0.01)
errors = []
for n in range(int(sys.argv[4])):
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM hammer")
            (seen,) = cursor.fetchone()
            time.sleep(0.002)  # hold the transaction a little, as a real request does
            cursor.execute(
                "INSERT INTO hammer (worker, n, seen) VALUES (%s, %s, %s)", [worker, n, seen]
            )
    except OperationalError as error:
        errors.append(str(error))
print("ERRORS", len(errors), sorted(set(errors)))
mode = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
print("JOURNAL", mode)
"""


def test_a_sqlite_database_gets_wal_immediate_transactions_and_a_busy_timeout(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/helhedsplan-settings-test.sqlite3")
    monkeypatch.delenv("HELHEDSPLAN_SQLITE_TIMEOUT", raising=False)
    options = project_settings._database()["OPTIONS"]
    assert options["init_command"] == "PRAGMA journal_mode=WAL"
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 20
    monkeypatch.setenv("HELHEDSPLAN_SQLITE_TIMEOUT", "0")
    with pytest.raises(ImproperlyConfigured, match="HELHEDSPLAN_SQLITE_TIMEOUT"):
        project_settings._database()


def test_postgresql_gets_no_sqlite_options(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helhedsplan")
    assert "transaction_mode" not in project_settings._database().get("OPTIONS", {})


def test_concurrent_writers_never_see_database_is_locked(tmp_path):
    database = tmp_path / "concurrent.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute(
            "CREATE TABLE hammer (id INTEGER PRIMARY KEY, worker INT, n INT, seen INT)"
        )
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "helhedsplan.settings",
    }
    environment.pop("HELHEDSPLAN_SQLITE_TIMEOUT", None)
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(worker),
                str(tmp_path / f"ready-{worker}"),
                str(go),
                str(TRANSACTIONS),
            ],
            env=environment,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(WORKERS)
    ]
    # Start them together, once every process has Django loaded.
    deadline = time.monotonic() + 120
    while not all((tmp_path / f"ready-{worker}").exists() for worker in range(WORKERS)):
        assert time.monotonic() < deadline, "the writers did not start"
        assert all(writer.poll() is None for writer in writers), writers[0].communicate()
        time.sleep(0.05)
    go.touch()
    outputs = [writer.communicate(timeout=300) for writer in writers]

    for (stdout, stderr), writer in zip(outputs, writers, strict=True):
        assert writer.returncode == 0, stderr
        assert "ERRORS 0 []" in stdout, stdout
        assert "JOURNAL wal" in stdout
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT count(*), count(DISTINCT seen) FROM hammer").fetchone()
    # Every write arrived, and each transaction saw a different count: they ran one at a time.
    assert rows == (WORKERS * TRANSACTIONS, WORKERS * TRANSACTIONS)

"""kill -9 in the middle of a large import and of a plan load leaves nothing partial.

`helhedsplan import registrations BIG.csv` and `helhedsplan plan load NEW.yaml` run as real
processes against a database file of their own (SQLite; on PostgreSQL a temporary database
hp_kill_test_<process id>). Once the process is demonstrably inside its one transaction and
writing, it gets SIGKILL; afterwards every table has exactly the rows it had before, and
`plan export` gives the old plan, byte for byte. The SQLite variant runs when the suite runs
on SQLite; the PostgreSQL variant when it runs on PostgreSQL (DATABASE_URL), as in CI.
"""

import copy
import datetime
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from django.conf import settings
from django.db import connection

from helhedsplan.migrated_database import copy_to, helhedsplan_command
from helhedsplan.plans.services import dump_plan_data

SLUG = "randers-nordby-2017-21"
PLAN_FILE = Path(settings.BASE_DIR) / "helhedsplan" / "plans" / "data" / f"{SLUG}.yaml"
# It reaches the suite's engine (connection.vendor, DATABASES) without pytest-django's database
# fixtures: marked by hand, so that the PostgreSQL pass of .ci/run runs it too. One xdist worker
# runs both tests (the database they share is made once).
pytestmark = [pytest.mark.database, pytest.mark.xdist_group("kill-mid-write")]
ROWS = 5000  # about 20 s of writing on our 2-core machines; killed about 1 s in
# One per test process: the two tests may run in two pytest-xdist workers at the same time.
PG_DATABASE = f"hp_kill_test_{os.getpid()}"


def big_csv(path: Path) -> Path:
    lines = [
        "activity,criterion,date,end_date,kind,count,participants,completed,participant_codes,note"
    ]
    start = datetime.date(2017, 6, 1)
    for i in range(ROWS):
        day = start + datetime.timedelta(days=i % 1400)
        lines.append(f"hotspot,,{day},,contact,{1 + i // 1400},{1 + i % 7},,,Række {i}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def bigger_plan(path: Path) -> Path:
    """The Randers plan renamed, with ten more copies of every activity: a long load."""
    data = yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))
    data["name"] = "Ny plan for Nordby (kill -9-test)"
    for focus in data["focus_areas"]:
        copies = []
        for n in range(10):
            for activity in focus.get("activities", []):
                new = copy.deepcopy(activity)
                new["key"] = f"{activity['key']}-k{n}"
                for sub in new.get("sub_activities") or []:
                    sub["key"] = f"{sub['key']}-k{n}"
                for criterion in new.get("success_criteria") or []:
                    criterion["key"] = f"{criterion['key']}-k{n}"
                    if criterion.get("sub_activity"):
                        criterion["sub_activity"] = f"{criterion['sub_activity']}-k{n}"
                copies.append(new)
        focus["activities"] = focus.get("activities", []) + copies
        for number, activity in enumerate(focus["activities"], start=1):
            activity["number"] = number
    path.write_text(dump_plan_data(data), encoding="utf-8")
    return path


class Target:
    """A database the subprocesses use; how to see it being written, and what it holds."""

    url: str

    def env(self, tmp: Path) -> dict:
        return {
            **os.environ,
            "DATABASE_URL": self.url,
            "DEBUG": "1",
            "HELHEDSPLAN_VAR_DIR": str(tmp / "var"),
        }

    def run(self, tmp: Path, *args: str) -> str:
        done = subprocess.run(
            [*helhedsplan_command(), *args],
            env=self.env(tmp),
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout


class Sqlite(Target):
    def __init__(self, path: Path):
        self.path = path
        self.url = f"sqlite:///{path}"

    def writing(self, table: str) -> bool:
        """Another connection holds the write lock (Django's atomic() begins IMMEDIATE)."""
        probe = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()

    def counts(self) -> dict[str, int]:
        with sqlite3.connect(self.path) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            tables = [
                name
                for (name,) in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


class Postgres(Target):
    def __init__(self, params: dict):
        self.params = params
        user = quote(params["USER"] or "", safe="")
        password = f":{quote(params['PASSWORD'], safe='')}" if params.get("PASSWORD") else ""
        host = params.get("HOST") or "127.0.0.1"
        port = params.get("PORT") or "5432"
        self.url = f"postgres://{user}{password}@{host}:{port}/{PG_DATABASE}"

    def connect(self, dbname: str):
        import psycopg

        return psycopg.connect(
            dbname=dbname,
            user=self.params["USER"],
            password=self.params.get("PASSWORD") or None,
            host=self.params.get("HOST") or "127.0.0.1",
            port=self.params.get("PORT") or "5432",
            autocommit=True,
        )

    def recreate(self) -> None:
        with self.connect("postgres") as db:
            db.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            db.execute(f"CREATE DATABASE {PG_DATABASE}")

    def drop(self) -> None:
        with self.connect("postgres") as db:
            db.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")

    def writing(self, table: str) -> bool:
        """Another session has written to `table` in a transaction still open (its row lock)."""
        with self.connect(PG_DATABASE) as db:
            return bool(
                db.execute(
                    "SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                    "WHERE c.relname = %s AND l.mode = 'RowExclusiveLock' "
                    "AND l.pid <> pg_backend_pid()",
                    [table],
                ).fetchone()
            )

    def counts(self) -> dict[str, int]:
        with self.connect(PG_DATABASE) as db:
            tables = [
                name
                for (name,) in db.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                ).fetchall()
            ]
            return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.fixture(scope="module")
def target(tmp_path_factory):
    """A migrated database with the Randers plan, made by the `helhedsplan` command itself."""
    tmp = tmp_path_factory.mktemp("kill")
    if connection.vendor == "postgresql":
        made = Postgres(settings.DATABASES["default"])
        made.recreate()
        made.run(tmp, "migrate", "--verbosity", "0")
    else:
        # The file `helhedsplan migrate` made once for the suite (helhedsplan/migrated_database.py)
        made = Sqlite(copy_to(tmp / "helhedsplan.sqlite3"))
    made.run(tmp, "plan", "load", str(PLAN_FILE))
    yield made, tmp
    if isinstance(made, Postgres):
        made.drop()


def kill_while_writing(target: Target, tmp: Path, table: str, args: list[str], linger: float):
    """Start the command, wait until it writes `table`, wait `linger` s more, then SIGKILL it."""
    log = (tmp / "command.log").open("w")
    process = subprocess.Popen(
        [*helhedsplan_command(), *args], env=target.env(tmp), stdout=log, stderr=log
    )
    try:
        deadline = time.monotonic() + 300
        while not target.writing(table):
            assert process.poll() is None, "the command ended before it was seen writing"
            assert time.monotonic() < deadline, "the command was never seen writing"
            time.sleep(0.005)
        seen = time.monotonic()
        time.sleep(linger)
        # Still running and still inside its transaction: this is the middle of the write.
        assert process.poll() is None, "the command finished before it could be killed"
        assert target.writing(table)
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
        return time.monotonic() - seen
    finally:
        if process.poll() is None:
            process.kill()
        log.close()


def test_kill_9_in_the_middle_of_a_large_import_leaves_no_rows(target):
    made, tmp = target
    csv = big_csv(tmp / "stor.csv")
    before = made.counts()

    kill_while_writing(
        made,
        tmp,
        "registrations_registration",
        ["import", "registrations", str(csv), "--plan", SLUG],
        linger=1.0,
    )

    assert made.counts() == before
    assert before["registrations_registration"] == 0


def test_kill_9_in_the_middle_of_a_plan_load_leaves_the_old_plan_whole(target):
    made, tmp = target
    new = bigger_plan(tmp / "ny-plan.yaml")
    old_export = made.run(tmp, "plan", "export", SLUG)
    before = made.counts()

    kill_while_writing(made, tmp, "plans_activity", ["plan", "load", str(new)], linger=0.1)

    assert made.counts() == before
    assert made.run(tmp, "plan", "export", SLUG) == old_export
    # And the load itself, not killed, gives entirely the new plan.
    made.run(tmp, "plan", "load", str(new))
    assert "Ny plan for Nordby (kill -9-test)" in made.run(tmp, "plan", "export", SLUG)

"""A SQLite database made by `helhedsplan migrate`, made once for the migrations as they are and
kept in var/test-cache/, for the tests.

Running the migrations costs 10-15 s of CPU a time (Django re-renders the model state for most of
the 60 migrations), and the suite ran them once per pytest-xdist worker and again in every test
that starts the real command on a database of its own (kill -9, SQLite to PostgreSQL). Each of
them now copies this file instead, with SQLite's backup API (milliseconds). The file is named by a
digest of every migration file, the pinned versions and Django's version: a changed or new
migration makes a new file, made by the real command, so a test never sees a schema the
migrations would not make. `make clean` removes it with var/.
"""

import fcntl
import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "var" / "test-cache"


def _digest() -> str:
    digest = hashlib.sha256(django.__version__.encode())
    digest.update((ROOT / "pyproject.toml").read_bytes())
    for path in sorted((ROOT / "helhedsplan").glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def helhedsplan_command() -> list[str]:
    script = Path(sys.executable).with_name("helhedsplan")
    return [str(script)] if script.exists() else [sys.executable, "-m", "helhedsplan.cli"]


def _migrate(path: Path) -> None:
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{path}",
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "helhedsplan.settings",
    }
    done = subprocess.run(
        [*helhedsplan_command(), "migrate", "--noinput", "--verbosity", "0"],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"helhedsplan migrate failed:\n{done.stderr}")
    # One file, nothing left in a write-ahead log beside it.
    with sqlite3.connect(path) as database:
        database.execute("PRAGMA journal_mode=DELETE")


def migrated_sqlite() -> Path:
    """The migrated file; made here if it is not there yet. pytest-xdist's workers ask at the
    same time: one makes it under a lock, the others wait for it."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"migrated-{_digest()}.sqlite3"
    if path.exists():
        return path
    with (CACHE / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            # Under the lock: whatever else is here is left over (a run cut off, older schemas).
            for old in [*CACHE.glob("partial-*"), *CACHE.glob("migrated-*.sqlite3")]:
                old.unlink()
            partial = CACHE / f"partial-{os.getpid()}.sqlite3"
            _migrate(partial)
            partial.rename(path)
    return path


def copy_into(connection: sqlite3.Connection) -> None:
    """The migrated database copied into an open SQLite connection (a file or memory)."""
    with sqlite3.connect(migrated_sqlite()) as source:
        source.backup(connection)
    source.close()


def copy_to(path: Path) -> Path:
    """A migrated database file of its own at `path`."""
    target = sqlite3.connect(path)
    try:
        copy_into(target)
    finally:
        target.close()
    return path

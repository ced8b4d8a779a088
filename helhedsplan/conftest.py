"""Shared fixtures: the embedded Randers Nordby plan and the personas of DESIGN.md.

The plan is loaded once per test database (once per xdist worker), right after the migrations,
and committed: every test that asks for `plan` gets that plan inside its own transaction, which
is rolled back afterwards, so a test still sees exactly the plan as loaded from the file. Loading
it took about a second a test (2,000 tests); reading it back takes milliseconds.

On SQLite (make test) the migrations are not run per worker: the test database is copied from the
file `helhedsplan migrate` made once (helhedsplan/migrated_database.py), and a transactional test
(live server, browser) that empties the database is followed by a copy of the snapshot taken
right after the plan was loaded, not by a new load.
"""

import os
import sqlite3
from pathlib import Path

import pytest

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.browser import browser, page  # noqa: F401  (fixtures for the browser tests)
from helhedsplan.migrated_database import copy_into
from helhedsplan.plans.services import load_plan

PLAN_FILE = Path(__file__).parent / "plans" / "data" / "randers-nordby-2017-21.yaml"
PLAN_SLUG = "randers-nordby-2017-21"
PASSWORD = "test-password"

# pytest-django's guard against database access outside the db fixtures, kept from
# django_db_setup for pytest_runtest_teardown below.
_blocker = None
# SQLite's in-memory test database right after the plan was loaded (django_db_setup).
_snapshot = None


def _load_template_plan() -> None:
    """The plan as `load_plan` leaves it in an empty database, unless it is there already."""
    from helhedsplan.plans.models import Plan

    if not Plan.objects.filter(slug=PLAN_SLUG).exists():
        load_plan(text=PLAN_FILE.read_text(encoding="utf-8"), source_name=PLAN_FILE.name)


def _sqlite_test_database_from_the_migrated_file(original):
    """Django's create_test_db for SQLite's in-memory test database, with the migrations' result
    copied from the file `helhedsplan migrate` made once (helhedsplan/migrated_database.py)
    instead of running them again in every worker. Other databases (PostgreSQL), a kept
    database or HELHEDSPLAN_TEST_MIGRATE=1 take Django's own way."""

    def create_test_db(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        from django.conf import settings
        from django.core.management import call_command

        name = self._get_test_db_name()
        if keepdb or not self.is_in_memory_db(name) or os.environ.get("HELHEDSPLAN_TEST_MIGRATE"):
            return original(self, verbosity, autoclobber, serialize, keepdb)
        self._create_test_db(verbosity, autoclobber, keepdb)
        self.connection.close()
        settings.DATABASES[self.connection.alias]["NAME"] = name
        self.connection.settings_dict["NAME"] = name
        self.connection.ensure_connection()
        copy_into(self.connection.connection)
        if serialize:
            self.connection._test_serialized_contents = self.serialize_db_to_string()
        call_command("createcachetable", database=self.connection.alias)
        return name

    return create_test_db


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """pytest-django's hook before the test databases are made (the worker's suffix kept)."""
    from django.db.backends.sqlite3.creation import DatabaseCreation

    original = DatabaseCreation.create_test_db
    DatabaseCreation.create_test_db = _sqlite_test_database_from_the_migrated_file(original)
    yield
    DatabaseCreation.create_test_db = original


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database (one per xdist worker: its name gets the worker's suffix),
    migrated, and then the Randers Nordby plan committed in it once."""
    global _blocker, _snapshot
    _blocker = django_db_blocker
    with django_db_blocker.unblock():
        _load_template_plan()
        from django.db import connection

        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            _snapshot = sqlite3.connect(":memory:")
            connection.connection.backup(_snapshot)


def _restore_template() -> None:
    """The database as it was right after the plan was loaded, after a transactional test has
    emptied it: on SQLite copied back from the snapshot (milliseconds), elsewhere the plan loaded
    again (a third of a second, 80 times a run)."""
    if _snapshot is None:
        _load_template_plan()
        return
    from django.db import connection

    connection.ensure_connection()
    _snapshot.backup(connection.connection)


def _is_transactional(item) -> bool:
    """As pytest-django decides it (_django_db_helper): these tests commit, and the database is
    emptied (flushed) after them."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    names = getattr(item, "fixturenames", ())
    return any(
        name in names for name in ("transactional_db", "live_server", "django_db_reset_sequences")
    )


_DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


def pytest_collection_modifyitems(config, items):
    """Marks `database` every test that uses pytest-django's database: the tests the PostgreSQL
    pass of .ci/run runs again (`-m "database and not browser"`; the reasons are there)."""
    for item in items:
        if item.get_closest_marker("django_db") or _DATABASE_FIXTURES & set(
            getattr(item, "fixturenames", ())
        ):
            item.add_marker(pytest.mark.database)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (live server, browser) ends with the database flushed, the shared
    plan with it: load it again, once the test's own teardown (the flush) is done. After the
    last test (no next item) the session's fixtures are gone too, the test database with them,
    and the connection names the real database again: nothing to load then."""
    result = yield
    if _blocker is not None and nextitem is not None and _is_transactional(item):
        with _blocker.unblock():
            _restore_template()
    return result


@pytest.fixture
def plan_text() -> str:
    return PLAN_FILE.read_text(encoding="utf-8")


@pytest.fixture
def plan(db):
    """The Randers Nordby plan as loaded from its file (a fresh instance for each test)."""
    from helhedsplan.plans.models import Plan

    return Plan.objects.get(slug=PLAN_SLUG)


@pytest.fixture
def no_plan(db):
    """An empty database for the tests of a first load: the shared plan deleted inside this
    test's transaction (so back again for the next test)."""
    from helhedsplan.plans.models import Plan

    Plan.objects.filter(slug=PLAN_SLUG).delete()


def _persona(plan, role, username=None):
    organisation = (
        plan.organisations.get(key="randers-produktionshoejskole") if role == Role.PARTNER else None
    )
    return ensure_member(
        plan=plan,
        username=username or role,
        role=role,
        password=PASSWORD,
        organisation=organisation,
    )


def _persona_fixture(role):
    @pytest.fixture
    def persona(plan):
        return _persona(plan, role)

    return persona


sekretariat = _persona_fixture(Role.SEKRETARIAT)
medarbejder = _persona_fixture(Role.MEDARBEJDER)
partner = _persona_fixture(Role.PARTNER)
bestyrelse = _persona_fixture(Role.BESTYRELSE)
styregruppe = _persona_fixture(Role.STYREGRUPPE)
laeser = _persona_fixture(Role.LAESER)


@pytest.fixture
def outsider(db, django_user_model):
    return django_user_model.objects.create_user(username="outsider", password=PASSWORD)


@pytest.fixture(autouse=True)
def _no_figures_from_an_earlier_test():
    """The dashboard's cached figures are keyed by a stamp of row counts and ids, which a test
    database rolled back and filled again can repeat with other rows: each test starts empty."""
    from helhedsplan.workspace.freshness import forget_all

    forget_all()

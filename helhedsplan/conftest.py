"""Shared fixtures: the embedded Randers Nordby plan and the personas of DESIGN.md."""

from pathlib import Path

import pytest

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.browser import browser, page  # noqa: F401  (fixtures for the browser tests)
from helhedsplan.plans.services import load_plan

PLAN_FILE = Path(__file__).parent / "plans" / "data" / "randers-nordby-2017-21.yaml"
PASSWORD = "test-password"


@pytest.fixture
def plan_text() -> str:
    return PLAN_FILE.read_text(encoding="utf-8")


@pytest.fixture
def plan(db, plan_text):
    return load_plan(text=plan_text, source_name=PLAN_FILE.name)


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

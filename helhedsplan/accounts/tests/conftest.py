"""Fixtures for people and invitations: the personas the shared conftest lacks, and helpers."""

import pytest
from django.contrib.auth.models import Group

from helhedsplan.accounts.models import Role

SLUG = "randers-nordby-2017-21"
SCHOOL = "randers-produktionshoejskole"  # the partner persona's organisation
SCHOOL_ACTIVITY = "uddannelsestilbud-for-unge"  # its own activity
OTHER_ACTIVITY = "hotspot"  # the secretariat's activity
ROLES_WITHOUT_PEOPLE_PAGE = [
    "medarbejder",
    "partner",
    "styregruppe",
    "bestyrelse",
    "laeser",
    "outsider",
]


@pytest.fixture
def school(plan):
    return plan.organisations.get(key=SCHOOL)


@pytest.fixture
def groups(db):
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def token_of(link: str) -> str:
    """The token in an invitation link (…/invitation/<token>/)."""
    return link.rstrip("/").rsplit("/", 1)[-1]


def path_of(link: str) -> str:
    return "/invitation/" + token_of(link) + "/"

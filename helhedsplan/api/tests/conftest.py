"""API fixtures: the two personas the shared conftest lacks, and a client that sends a token."""

import datetime
import json
from urllib.parse import urlencode

import pytest
from django.test import Client

from helhedsplan.api.models import ApiToken
from helhedsplan.registrations.services import RegistrationInput, save_registration

SLUG = "randers-nordby-2017-21"
PARTNER_ACTIVITY = "uddannelsestilbud-for-unge"  # the production school's activity
OTHER_ACTIVITY = "hotspot"
READ_ONLY_ROLES = ["styregruppe", "bestyrelse", "laeser"]
WRITING_ROLES = ["sekretariat", "medarbejder", "partner"]
ALL_ROLES = WRITING_ROLES + READ_ONLY_ROLES


class Api:
    """A test client that talks to /api/v1/ with a bearer token, and never with a session."""

    def __init__(self, token: str | None):
        self.client = Client(enforce_csrf_checks=True)
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def url(self, path: str, params: dict | None = None) -> str:
        query = f"?{urlencode(params, doseq=True)}" if params else ""
        return f"/api/v1/{path.lstrip('/')}{query}"

    def get(self, path, params=None):
        return self.client.get(self.url(path, params), headers=self.headers)

    def post(self, path, body):
        return self.client.post(
            self.url(path), json.dumps(body), content_type="application/json", headers=self.headers
        )

    def put(self, path, body):
        return self.client.put(
            self.url(path), json.dumps(body), content_type="application/json", headers=self.headers
        )

    def delete(self, path, params=None):
        return self.client.delete(self.url(path, params), headers=self.headers)


@pytest.fixture
def api_as(request, plan):
    """api_as("partner"): an API client with a fresh token for that persona (or any user)."""

    def make(who) -> Api:
        user = request.getfixturevalue(who) if isinstance(who, str) else who
        _, token = ApiToken.objects.issue(user=user, name="test")
        return Api(token)

    return make


# -- three registrations: two on the partner's activity, one on another ---------------------


def register(plan, user, key, day, **fields):
    activity = plan.activities.get(key=key)
    return save_registration(
        plan,
        RegistrationInput(activity=activity, date=day, kind="contact", **fields),
        user=user,
        confirmed_duplicate=True,
    )


@pytest.fixture
def partner_registration(plan, partner):
    return register(
        plan, partner, PARTNER_ACTIVITY, datetime.date(2018, 10, 5), codes=["U-100", "U-101"]
    )


@pytest.fixture
def colleague_registration(plan, sekretariat, partner):
    """On the partner's own activity, but registered by the secretariat."""
    return register(
        plan, sekretariat, PARTNER_ACTIVITY, datetime.date(2018, 11, 5), codes=["U-200"]
    )


@pytest.fixture
def other_registration(plan, sekretariat):
    criterion = plan.success_criteria.get(key="hotspot-kontakt")
    return register(
        plan,
        sekretariat,
        OTHER_ACTIVITY,
        datetime.date(2019, 9, 1),
        codes=["H-1"],
        criteria=[criterion],
    )


@pytest.fixture
def registrations(partner_registration, colleague_registration, other_registration):
    return [partner_registration, colleague_registration, other_registration]

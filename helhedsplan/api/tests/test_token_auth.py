"""Bearer tokens are the API's only way in: no token, a wrong one or a revoked one gets 401."""

import json

import pytest
from django.test import Client

from helhedsplan.api.models import ApiToken
from helhedsplan.api.tests.conftest import SLUG, Api
from helhedsplan.conftest import PASSWORD

ENDPOINTS = [
    f"plans/{SLUG}/registrations",
    f"plans/{SLUG}/registrations/1",
    f"plans/{SLUG}/measurements",
    f"plans/{SLUG}/progress",
]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_request_without_a_token_gets_401_in_danish(plan, path):
    response = Api(None).get(path)
    assert response.status_code == 401
    assert "API-nøgle" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_wrong_token_gets_401(sekretariat):
    assert Api("hp_not-a-real-token").get(ENDPOINTS[0]).status_code == 401


def test_a_revoked_token_gets_401(sekretariat):
    api_token, token = ApiToken.objects.issue(user=sekretariat, name="old")
    api_token.revoked = True
    api_token.save()
    assert Api(token).get(ENDPOINTS[0]).status_code == 401


def test_a_token_of_a_deactivated_user_gets_401(sekretariat):
    _, token = ApiToken.objects.issue(user=sekretariat, name="x")
    sekretariat.is_active = False
    sekretariat.save()
    assert Api(token).get(ENDPOINTS[0]).status_code == 401


def test_another_scheme_than_bearer_gets_401(sekretariat):
    _, token = ApiToken.objects.issue(user=sekretariat, name="x")
    response = Client().get(f"/api/v1/{ENDPOINTS[0]}", headers={"Authorization": f"Token {token}"})
    assert response.status_code == 401


def test_a_logged_in_browser_session_does_not_open_the_api(client, sekretariat):
    assert client.login(username="sekretariat", password=PASSWORD)
    assert client.get(f"/api/v1/{ENDPOINTS[0]}").status_code == 401


def test_a_writing_request_with_a_token_needs_no_csrf_token(api_as, plan):
    # Api uses a client that enforces CSRF checks, as a browser-less script would meet them.
    response = api_as("sekretariat").post(
        f"plans/{SLUG}/registrations",
        {"activity": "hotspot", "date": "2019-03-01", "kind": "contact"},
    )
    assert response.status_code == 201, response.content


def test_a_used_token_records_when_it_was_last_used(sekretariat):
    api_token, token = ApiToken.objects.issue(user=sekretariat, name="x")
    assert api_token.last_used_at is None
    Api(token).get(ENDPOINTS[0])
    api_token.refresh_from_db()
    assert api_token.last_used_at is not None


def test_the_401_answer_is_json(plan):
    response = Api(None).get(ENDPOINTS[0])
    assert response["Content-Type"].startswith("application/json")
    json.loads(response.content)

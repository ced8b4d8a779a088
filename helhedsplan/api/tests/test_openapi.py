"""The API describes itself: /api/v1/openapi.json and the docs page, without a token."""

import json

from django.test import Client
from django.urls import reverse


def test_openapi_json_is_valid_json_and_lists_every_path(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["info"] == {
        "title": "Helhedsplan API",
        "version": "1",
        "description": schema["info"]["description"],
    }
    assert set(schema["paths"]) == {
        "/api/v1/plans/{slug}/registrations",
        "/api/v1/plans/{slug}/registrations/{registration_id}",
        "/api/v1/plans/{slug}/measurements",
        "/api/v1/plans/{slug}/progress",
    }
    one = schema["paths"]["/api/v1/plans/{slug}/registrations/{registration_id}"]
    assert set(one) == {"get", "put", "delete"}
    reason = next(p for p in one["delete"]["parameters"] if p["name"] == "reason")
    assert reason["in"] == "query" and reason["required"] is True
    assert set(schema["paths"]["/api/v1/plans/{slug}/registrations"]) == {"get", "post"}
    assert schema["components"]["securitySchemes"] == {
        "TokenAuth": {"type": "http", "scheme": "bearer"}
    }


def test_the_docs_page_is_served(db):
    assert Client().get("/api/v1/docs").status_code == 200


def test_the_api_urls_live_in_the_api_namespace(db):
    assert reverse("api:openapi-json") == "/api/v1/openapi.json"

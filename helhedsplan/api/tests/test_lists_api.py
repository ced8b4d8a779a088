"""The API's lists (registrations, measurements): ninja's limit/offset pagination and filter
schemas, answering {"count", "limit", "offset", "items"} with the query names clients use."""

import json

import pytest
from django.test import Client

from helhedsplan.api.tests.conftest import OTHER_ACTIVITY, PARTNER_ACTIVITY, SLUG

URL = f"plans/{SLUG}/registrations"
LISTS = [URL, f"plans/{SLUG}/measurements"]


@pytest.mark.parametrize("role", ["sekretariat", "medarbejder"])
def test_the_secretariat_and_its_staff_read_every_registration(api_as, registrations, role):
    response = api_as(role).get(URL)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    assert {item["id"] for item in data["items"]} == {r.id for r in registrations}


def test_a_partner_reads_only_the_registrations_of_its_own_activities(api_as, registrations):
    data = api_as("partner").get(URL).json()
    assert data["count"] == 2
    assert {item["activity"] for item in data["items"]} == {PARTNER_ACTIVITY}


def test_the_list_filters_by_activity_criterion_and_dates(api_as, registrations):
    api = api_as("sekretariat")
    assert api.get(URL, {"activity": OTHER_ACTIVITY}).json()["count"] == 1
    assert api.get(URL, {"criterion": "hotspot-kontakt"}).json()["count"] == 1
    assert api.get(URL, {"from": "2018-11-01"}).json()["count"] == 2
    assert api.get(URL, {"to": "2018-10-31"}).json()["count"] == 1
    assert api.get(URL, {"from": "2018-10-06", "to": "2019-08-31"}).json()["count"] == 1


def test_a_partner_filtering_on_another_activity_gets_nothing(api_as, registrations):
    assert api_as("partner").get(URL, {"activity": OTHER_ACTIVITY}).json()["count"] == 0


def test_the_list_is_paginated_with_limit_and_offset(api_as, registrations):
    api = api_as("sekretariat")
    first = api.get(URL, {"limit": 2}).json()
    rest = api.get(URL, {"limit": 2, "offset": 2}).json()
    assert first["count"] == rest["count"] == 3
    assert len(first["items"]) == 2 and len(rest["items"]) == 1
    # Newest first, as on the web.
    assert [i["date"] for i in first["items"]] == ["2019-09-01", "2018-11-05"]


def test_a_limit_above_the_maximum_is_refused_with_a_danish_message(api_as, plan):
    response = api_as("sekretariat").get(URL, {"limit": 10_000})
    assert response.status_code == 422
    assert response.json()["errors"]["limit"] == ["Må højst være 500."]


def test_a_bad_date_filter_is_refused_with_a_danish_message(api_as, plan):
    response = api_as("sekretariat").get(URL, {"from": "14-02-2019"})
    assert response.status_code == 422
    assert "ÅÅÅÅ-MM-DD" in response.json()["errors"]["from"][0]


@pytest.mark.parametrize("url", LISTS)
def test_every_list_answers_count_limit_offset_and_items(api_as, registrations, url):
    data = api_as("sekretariat").get(url, {"limit": 1, "offset": 1}).json()
    assert set(data) == {"count", "limit", "offset", "items"}
    assert (data["limit"], data["offset"]) == (1, 1)
    default = api_as("sekretariat").get(url).json()
    assert (default["limit"], default["offset"]) == (100, 0)


def test_an_offset_past_the_end_is_an_empty_page_with_the_count(api_as, registrations):
    data = api_as("sekretariat").get(URL, {"offset": 10}).json()
    assert data["count"] == 3 and data["items"] == []


def test_a_key_sent_empty_does_not_filter(api_as, registrations):
    api = api_as("sekretariat")
    assert api.get(URL, {"activity": "", "criterion": ""}).json()["count"] == 3
    measurements = f"plans/{SLUG}/measurements"
    assert api.get(measurements, {"local_measure": "", "criterion": ""}).status_code == 200


@pytest.mark.parametrize("url", LISTS)
def test_a_negative_offset_is_refused_with_a_danish_message(api_as, plan, url):
    response = api_as("sekretariat").get(url, {"offset": -1})
    assert response.status_code == 422
    assert response.json()["errors"]["offset"] == ["Skal være mindst 0."]


def test_the_openapi_description_names_the_lists_parameters_and_answer(db):
    schema = json.loads(Client().get("/api/v1/openapi.json").content)
    for path, filters in (
        ("registrations", {"activity", "criterion"}),
        ("measurements", {"local_measure", "criterion"}),
    ):
        get = schema["paths"][f"/api/v1/plans/{{slug}}/{path}"]["get"]
        names = {p["name"] for p in get["parameters"] if p["in"] == "query"}
        assert names == {"limit", "offset", "from", "to"} | filters
        limit = next(p for p in get["parameters"] if p["name"] == "limit")
        assert limit["schema"]["maximum"] == 500
        answer = get["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        page = schema["components"]["schemas"][answer.rsplit("/", 1)[1]]
        assert set(page["properties"]) == {"count", "limit", "offset", "items"}


@pytest.mark.parametrize("url", [URL, URL.replace("registrations", "measurements")])
def test_an_offset_beyond_any_list_is_refused_not_a_server_error(api_as, registrations, url):
    response = api_as("sekretariat").get(url, {"offset": 18947865821060439226712064})
    assert response.status_code == 422
    assert api_as("sekretariat").get(url, {"offset": 1_000_000_000}).status_code == 200

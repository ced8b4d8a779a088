"""No lost updates over the API: a registration's version as ETag, 409 for an out-of-date
version in the body, 412 for an out-of-date If-Match, and last-writer-wins without either."""

import datetime
import json

import pytest

from helhedsplan.api.tests.conftest import PARTNER_ACTIVITY, SLUG
from helhedsplan.registrations.models import Registration
from helhedsplan.registrations.services import RegistrationInput, save_registration

URL = f"plans/{SLUG}/registrations"


@pytest.fixture
def registration(plan, partner):
    activity = plan.activities.get(key=PARTNER_ACTIVITY)
    return save_registration(
        plan,
        RegistrationInput(
            activity=activity, date=datetime.date(2018, 10, 5), kind="contact", codes=["U-100"]
        ),
        user=partner,
        confirmed_duplicate=True,
    )


def put(api, registration, headers=None, **changes):
    body = {
        "activity": PARTNER_ACTIVITY,
        "date": "2018-10-05",
        "kind": "contact",
        "count": 1,
        "participant_codes": ["U-100"],
        "note": "",
        **changes,
    }
    return api.client.put(
        api.url(f"{URL}/{registration.pk}"),
        json.dumps(body),
        content_type="application/json",
        headers={**api.headers, **(headers or {})},
    )


def test_getting_one_registration_gives_its_version_as_etag(api_as, registration):
    response = api_as("partner").get(f"{URL}/{registration.pk}")
    assert response.status_code == 200
    version = response.json()["version"]
    assert response["ETag"] == f'"{version}"'
    # The same registration read again, by another role, has the same version.
    assert api_as("sekretariat").get(f"{URL}/{registration.pk}").json()["version"] == version


def test_a_put_with_the_version_read_saves_and_gives_the_new_version(api_as, registration):
    api = api_as("partner")
    version = api.get(f"{URL}/{registration.pk}").json()["version"]
    response = put(api, registration, count=2, version=version)
    assert response.status_code == 200, response.json()
    assert response.json()["version"] != version
    assert response["ETag"] == f'"{response.json()["version"]}"'
    registration.refresh_from_db()
    assert registration.count == 2


def test_a_put_on_top_of_a_newer_version_is_refused_409_naming_the_changed_fields(
    api_as, registration
):
    first, second = api_as("partner"), api_as("sekretariat")
    read_by_first = first.get(f"{URL}/{registration.pk}").json()["version"]
    read_by_second = second.get(f"{URL}/{registration.pk}").json()["version"]
    assert put(first, registration, count=4, note="Fra A", version=read_by_first).status_code == 200

    response = put(second, registration, count=9, version=read_by_second)

    assert response.status_code == 409
    data = response.json()
    assert data["changed_fields"] == ["count", "note"]
    assert "count, note" in data["detail"] and "partner" in data["detail"]
    assert data["detail"].startswith("Ikke gemt: registreringen er ændret af partner")
    assert data["changed_by"] == "partner"
    registration.refresh_from_db()
    assert registration.count == 4 and registration.note == "Fra A"  # the first save stays
    assert data["version"] == first.get(f"{URL}/{registration.pk}").json()["version"]


def test_an_out_of_date_if_match_is_refused_412(api_as, registration):
    api = api_as("sekretariat")
    etag = api.get(f"{URL}/{registration.pk}")["ETag"]
    assert put(api, registration, headers={"If-Match": etag}, count=3).status_code == 200

    response = put(api, registration, headers={"If-Match": etag}, count=5)

    assert response.status_code == 412
    assert response.json()["changed_fields"] == ["count"]
    registration.refresh_from_db()
    assert registration.count == 3


def test_a_current_if_match_saves_and_star_matches_any_version(api_as, registration):
    api = api_as("sekretariat")
    etag = api.get(f"{URL}/{registration.pk}")["ETag"]
    assert put(api, registration, headers={"If-Match": etag}, count=3).status_code == 200
    assert put(api, registration, headers={"If-Match": "*"}, count=7).status_code == 200
    registration.refresh_from_db()
    assert registration.count == 7


def test_a_put_without_version_or_if_match_is_saved_on_top_last_writer_wins(api_as, registration):
    api = api_as("sekretariat")
    assert put(api, registration, count=3).status_code == 200
    assert put(api, registration, count=6).status_code == 200
    registration.refresh_from_db()
    assert registration.count == 6


def test_a_delete_with_an_out_of_date_if_match_is_refused_412(api_as, registration):
    api = api_as("sekretariat")
    etag = api.get(f"{URL}/{registration.pk}")["ETag"]
    assert put(api, registration, count=3).status_code == 200
    response = api.client.delete(
        api.url(f"{URL}/{registration.pk}", {"reason": "dobbelt"}),
        headers={**api.headers, "If-Match": etag},
    )
    assert response.status_code == 412
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_the_openapi_description_names_if_match_idempotency_key_409_and_412(api_as, plan):
    spec = api_as("sekretariat").client.get("/api/v1/openapi.json").json()
    put_spec = spec["paths"]["/api/v1/plans/{slug}/registrations/{registration_id}"]["put"]
    assert {"409", "412"} <= set(put_spec["responses"])
    assert "If-Match" in {p["name"] for p in put_spec["parameters"]}
    post_spec = spec["paths"]["/api/v1/plans/{slug}/registrations"]["post"]
    assert "Idempotency-Key" in {p["name"] for p in post_spec["parameters"]}

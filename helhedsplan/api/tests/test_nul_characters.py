"""A NUL character in any text the API is sent is refused with 422 and a Danish message, on
every engine: PostgreSQL cannot store or compare one and answered with a server error (found by
schemathesis on the PostgreSQL pass)."""

from helhedsplan.api.tests.conftest import PARTNER_ACTIVITY, SLUG
from helhedsplan.registrations.models import Registration

URL = f"plans/{SLUG}/registrations"


def test_a_nul_in_a_key_or_a_note_is_refused_and_nothing_is_saved(api_as):
    api = api_as("sekretariat")
    body = {"activity": PARTNER_ACTIVITY, "date": "2018-10-05", "kind": "event", "count": 1}
    for bad in (
        body | {"activity": "\x00ås.a"},
        body | {"note": "før\x00efter"},
        body | {"criteria": ["ok", "k\x00"]},
    ):
        response = api.post(URL, bad)
        assert response.status_code == 422, response.content
        assert "NUL-tegn" in response.content.decode()
    assert not Registration.objects.exists()
    assert api.post(URL, body).status_code == 201  # the same without it is saved


def test_a_nul_in_a_filter_is_refused(api_as):
    api = api_as("sekretariat")
    response = api.get(URL, {"activity": "a\x00b"})
    assert response.status_code == 422, response.content
    assert api.get(URL, {"activity": PARTNER_ACTIVITY}).status_code == 200

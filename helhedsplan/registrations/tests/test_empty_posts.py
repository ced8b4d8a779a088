"""A form posted empty (a bot, a broken proxy, a back button) is refused with the form's own
messages, never a server error."""

from django.urls import reverse

from helhedsplan.conftest import PASSWORD

SLUG = "randers-nordby-2017-21"


def test_empty_posts_to_the_registration_and_measurement_forms_are_refused_kindly(
    client, plan, sekretariat
):
    client.login(username="sekretariat", password=PASSWORD)
    for url in (
        reverse("registrations:create", args=[SLUG, "hotspot"]),
        reverse("registrations:measurements", args=[SLUG]),
    ):
        response = client.post(url, {})
        assert response.status_code in (200, 400), url
        assert "skal udfyldes" in response.content.decode().lower() or response.status_code == 400

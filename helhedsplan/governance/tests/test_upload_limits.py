"""A change request's plan file: a 50 MB upload is refused in Danish without being read into
memory, and no change request is stored."""

import io

from django.urls import reverse

from helhedsplan.core.tests.upload_files import post_streamed
from helhedsplan.core.uploads import MB
from helhedsplan.governance.models import ChangeRequest

SLUG = "randers-nordby-2017-21"


def test_a_50_mb_plan_file_change_is_refused_without_being_read_into_memory(
    client, plan, sekretariat, tmp_path
):
    client.force_login(sekretariat)

    response, peak = post_streamed(
        client,
        reverse("governance:change_file", args=[SLUG]),
        tmp_path,
        fields={"fil-title": "Stor fil", "fil-reason": ""},
        file_field="fil-file",
        filename="plan.yaml",
        size=50 * MB,
        line=b"name: Nordby\n",
        page=reverse("governance:changes", args=[SLUG]),
    )

    assert "Filen er for stor (50,0 MB). Den må højst fylde 2 MB." in response.content.decode()
    assert not ChangeRequest.objects.exists()
    assert peak < 8 * MB, peak / MB


def test_a_plan_file_change_that_is_not_utf8_is_refused_on_the_form(client, plan, sekretariat):
    client.force_login(sekretariat)
    upload = io.BytesIO("slug: Æblehaven\n".encode("latin-1"))
    upload.name = "plan.yaml"

    response = client.post(
        reverse("governance:change_file", args=[SLUG]),
        {"fil-title": "Latin-1", "fil-file": upload},
    )

    assert "Filen er ikke UTF-8-tekst. Gem den som UTF-8 og prøv igen." in response.content.decode()
    assert not ChangeRequest.objects.exists()

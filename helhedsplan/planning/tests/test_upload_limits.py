"""The plan-file upload page refuses a 50 MB file in Danish without reading it into memory."""

from django.urls import reverse

from helhedsplan.core.tests.upload_files import post_streamed
from helhedsplan.core.uploads import MB
from helhedsplan.plans.models import Plan


def test_a_50_mb_plan_file_is_refused_without_being_read_into_memory(
    client, plan, sekretariat, tmp_path
):
    client.force_login(sekretariat)

    response, peak = post_streamed(
        client,
        reverse("planning_create:upload"),
        tmp_path,
        fields={},
        file_field="file",
        filename="plan.yaml",
        size=50 * MB,
        line=b"name: Nordby\n",
    )

    assert response.status_code == 400
    assert "Filen er for stor (50,0 MB). Den må højst fylde 2 MB." in response.content.decode()
    assert Plan.objects.count() == 1
    assert peak < 8 * MB, peak / MB


def test_a_plan_file_over_2_mb_is_refused_by_the_form(client, plan, sekretariat, tmp_path):
    client.force_login(sekretariat)
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"name: Nordby\n" * (3 * MB // 13))

    with path.open("rb") as upload:
        response = client.post(reverse("planning_create:upload"), {"file": upload})

    assert response.status_code == 400
    assert "Filen er for stor (3,0 MB). Den må højst fylde 2 MB." in response.content.decode()
    assert Plan.objects.count() == 1

"""The versions page: every version of the plan file, and the changes between any two in words."""

import pytest

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.conftest import PASSWORD
from helhedsplan.planning.tests.test_edit_views import DRAFT
from helhedsplan.plans.services import dump_plan_data, load_plan, plan_as_data

VERSIONS = f"/planer/{DRAFT}/rediger/versioner/"


@pytest.fixture
def edited(draft):
    """Two more versions: a new target, then a new budget for a sub-agreement."""
    data = plan_as_data(draft)
    activity = data["focus_areas"][0]["activities"][0]
    activity["success_criteria"][0]["target"] = 20
    load_plan(text=dump_plan_data(data), source_name="redigeret i appen: x", loaded_by="anna")
    data["focus_areas"][0]["budget"]["lbf"] = 3500000
    data["vision"] = "Sammen om Nordby"
    load_plan(text=dump_plan_data(data), source_name="redigeret i appen: y", loaded_by="bo")
    return list(draft.file_versions.order_by("id"))


@pytest.fixture
def editor(draft, client):
    ensure_member(plan=draft, username="sekretariat", role=Role.SEKRETARIAT, password=PASSWORD)
    client.login(username="sekretariat", password=PASSWORD)
    return client


def test_every_version_is_listed_with_who_and_from_where(editor, edited):
    page = editor.get(VERSIONS).content.decode()
    for name in ("udkast.yaml", "redigeret i appen: x", "redigeret i appen: y", "anna", "bo"):
        assert name in page
    assert "Siden version 2" in page


def test_two_versions_are_compared_in_words_grouped_by_agreement(editor, edited):
    first, _second, third = edited
    response = editor.get(VERSIONS, {"old": first.pk, "new": third.pk})
    assert response.context["compared"] == (1, 3)
    assert response.context["grouped"] == {
        "Den strategiske samarbejdsaftale": [
            "Vision ændret fra «Randers Nordby – Fremtiden lever her» til «Sammen om Nordby»"
        ],
        "Delaftale: 1. Tryghed og trivsel": [
            "Indsatsområde «tryghed-og-trivsel» (Tryghed og trivsel): budget, Landsbyggefonden "
            "ændret fra 3.412.000 til 3.500.000",
            "Succeskriterium «naboskab-ambassadoerer» (Minimum 17 beboere er udøvende "
            "beboerambassadører i hele per…): mål ændret fra 17 til 20",
        ],
    }
    page = response.content.decode()
    assert "Fra version 1 til version 3" in page
    assert "mål ændret fra 17 til 20" in page


def test_the_original_file_and_its_first_edit_differ_only_by_the_edit(editor, edited):
    first, second, _third = edited
    response = editor.get(VERSIONS, {"old": first.pk, "new": second.pk})
    texts = [text for group in response.context["grouped"].values() for text in group]
    assert len(texts) == 1 and texts[0].endswith("mål ændret fra 17 til 20")


def test_the_same_version_twice_has_no_changes(editor, edited):
    response = editor.get(VERSIONS, {"old": edited[1].pk, "new": edited[1].pk})
    assert response.context["grouped"] == {}
    assert "Ingen ændringer mellem de to versioner." in response.content.decode()


def test_a_version_of_another_plan_cannot_be_picked(editor, edited, plan):
    other = plan.file_versions.first()
    response = editor.get(VERSIONS, {"old": other.pk, "new": edited[0].pk})
    assert response.context["grouped"] is None
    assert response.context["form"].errors["old"]


def test_a_plan_with_one_version_says_what_to_do_next(editor, draft):
    page = editor.get(VERSIONS).content.decode()
    assert "Planen har kun én version" in page


def test_only_the_secretariat_sees_the_versions(client, draft):
    ensure_member(plan=draft, username="leser", role=Role.LAESER, password=PASSWORD)
    client.login(username="leser", password=PASSWORD)
    assert client.get(VERSIONS).status_code == 404

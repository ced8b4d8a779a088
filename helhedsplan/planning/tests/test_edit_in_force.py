"""An edit, an addition or a deletion in a plan in force changes nothing: it becomes a change
request for the board."""

from helhedsplan.conftest import PASSWORD
from helhedsplan.governance.models import ChangeRequest
from helhedsplan.planning.tests.test_edit_views import (
    CRITERION,
    IN_FORCE,
    criterion,
    read_form_hidden,
    save,
    url,
    versions,
)


def test_an_edit_of_a_plan_in_force_becomes_a_change_request_and_changes_nothing(
    client, plan, sekretariat
):
    client.login(username="sekretariat", password=PASSWORD)
    address = url("del", CRITERION, slug=IN_FORCE)
    form = client.get(address)
    page = form.content.decode()
    assert "Planen er i kraft." in page and "Foreslå ændringen" in page
    before = versions(plan)
    response = save(
        client, address, target="20", change_title="Højere mål", change_reason="Flere frivillige"
    )
    change = ChangeRequest.objects.get(plan=plan)
    assert response.status_code == 302
    assert response["Location"] == f"/planer/{IN_FORCE}/moeder/aendringer/{change.pk}/"
    assert change.title == "Højere mål" and change.reason == "Flere frivillige"
    assert [c["text"] for c in change.changes] == [
        "Succeskriterium «naboskab-ambassadoerer» (Minimum 17 beboere er udøvende "
        "beboerambassadører i hele per…): mål ændret fra 17 til 20"
    ]
    assert criterion(plan).target == 17
    assert versions(plan) == before


def test_a_change_request_needs_a_heading(client, plan, sekretariat):
    client.login(username="sekretariat", password=PASSWORD)
    response = save(client, url("del", CRITERION, slug=IN_FORCE), target="20", change_title="")
    assert response.context["form"].errors["change_title"] == [
        "Skriv en overskrift til ændringsforslaget."
    ]
    assert not ChangeRequest.objects.exists()


def test_a_bad_value_for_a_plan_in_force_is_named_at_its_field(client, plan, sekretariat):
    client.login(username="sekretariat", password=PASSWORD)
    response = save(client, url("del", CRITERION, slug=IN_FORCE), target="abc", change_title="x")
    assert response.context["form"].errors["target"] == ["Skal være et tal"]
    assert not ChangeRequest.objects.exists()


def test_adding_and_deleting_in_a_plan_in_force_are_proposed_too(client, plan, sekretariat):
    client.login(username="sekretariat", password=PASSWORD)
    response = save(
        client,
        url("ny", "overall_goals", slug=IN_FORCE),
        key="flere-i-job",
        text="Flere i job",
        change_title="Nyt mål",
    )
    assert response.status_code == 302
    address = url("slet", "overall_goals/tryghed", slug=IN_FORCE)
    page = client.get(address).content.decode()
    assert "Foreslå sletningen" in page
    response = client.post(
        address, {**read_form_hidden(client, address), "change_title": "Tryghed ud"}
    )
    assert response.status_code == 302
    texts = [[c["text"] for c in r.changes] for r in ChangeRequest.objects.order_by("id")]
    assert texts == [
        ["Overordnet mål «flere-i-job» (Flere i job) tilføjet"],
        [texts[1][0]],
    ]
    assert texts[1][0].startswith("Overordnet mål «tryghed»") and texts[1][0].endswith("fjernet")
    assert plan.overall_goals.filter(key="tryghed").exists()
    assert not plan.overall_goals.filter(key="flere-i-job").exists()

"""Controlled changes: in words, decided by the board by consensus, approved by LBF where the
strategic agreement or the kommissorium changes, then in force; both versions stay readable."""

import copy
import datetime
import io
import re

import pytest
import yaml
from django.urls import resolve, reverse
from django.utils import timezone

from helhedsplan.conftest import PASSWORD
from helhedsplan.governance.changes import describe_changes
from helhedsplan.governance.models import ChangeRequest, Meeting
from helhedsplan.plans.models import SuccessCriterion
from helhedsplan.plans.services import export_plan, load_plan

SLUG = "randers-nordby-2017-21"


def act(url, action):
    """The POST view of one thing done on a change request's page (`url`: the page)."""
    pk = resolve(url).kwargs["pk"]
    return reverse(f"governance:change_{action}", args=[SLUG, pk])


def data(plan):
    return yaml.safe_load(export_plan(plan))


def criterion_of(new, key):
    for focus in new["focus_areas"]:
        for activity in focus.get("activities", []):
            for criterion in activity.get("success_criteria", []):
                if criterion["key"] == key:
                    return criterion
    raise KeyError(key)


def test_a_target_change_reads_as_one_sentence_in_the_sub_agreement(plan):
    old = data(plan)
    new = copy.deepcopy(old)
    criterion_of(new, "hotspot-kontakt")["target"] = 60
    [change] = describe_changes(old, new)
    assert change.document == "sub_agreement"
    assert change.focus_area == "kriminalpraeventiv-indsats"
    assert change.text.startswith(
        "Succeskriterium «hotspot-kontakt» (Der skabes kontakt til 80 unikke"
    )
    assert change.text.endswith(": mål ændret fra 80 til 60")


def test_budget_bodies_and_removed_items_are_named_with_their_agreement(plan):
    old = data(plan)
    new = copy.deepcopy(old)
    new["budget"]["lbf"] = 16_000_000
    new["bodies"][0]["meets_per_year"] = 3
    new["focus_areas"][0]["activities"][0]["success_criteria"].pop()
    found = {(c.document, c.text) for c in describe_changes(old, new)}
    assert ("strategic", "Budget, Landsbyggefonden ændret fra 16.055.000 til 16.000.000") in found
    assert (
        "kommissorium",
        "Organ «bestyrelse» (Bestyrelsen): møder pr. år ændret fra 2 til 3",
    ) in found
    assert any(
        d == "sub_agreement" and t.endswith("fjernet") and "naboskab-foreninger" in t
        for d, t in found
    )


def test_the_same_plan_has_no_changes(plan):
    assert describe_changes(data(plan), data(plan)) == []


def board_meeting(plan):
    return Meeting.objects.create(
        plan=plan,
        body=plan.bodies.get(key="bestyrelse"),
        starts_at=timezone.make_aware(datetime.datetime(2019, 3, 12, 16)),
        status=Meeting.Status.HELD,
    )


def propose_target(client, value="60"):
    criterion = SuccessCriterion.objects.get(key="hotspot-kontakt")
    return client.post(
        reverse("governance:change_criterion", args=[SLUG]),
        {
            "kriterium-title": "Lavere mål for kontakt",
            "kriterium-reason": "Færre børn i området.",
            "kriterium-criterion": criterion.pk,
            "kriterium-target": value,
        },
    )


def pdf_text(content):
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_target_change_goes_through_request_board_decision_and_takes_effect(
    client, plan, sekretariat
):
    client.login(username="sekretariat", password=PASSWORD)
    response = propose_target(client)
    change = ChangeRequest.objects.get()
    assert response.url == reverse("governance:change", args=[SLUG, change.pk])
    page = client.get(response.url).content.decode()
    assert "mål ændret fra 80 til 60" in page
    assert change.documents == ["sub_agreement"] and not change.needs_lbf

    url = reverse("governance:change", args=[SLUG, change.pk])
    page = client.post(act(url, "apply"), {}, follow=True).content.decode()
    assert "når bestyrelsen har vedtaget det" in page
    assert SuccessCriterion.objects.get(key="hotspot-kontakt").target == 80

    meeting = board_meeting(plan)
    page = client.post(
        act(url, "decide"),
        {"beslut-meeting": meeting.pk, "beslut-text": "Vedtaget."},
        follow=True,
    ).content.decode()
    assert "kræver en konsensusbeslutning" in page
    client.post(
        act(url, "decide"),
        {
            "beslut-meeting": meeting.pk,
            "beslut-text": "Vedtaget.",
            "beslut-consensus": "on",
        },
    )
    change.refresh_from_db()
    assert change.status == "decided" and change.decision.consensus

    client.post(act(url, "apply"), {})
    change.refresh_from_db()
    assert change.status == "applied"
    assert SuccessCriterion.objects.get(key="hotspot-kontakt").target == 60
    assert plan.file_versions.count() == 2

    old, new = change.base_version, change.applied_version
    agreement = reverse("governance:agreement", args=[SLUG, "sub_agreement"])
    for version, target in ((old, "80"), (new, "60")):
        query = {"delaftale": "kriminalpraeventiv-indsats", "version": version.pk}
        page = client.get(agreement, query).content.decode()
        assert "Der skabes kontakt til 80 unikke" in page
        pdf = client.get(agreement, {**query, "format": "pdf"})
        assert pdf["Content-Type"] == "application/pdf"
        text = pdf_text(pdf.content)
        assert "Delaftale: Kriminalpræventiv indsats" in text
        # The criterion's row: after its text, the target, no upper bound ("–"), the unit.
        assert re.search(rf"aldersgruppen 7-17 år\.\s*{target} – børn/", text)
        word = client.get(agreement, {**query, "format": "docx"})
        from docx import Document

        cells = [
            c.text
            for t in Document(io.BytesIO(word.content)).tables
            for r in t.rows
            for c in r.cells
        ]
        assert target in cells


def test_a_budget_change_also_needs_lbf_approval(client, plan, sekretariat):
    client.login(username="sekretariat", password=PASSWORD)
    new = data(plan)
    new["budget"]["local"] = 13_000_000
    upload = io.BytesIO(yaml.safe_dump(new, allow_unicode=True, sort_keys=False).encode())
    upload.name = "plan.yaml"
    client.post(
        reverse("governance:change_file", args=[SLUG]),
        {"fil-title": "Ny lokal ramme", "fil-file": upload},
    )
    change = ChangeRequest.objects.get()
    assert change.needs_lbf
    url = reverse("governance:change", args=[SLUG, change.pk])
    meeting = board_meeting(plan)
    client.post(
        act(url, "decide"),
        {
            "beslut-meeting": meeting.pk,
            "beslut-text": "Ja.",
            "beslut-consensus": "on",
        },
    )
    page = client.post(act(url, "apply"), {}, follow=True).content.decode()
    assert "Landsbyggefondens godkendelse skal registreres først" in page
    client.post(
        act(url, "lbf"),
        {"lbf-lbf_approved_on": "2019-04-01", "lbf-lbf_reference": "LBF 2019-17"},
    )
    client.post(act(url, "apply"), {})
    plan.refresh_from_db()
    assert plan.budget_local == 13_000_000


def test_a_change_made_on_an_old_version_is_refused(client, plan, plan_text, sekretariat):
    client.login(username="sekretariat", password=PASSWORD)
    propose_target(client)
    change = ChangeRequest.objects.get()
    meeting = board_meeting(plan)
    url = reverse("governance:change", args=[SLUG, change.pk])
    client.post(
        act(url, "decide"),
        {
            "beslut-meeting": meeting.pk,
            "beslut-text": "Ja.",
            "beslut-consensus": "on",
        },
    )
    load_plan(text=plan_text.replace("residents: 3868", "residents: 3900"))
    page = client.post(act(url, "apply"), {}, follow=True).content.decode()
    assert "Planen er ændret, siden forslaget blev stillet" in page
    assert SuccessCriterion.objects.get(key="hotspot-kontakt").target == 80


def test_a_proposal_that_changes_nothing_or_is_broken_is_refused(client, plan, sekretariat):
    client.login(username="sekretariat", password=PASSWORD)
    page = propose_target(client, "80").content.decode()
    assert "ændrer intet" in page
    upload = io.BytesIO(b"slug: [")
    upload.name = "plan.yaml"
    page = client.post(
        reverse("governance:change_file", args=[SLUG]),
        {"fil-title": "Fejl", "fil-file": upload},
    ).content.decode()
    assert "Den foreslåede planfil har fejl" in page
    assert not ChangeRequest.objects.exists()


@pytest.mark.parametrize("persona", ["bestyrelse", "partner"])
def test_only_the_secretariat_proposes_and_decides(client, plan, request, persona):
    request.getfixturevalue(persona)
    client.login(username=persona, password=PASSWORD)
    assert client.get(reverse("governance:changes", args=[SLUG])).status_code == 200
    assert propose_target(client).status_code == 404
    assert not ChangeRequest.objects.exists()


def test_a_cpr_number_in_the_boards_decision_saves_nothing(client, plan, sekretariat):
    client.login(username="sekretariat", password=PASSWORD)
    propose_target(client)
    change = ChangeRequest.objects.get()
    meeting = board_meeting(plan)
    url = reverse("governance:change", args=[SLUG, change.pk])
    page = client.post(
        act(url, "decide"),
        {
            "beslut-meeting": meeting.pk,
            "beslut-text": "Vedtaget for 010190-1234",
            "beslut-consensus": "on",
        },
    ).content.decode()
    assert "CPR" in page
    change.refresh_from_db()
    assert change.status == "proposed" and not meeting.decisions.exists()


def test_the_pages_take_no_post_and_the_actions_no_get(client, plan, sekretariat):
    client.login(username="sekretariat", password=PASSWORD)
    propose_target(client)
    url = reverse("governance:change", args=[SLUG, ChangeRequest.objects.get().pk])
    assert client.post(url, {"action": "apply"}).status_code == 405
    assert client.post(reverse("governance:changes", args=[SLUG])).status_code == 405
    for action in ("decide", "lbf", "apply", "reject"):
        assert client.get(act(url, action)).status_code == 405, action
    for name in ("change_criterion", "change_file"):
        assert client.get(reverse(f"governance:{name}", args=[SLUG])).status_code == 405, name
    assert ChangeRequest.objects.get().status == "proposed"

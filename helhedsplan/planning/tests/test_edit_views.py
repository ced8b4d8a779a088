"""Editing a draft plan in forms: every save is a new plan-file version, validated by the plan
file's own rules; bad input is refused at its field and nothing is saved."""

import datetime
from decimal import Decimal

import pytest
from django.utils.html import escape

from helhedsplan.planning.edit_version_views import _grouped_changes
from helhedsplan.plans import models as m

DRAFT = "randers-udkast"
FOCUS = "focus_areas/tryghed-og-trivsel"
ACTIVITY = f"{FOCUS}/activities/naboskab"
CRITERION = f"{ACTIVITY}/success_criteria/naboskab-ambassadoerer"


def url(kind: str, path: str = "", slug: str = DRAFT) -> str:
    base = f"/planer/{slug}/rediger/"
    if kind == "index":
        return base
    return f"{base}{kind}/{path + '/' if path else ''}"


def read_form(client, address: str) -> dict:
    """What the browser would send back unchanged: every field as shown, and the hidden ones."""
    response = client.get(address)
    assert response.status_code == 200
    form = response.context["form"]
    values = {name: form[name].value() or "" for name in form.fields}
    if "version_id" in response.context:
        values["version"] = response.context["version_id"]
        values["as_read"] = response.context["as_read"]
    return values


def save(client, address: str, **changes):
    data = read_form(client, address)
    data.update(changes)
    return client.post(address, data)


def versions(plan) -> int:
    return m.PlanFileVersion.objects.filter(plan=plan).count()


def criterion(plan, key="naboskab-ambassadoerer"):
    return m.SuccessCriterion.objects.get(plan=plan, key=key)


# --- saving -----------------------------------------------------------------------------------


def test_a_changed_target_is_saved_as_a_new_version_of_the_plan_file(editor, draft):
    before = versions(draft)
    response = save(editor, url("del", CRITERION), target="20")
    assert response.status_code == 302
    assert response["Location"] == url("del", CRITERION)
    assert criterion(draft).target == 20
    assert versions(draft) == before + 1
    latest = draft.file_versions.order_by("-id").first()
    assert latest.loaded_by == "sekretariat"
    assert latest.source_name.startswith(
        "redigeret i appen: Succeskriterium: Minimum 17 beboere er udøvende"
    )
    assert "target: 20" in latest.content
    page = editor.get(response["Location"])
    assert "Planen har en ny version" in page.content.decode()


def test_saving_a_form_unchanged_makes_no_new_version(editor, draft):
    before = versions(draft)
    response = save(editor, url("del", ACTIVITY))
    assert response.status_code == 302
    assert versions(draft) == before
    assert "Du har ikke ændret noget" in editor.get(response["Location"]).content.decode()


def _area(plan):
    return m.Area.objects.get(plan=plan, key="gl-jennumparken")


EDITS = [
    ("", {"vision": "Nordby – sammen"}, lambda p: p.vision == "Nordby – sammen"),
    (
        "",
        {"period__end": "2021-06-30", "budget__lbf": "16.100.000"},
        lambda p: p.end == datetime.date(2021, 6, 30) and p.budget_lbf == 16100000,
    ),
    ("organisations/msb", {"name": "MSB"}, lambda p: p.organisations.get(key="msb").name == "MSB"),
    (
        "areas/gl-jennumparken",
        {"aliases": "Jennumparken\r\nGl. Jennum"},
        lambda p: _area(p).aliases == ["Jennumparken", "Gl. Jennum"],
    ),
    (
        "areas/gl-jennumparken/coverage/3",
        {"to": "42"},
        lambda p: _area(p).coverage.all()[2].to_number == 42,
    ),
    (
        "departments/1",
        {"name": "Rørhaven"},
        lambda p: p.departments.get(organisation__key="rb1940", number=29).name == "Rørhaven",
    ),
    (
        "overall_goals/tryghed",
        {"text": "Større tryghed"},
        lambda p: p.overall_goals.get(key="tryghed").text == "Større tryghed",
    ),
    (
        FOCUS,
        {"budget__lbf": "3.500.000", "staff_hours_per_week": "27,5"},
        lambda p: (
            p.focus_areas.get(key="tryghed-og-trivsel").sub_agreement.budget_lbf == 3500000
            and p.focus_areas.get(key="tryghed-og-trivsel").sub_agreement.staff_hours_per_week
            == Decimal("27.5")
        ),
    ),
    (
        f"{FOCUS}/parties/1",
        {"title": "Adm. direktør"},
        lambda p: (
            p.focus_areas.get(key="tryghed-og-trivsel").sub_agreement.parties.all()[0].title
            == "Adm. direktør"
        ),
    ),
    (
        f"{FOCUS}/local_measures/fraflytning",
        {"target__value": "12,5", "target__year": "2021"},
        lambda p: p.local_measures.get(key="fraflytning").target_value == Decimal("12.5"),
    ),
    (
        f"{FOCUS}/local_measures/fraflytning/baselines/1",
        {"value": "14,5"},
        lambda p: (
            p.local_measures.get(key="fraflytning").figures.filter(role="baseline").first().value
            == Decimal("14.5")
        ),
    ),
    (
        "focus_areas/kriminalpraeventiv-indsats/local_measures/sigtede-10-17-aarige/comparisons/1",
        {"label": "Hele landet"},
        lambda p: (
            p.local_measures.get(key="sigtede-10-17-aarige")
            .figures.filter(role="comparison")
            .first()
            .label
            == "Hele landet"
        ),
    ),
    (
        ACTIVITY,
        {"target_groups": "Børn\nForældre"},
        lambda p: p.activities.get(key="naboskab").target_groups == ["Børn", "Forældre"],
    ),
    (
        f"{ACTIVITY}/sub_activities/naboskab-foreningsliv",
        {"name": "Foreningslivet"},
        lambda p: (
            p.activities.get(key="naboskab").sub_activities.get(key="naboskab-foreningsliv").name
            == "Foreningslivet"
        ),
    ),
    (
        CRITERION,
        {"target": "20", "target_max": "24", "unit": "ambassadører"},
        lambda p: (
            (criterion(p).target, criterion(p).target_max, criterion(p).unit)
            == (20, 24, "ambassadører")
        ),
    ),
    (
        "bodies/bestyrelse",
        {"meets_per_year": "3"},
        lambda p: p.bodies.get(key="bestyrelse").meets_per_year == 3,
    ),
    (
        "bodies/bestyrelse/members/1",
        {"note": "Formand."},
        lambda p: (
            p.bodies.get(key="bestyrelse").members.get(name="Michael Maaløe").note == "Formand."
        ),
    ),
]


@pytest.mark.parametrize(("path", "changes", "check"), EDITS, ids=[e[0] or "plan" for e in EDITS])
def test_every_kind_of_part_can_be_edited(editor, draft, path, changes, check):
    before = versions(draft)
    response = save(editor, url("del", path), **changes)
    assert response.status_code == 302, response.context["form"].errors
    assert versions(draft) == before + 1
    assert check(m.Plan.objects.get(pk=draft.pk))


def test_a_field_left_as_shown_keeps_its_exact_value(editor, draft):
    # The Randers file writes some purposes over several lines; the form shows them with blank
    # lines between, and saving the vision must not rewrite them (or anything else).
    purposes = list(draft.purposes)
    assert any("\n" in purpose for purpose in purposes)
    response = save(editor, url("del"), vision="Ny vision")
    assert response.status_code == 302
    assert m.Plan.objects.get(pk=draft.pk).purposes == purposes
    latest, previous = draft.file_versions.order_by("-id")[:2]
    assert _grouped_changes(previous.content, latest.content) == {
        "Den strategiske samarbejdsaftale": [
            "Vision ændret fra «Randers Nordby – Fremtiden lever her» til «Ny vision»"
        ]
    }


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"target": "abc"}, "target", "Skal være et tal"),
        ({"target_max": "10"}, "target_max", "Skal være mindst 17 (target)"),
        (
            {"responsible_organisation": "findes-ikke"},
            "responsible_organisation",
            "Ukendt organisation 'findes-ikke'",
        ),
        ({"kind": "qualitative"}, "target", "Bruges ikke ved en kvalitativ vurdering"),
        ({"text": ""}, "text", "Mangler"),
        ({"text": "Barn 010203-1234 deltog"}, "text", "CPR-nummer"),
    ],
)
def test_a_bad_value_is_refused_at_its_field_and_nothing_is_saved(
    editor, draft, changes, field, message
):
    before = versions(draft)
    response = save(editor, url("del", CRITERION), **changes)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in text for text in errors[field]), errors
    assert versions(draft) == before
    assert criterion(draft).target == 17
    page = response.content.decode()
    assert "Ikke gemt – ret fejlene" in page
    label = response.context["form"].fields[field].label
    assert escape(f"{label}: {errors[field][0]}") in page


def test_a_number_the_plan_file_wants_whole_is_refused_with_its_rule(editor, draft):
    response = save(editor, url("del", "bodies/bestyrelse"), meets_per_year="2,5")
    assert response.context["form"].errors["meets_per_year"] == ["Skal være et helt tal"]


def test_a_problem_elsewhere_in_the_plan_is_shown_with_its_path_in_words(editor, draft):
    # The organisation is still named by a department, an activity and members.
    response = editor.post(
        url("slet", "organisations/msb"),
        read_form_hidden(editor, url("slet", "organisations/msb")),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ikke slettet" in page
    assert (
        "Afdeling: afd. 27 (msb) › Boligorganisation: ukendt organisation &#x27;msb&#x27;" in page
    )
    assert draft.organisations.filter(key="msb").exists()


IN_FORCE = "randers-nordby-2017-21"


def read_form_hidden(client, address: str) -> dict:
    response = client.get(address)
    return {"version": response.context["version_id"], "as_read": response.context["as_read"]}


# --- two people at once -------------------------------------------------------------------------


def test_the_second_save_of_the_same_part_is_refused_and_keeps_what_was_typed(
    editor, colleague, draft
):
    address = url("del", CRITERION)
    mine = read_form(editor, address)
    theirs = read_form(colleague, address)
    assert colleague.post(address, {**theirs, "target": "20"}).status_code == 302
    before = versions(draft)
    response = editor.post(address, {**mine, "target": "25", "unit": "ildsjæle"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "kollega har ændret denne del, mens du skrev" in page
    assert "Mål: ændret fra 17 til 20" in page
    form = response.context["form"]
    assert (form["target"].value(), form["unit"].value()) == ("25", "ildsjæle")
    assert versions(draft) == before
    assert criterion(draft).target == 20
    # Saving again deliberately replaces the colleague's change.
    again = {name: form[name].value() or "" for name in form.fields}
    again.update(version=response.context["version_id"], as_read=response.context["as_read"])
    assert editor.post(address, again).status_code == 302
    assert (criterion(draft).target, criterion(draft).unit) == (25, "ildsjæle")


def test_saves_of_different_parts_are_merged(editor, colleague, draft):
    first = url("del", CRITERION)
    second = url("del", f"{ACTIVITY}/success_criteria/naboskab-nytilflyttede")
    mine = read_form(editor, second)
    theirs = read_form(colleague, first)
    assert colleague.post(first, {**theirs, "target": "20"}).status_code == 302
    assert editor.post(second, {**mine, "target": "120"}).status_code == 302
    assert criterion(draft).target == 20
    assert criterion(draft, "naboskab-nytilflyttede").target == 120


def test_a_change_to_a_part_inside_is_no_conflict_for_the_part_around_it(editor, colleague, draft):
    mine = read_form(editor, url("del", ACTIVITY))
    theirs = read_form(colleague, url("del", CRITERION))
    assert colleague.post(url("del", CRITERION), {**theirs, "target": "20"}).status_code == 302
    response = editor.post(url("del", ACTIVITY), {**mine, "name": "Naboskab"})
    assert response.status_code == 302
    assert draft.activities.get(key="naboskab").name == "Naboskab"
    assert criterion(draft).target == 20


def test_a_part_deleted_meanwhile_is_named_and_nothing_is_saved(editor, colleague, draft):
    address = url("del", f"{ACTIVITY}/success_criteria/naboskab-nytilflyttede")
    mine = read_form(editor, address)
    delete = url("slet", f"{ACTIVITY}/success_criteria/naboskab-nytilflyttede")
    assert colleague.post(delete, read_form_hidden(colleague, delete)).status_code == 302
    response = editor.post(address, {**mine, "target": "120"})
    assert response.status_code == 200
    assert "kollega har slettet denne del, mens du skrev" in response.content.decode()
    assert not draft.success_criteria.filter(key="naboskab-nytilflyttede").exists()


def test_a_form_whose_hidden_reading_was_tampered_with_is_refused(editor, draft):
    address = url("del", CRITERION)
    data = read_form(editor, address)
    response = editor.post(address, {**data, "as_read": "forfalsket", "target": "20"})
    assert response.status_code == 400
    assert criterion(draft).target == 17

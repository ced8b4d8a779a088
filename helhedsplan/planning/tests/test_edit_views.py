"""Editing a draft plan in forms: every save is a new plan-file version, validated by the plan
file's own rules; bad input is refused at its field and nothing is saved."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils.html import escape

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.conftest import PASSWORD
from helhedsplan.governance.models import ChangeRequest
from helhedsplan.planning.edit_version_views import _grouped_changes
from helhedsplan.plans import models as m
from helhedsplan.plans.services import load_plan
from helhedsplan.registrations.models import Registration

DRAFT = "randers-udkast"
FOCUS = "focus_areas/tryghed-og-trivsel"
ACTIVITY = f"{FOCUS}/activities/naboskab"
CRITERION = f"{ACTIVITY}/success_criteria/naboskab-ambassadoerer"


@pytest.fixture
def draft(db, plan_text):
    text = plan_text.replace("slug: randers-nordby-2017-21", f"slug: {DRAFT}", 1)
    return load_plan(
        text=text, source_name="udkast.yaml", loaded_by="import", new_status=m.Plan.Status.DRAFT
    )


@pytest.fixture
def editor(draft, client):
    ensure_member(plan=draft, username="sekretariat", role=Role.SEKRETARIAT, password=PASSWORD)
    client.login(username="sekretariat", password=PASSWORD)
    return client


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


def read_form_hidden(client, address: str) -> dict:
    response = client.get(address)
    return {"version": response.context["version_id"], "as_read": response.context["as_read"]}


# --- adding and deleting --------------------------------------------------------------------


def test_a_new_success_criterion_is_added_with_its_key(editor, draft):
    address = url("ny", f"{ACTIVITY}/success_criteria")
    before = versions(draft)
    response = save(
        editor,
        address,
        key="naboskab-fester",
        text="Mindst 4 gadefester om året.",
        kind="count",
        combine="sum",
        target="4",
        per="year",
        unit="fester",
        counts_persons="false",
    )
    assert response.status_code == 302
    assert response["Location"] == url("del", f"{ACTIVITY}/success_criteria/naboskab-fester")
    added = criterion(draft, "naboskab-fester")
    assert (added.target, added.per, added.activity.key) == (4, "year", "naboskab")
    assert added.counts_persons is False
    assert versions(draft) == before + 1


def test_a_new_count_without_counts_persons_is_refused_at_that_field_with_a_suggestion(
    editor, draft
):
    address = url("ny", f"{ACTIVITY}/success_criteria")
    before = versions(draft)
    response = save(
        editor,
        address,
        key="naboskab-husstande",
        text="Mindst 10 husstande deltager i gårdlauget.",
        kind="count",
        combine="sum",
        target="10",
        per="year",
        unit="husstande",
    )
    assert response.status_code == 200
    [message] = response.context["form"].errors["counts_persons"]
    assert message.startswith("Mangler: true, når tallet er personer")
    assert "Forslag: true («husstande» er personer)" in message
    assert not m.SuccessCriterion.objects.filter(plan=draft, key="naboskab-husstande").exists()
    assert versions(draft) == before


GROUP_COURSES = "focus_areas/kriminalpraeventiv-indsats/activities/hotspot/success_criteria/"


def test_the_editor_asks_whether_a_count_counts_persons_and_explains_the_rule(editor):
    response = editor.get(url("del", GROUP_COURSES + "hotspot-gruppeforloeb-antal"))
    form = response.context["form"]
    assert form["counts_persons"].value() == "false"
    page = response.content.decode()
    assert "Tæller tallet personer?" in page
    assert "et gruppeforløb for 8-10 unge er ét forløb, ikke én person" in page
    assert "Ja, personer, familier eller husstande" in page


def test_counts_persons_changed_in_the_editor_is_saved_to_the_criterion_and_the_file(editor, draft):
    key = "hotspot-gruppeforloeb-antal"
    assert criterion(draft, key).counts_persons is False
    response = save(editor, url("del", GROUP_COURSES + key), counts_persons="true")
    assert response.status_code == 302
    assert criterion(draft, key).counts_persons is True
    latest = m.PlanFileVersion.objects.filter(plan=draft).latest("pk").content
    assert "counts_persons: true" in latest.split(f"key: {key}")[1].split("- key:")[0]


def test_a_key_already_used_is_refused_at_the_key_field(editor, draft):
    address = url("ny", f"{ACTIVITY}/success_criteria")
    before = versions(draft)
    response = save(
        editor,
        address,
        key="naboskab-ambassadoerer",
        text="Igen",
        kind="count",
        combine="sum",
        target="1",
        per="year",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["key"] == [
        "Nøglen 'naboskab-ambassadoerer' findes allerede"
    ]
    assert versions(draft) == before


def test_a_key_must_be_small_letters_digits_and_hyphens(editor, draft):
    response = save(editor, url("ny", "overall_goals"), key="Nyt Mål", text="Et mål")
    assert response.context["form"].errors["key"] == [
        "Skal være en nøgle: små bogstaver a-z, tal og bindestreger"
    ]


def test_the_add_form_explains_that_a_key_cannot_be_changed(editor):
    page = editor.get(url("ny", "overall_goals")).content.decode()
    assert "kan ikke ændres senere" in page


def test_a_coverage_rule_is_added_to_its_area(editor, draft):
    response = save(
        editor, url("ny", "areas/gl-jennumparken/coverage"), street="Dragonvej", numbers="all"
    )
    assert response.status_code == 302
    assert response["Location"] == url("del", "areas/gl-jennumparken/coverage/9")
    assert _area(draft).coverage.filter(street="Dragonvej").exists()


def test_a_new_activity_gets_the_next_number_by_default(editor):
    form = editor.get(url("ny", f"{FOCUS}/activities")).context["form"]
    assert form["number"].value() == "3"


def test_deleting_a_criterion_without_data_removes_it(editor, draft):
    address = url("slet", f"{ACTIVITY}/success_criteria/naboskab-nytilflyttede")
    page = editor.get(address).content.decode()
    assert "<h1>Slet Succeskriterium: " in page
    response = editor.post(address, read_form_hidden(editor, address))
    assert response.status_code == 302
    assert response["Location"] == url("del", ACTIVITY)
    assert not draft.success_criteria.filter(key="naboskab-nytilflyttede").exists()


def test_deleting_a_criterion_with_registrations_is_refused(editor, draft):
    target = criterion(draft, "naboskab-nytilflyttede")
    registration = Registration.objects.create(
        plan=draft, activity=target.activity, date=datetime.date(2018, 3, 1), kind="event"
    )
    registration.criteria.add(target)
    address = url("slet", f"{ACTIVITY}/success_criteria/naboskab-nytilflyttede")
    before = versions(draft)
    response = editor.post(address, read_form_hidden(editor, address))
    assert response.status_code == 200
    # Named by its text, the key beside it (issue 18.7).
    assert (
        f"Succeskriteriet «{target.text[:30]}" in response.content.decode()
        and "(nøgle naboskab-nytilflyttede) kan ikke slettes: der er registreret data på det"
        in response.content.decode()
    )
    assert draft.success_criteria.filter(key="naboskab-nytilflyttede").exists()
    assert registration.criteria.filter(pk=target.pk).exists()
    assert versions(draft) == before


def test_deleting_an_activity_with_registrations_shows_the_plan_files_refusal(editor, draft):
    activity = draft.activities.get(key="formidling-og-branding")
    Registration.objects.create(
        plan=draft, activity=activity, date=datetime.date(2018, 3, 1), kind="publication"
    )
    address = url("slet", f"{FOCUS}/activities/formidling-og-branding")
    page = editor.get(address).content.decode()
    assert "Succeskriterier:" in page  # what goes with it
    response = editor.post(address, read_form_hidden(editor, address))
    assert (
        "«formidling-og-branding» er fjernet fra planfilen, men der er registreret data på den"
        in (response.content.decode())
    )
    assert draft.activities.filter(key="formidling-og-branding").exists()


# --- a plan in force ----------------------------------------------------------------------------

IN_FORCE = "randers-nordby-2017-21"


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


# --- two people at once -------------------------------------------------------------------------


@pytest.fixture
def colleague(draft):
    ensure_member(plan=draft, username="kollega", role=Role.SEKRETARIAT, password=PASSWORD)
    other = Client()
    other.login(username="kollega", password=PASSWORD)
    return other


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


# --- pages and access -------------------------------------------------------------------------


def test_the_index_links_to_every_focus_area_activity_and_list_and_the_plans_status(editor, draft):
    page = editor.get(url("index")).content.decode()
    assert "Udkast" in page
    assert url("del") in page  # the plan's frame
    assert f"{url('index')}?omraade=tryghed-og-trivsel" in page
    assert url("del", ACTIVITY) in page
    assert f"{url('index')}?liste=bodies" in page
    assert f"/planer/{DRAFT}/rediger/versioner/" in page
    assert f"/planer/{DRAFT}/rediger/i-kraft/" in page
    # The parts inside a focus area or a list are on their own pages, not here.
    assert url("del", CRITERION) not in page
    area = editor.get(url("index") + "?omraade=tryghed-og-trivsel").content.decode()
    assert url("del", CRITERION) in area
    assert url("slet", f"{ACTIVITY}/sub_activities/naboskab-foreningsliv") in area
    # A plan-level list is one level, with what each part holds in words; the members are on
    # the body's own page.
    bodies = editor.get(url("index") + "?liste=bodies").content.decode()
    assert url("del", "bodies/bestyrelse") in bodies
    assert "medlemmer</span>" in bodies
    assert url("ny", "bodies/bestyrelse/members") not in bodies
    assert url("ny", "bodies/bestyrelse/members") in editor.get(
        url("del", "bodies/bestyrelse")
    ).content.decode("utf-8")


def test_the_area_page_checks_an_address_beside_its_rules(editor):
    response = editor.get(url("del", "areas/gl-jennumparken") + "?adresse=Husarvej+42")
    page = response.content.decode()
    assert "Adresseregler" in page
    assert "Nej – Husarvej 42 ligger ikke i planens område." in page
    page = editor.get(url("del", "areas/gl-jennumparken") + "?adresse=Husarvej+13").content
    assert "Ja – Husarvej 13 ligger i planens område." in page.decode()


def test_a_path_that_names_no_part_is_not_found(editor):
    assert editor.get(url("del", "focus_areas/findes-ikke")).status_code == 404
    assert editor.get(url("ny", f"{FOCUS}/purpose")).status_code == 404
    assert editor.get(url("slet", "areas/gl-jennumparken/coverage/99")).status_code == 404


def _pages(slug):
    return [
        url("index", slug=slug),
        url("versioner", slug=slug),
        url("del", slug=slug),
        url("del", CRITERION, slug=slug),
        url("ny", f"{ACTIVITY}/success_criteria", slug=slug),
        url("slet", CRITERION, slug=slug),
    ]


@pytest.mark.parametrize(
    "role", [Role.MEDARBEJDER, Role.PARTNER, Role.STYREGRUPPE, Role.BESTYRELSE, Role.LAESER]
)
def test_no_other_role_may_open_the_editor(client, draft, role):
    ensure_member(plan=draft, username="bruger", role=role, password=PASSWORD)
    client.login(username="bruger", password=PASSWORD)
    for address in _pages(DRAFT):
        assert client.get(address).status_code == 404, address
        assert client.post(address, {"target": "1"}).status_code == 404, address
    assert criterion(draft).target == 17


def test_a_stranger_gets_404_and_a_superuser_is_secretariat(client, draft, django_user_model):
    django_user_model.objects.create_user(username="fremmed", password=PASSWORD)
    client.login(username="fremmed", password=PASSWORD)
    for address in _pages(DRAFT):
        assert client.get(address).status_code == 404, address
    django_user_model.objects.create_superuser(username="admin", password=PASSWORD)
    client.login(username="admin", password=PASSWORD)
    for address in _pages(DRAFT):
        assert client.get(address).status_code == 200, address


def test_the_overview_links_the_secretariat_to_the_editor_with_the_status_in_words(
    client, plan, sekretariat, medarbejder
):
    client.login(username="sekretariat", password=PASSWORD)
    page = client.get(f"/planer/{IN_FORCE}/").content.decode()
    assert "Redigér planen" in page and "I kraft" in page
    client.login(username="medarbejder", password=PASSWORD)
    assert "Redigér planen" not in client.get(f"/planer/{IN_FORCE}/").content.decode()

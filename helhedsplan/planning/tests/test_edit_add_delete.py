"""The plan editor adds a part to a list (with its key, its number, the rules of a new count) and
deletes one (never a success criterion that registrations count toward)."""

import datetime

from helhedsplan.planning.tests.test_edit_views import (
    ACTIVITY,
    FOCUS,
    _area,
    criterion,
    read_form_hidden,
    save,
    url,
    versions,
)
from helhedsplan.plans import models as m
from helhedsplan.registrations.models import Registration

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

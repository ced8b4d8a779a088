"""`helhedsplan plan new | copy | in-force`: plans that validate and round-trip, Danish errors."""

import datetime
import io

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from helhedsplan.accounts.models import PlanMembership, Role
from helhedsplan.plans import models as m
from helhedsplan.plans.services import plan_as_data


def run(*args):
    out = io.StringIO()
    call_command("plan", *args, stdout=out)
    return out.getvalue()


def fails(capsys, *args) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("plan", *args)
    assert refused.value.returncode == 1
    return str(refused.value)


def round_trips(tmp_path, slug: str) -> None:
    """export -> validate -> load under a fresh short name -> export again: the same data."""
    exported = tmp_path / f"{slug}.yaml"
    run("export", slug, "-o", str(exported))
    assert "Planfilen er gyldig" in run("validate", str(exported))
    fresh = tmp_path / "fresh.yaml"
    data = yaml.safe_load(exported.read_text(encoding="utf-8"))
    fresh.write_text(
        exported.read_text(encoding="utf-8").replace(f"slug: {slug}\n", "slug: fresh\n", 1),
        encoding="utf-8",
    )
    run("load", str(fresh))
    again = yaml.safe_load(run("export", "fresh"))
    assert again == {**data, "slug": "fresh"}


@pytest.mark.parametrize("template", ["lbf-2019", "empty"])
def test_plan_new_creates_a_draft_that_validates_and_round_trips(
    db, tmp_path, template, django_user_model
):
    django_user_model.objects.create_user(username="leder")
    out = run(
        "new", "nordby-2021-25", "--template", template, "--start", "2021-06-01", "--owner", "leder"
    )
    assert "Planen «Boligsocial helhedsplan 2021-25» (nordby-2021-25) er oprettet som udkast" in out
    assert "2021-06-01 til 2025-05-31" in out
    assert "leder har sekretariatsrollen" in out
    plan = m.Plan.objects.get(slug="nordby-2021-25")
    assert plan.is_draft
    assert PlanMembership.objects.get(plan=plan).group.name == Role.SEKRETARIAT
    round_trips(tmp_path, "nordby-2021-25")


def test_plan_new_takes_a_name_and_says_when_nobody_has_access_yet(db):
    out = run("new", "ny", "--template", "lbf-2019", "--start", "2022-06-01", "--name", "Vest")
    assert "«Vest»" in out
    assert "4 indsatsområder" in out
    assert "Ingen har adgang til planen endnu" in out
    assert not PlanMembership.objects.filter(plan__slug="ny").exists()


def test_plan_copy_creates_the_successor_that_validates_and_round_trips(
    plan, tmp_path, sekretariat
):
    out = run(
        "copy",
        plan.slug,
        "randers-nordby-2021-25",
        "--start",
        "2021-06-01",
        "--owner",
        "sekretariat",
    )
    assert (
        "Planen «Boligsocial helhedsplan for Randers Nordby 2021-25» (randers-nordby-2021-25) "
        "er oprettet som udkast fra kopi af «Boligsocial helhedsplan for Randers Nordby 2017-21»"
    ) in out
    new = m.Plan.objects.get(slug="randers-nordby-2021-25")
    assert new.predecessor == plan
    assert new.is_draft
    assert new.activities.count() == plan.activities.count() > 0
    data = plan_as_data(new)
    assert data["predecessor"] == plan.slug
    assert data["period"] == {
        "start": datetime.date(2021, 6, 1),
        "end": datetime.date(2025, 5, 31),
    }
    round_trips(tmp_path, "randers-nordby-2021-25")


def test_an_existing_short_name_is_refused_and_the_plan_is_kept(plan, capsys):
    name = plan.name
    err = fails(capsys, "new", plan.slug, "--template", "empty", "--start", "2021-06-01")
    assert err == f"Der findes allerede en plan med det korte navn «{plan.slug}»."
    err = fails(capsys, "copy", plan.slug, plan.slug, "--start", "2021-06-01")
    assert err == f"Der findes allerede en plan med det korte navn «{plan.slug}»."
    plan.refresh_from_db()
    assert (plan.name, plan.status, m.Plan.objects.count()) == (name, "in_force", 1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["new", "ny", "--template", "lbf-2030", "--start", "2021-06-01"],
            "Skabelonen «lbf-2030» findes ikke. Vælg en af: lbf-2019, empty.",
        ),
        (
            ["new", "ny", "--template", "empty", "--start", "1. juni 2021"],
            "Startdatoen «1. juni 2021» er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD.",
        ),
        (
            ["new", "ny", "--template", "empty", "--start", "2021-02-30"],
            "Startdatoen «2021-02-30» er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD.",
        ),
        (
            ["copy", "findes-ikke", "ny", "--start", "2021-06-01"],
            "Der er ingen plan med det korte navn «findes-ikke».",
        ),
        (
            ["new", "ny", "--template", "empty", "--start", "2021-06-01", "--owner", "nemo"],
            "Der er ingen bruger med brugernavnet «nemo».",
        ),
        (
            ["new", "Ny_Plan", "--template", "empty", "--start", "2021-06-01"],
            "Planen kan ikke oprettes: slug: skal være en nøgle: små bogstaver a-z, tal og "
            "bindestreger (linje 5). Intet er gemt.",
        ),
    ],
)
def test_bad_input_is_one_danish_line_and_nothing_is_saved(no_plan, capsys, args, message):
    assert fails(capsys, *args) == message
    assert m.Plan.objects.count() == 0


def test_in_force_puts_a_draft_in_force(db, capsys):
    run("new", "ny", "--template", "empty", "--start", "2021-06-01")
    out = run("in-force", "ny", "--board", "2021-05-10", "--lbf", "2021-06-15")
    assert "Planen «Boligsocial helhedsplan 2021-25» er nu i kraft" in out
    plan = m.Plan.objects.get(slug="ny")
    assert (plan.status, plan.board_approved_on, plan.lbf_approved_on) == (
        "in_force",
        datetime.date(2021, 5, 10),
        datetime.date(2021, 6, 15),
    )
    err = fails(capsys, "in-force", "ny", "--board", "2021-05-10", "--lbf", "2021-06-15")
    assert "er allerede i kraft og kan ikke blive et udkast igen" in err


def test_in_force_refuses_an_lbf_date_before_the_boards(db, capsys):
    run("new", "ny", "--template", "empty", "--start", "2021-06-01")
    err = fails(capsys, "in-force", "ny", "--board", "2021-06-15", "--lbf", "2021-05-10")
    assert err.startswith("Landsbyggefonden godkender efter bestyrelsen")
    assert m.Plan.objects.get(slug="ny").is_draft
    err = fails(capsys, "in-force", "ny", "--board", "i går", "--lbf", "2021-05-10")
    assert err == "Bestyrelsens dato «i går» er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD."

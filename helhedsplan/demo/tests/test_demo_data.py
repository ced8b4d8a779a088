"""`helhedsplan demo-data SLUG --seed N [--until YYYY-MM-DD]` and generate_demo_data."""

import datetime
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from helhedsplan.core.privacy import looks_like_cpr, validate_participant_code
from helhedsplan.demo.services import DEMO_MARK, generate_demo_data
from helhedsplan.progress.measures import measures_progress
from helhedsplan.progress.services import plan_progress
from helhedsplan.registrations.models import (
    Assessment,
    Measurement,
    Participant,
    Registration,
    RegistrationParticipant,
)
from helhedsplan.registrations.services import RegistrationInput, save_registration

UNTIL = datetime.date(2020, 5, 31)


def generate(plan, seed=1, until=UNTIL):
    return generate_demo_data(plan=plan, seed=seed, until=until)


def dump(plan):
    """The demo data in a canonical form: everything but database ids and timestamps."""
    registrations = [
        (
            r.activity.key,
            r.date,
            r.end_date,
            r.kind,
            r.count,
            r.participants,
            r.completed,
            tuple(sorted(p.code for p in r.codes.all())),
            tuple(sorted(c.key for c in r.criteria.all())),
        )
        for r in Registration.objects.filter(plan=plan, is_demo=True)
        .select_related("activity")
        .prefetch_related("codes", "criteria")
    ]
    participants = [
        (p.code, p.age_band, p.area.key if p.area else None, p.gender)
        for p in Participant.objects.filter(plan=plan, code__startswith="D-").select_related("area")
    ]
    measurements = [
        ((m.criterion or m.local_measure).key, m.date, m.period, m.value, m.source)
        for m in Measurement.objects.filter(plan=plan, is_demo=True).select_related(
            "criterion", "local_measure"
        )
    ]
    assessments = [
        (a.criterion.key, a.tertial, a.status, a.text)
        for a in Assessment.objects.filter(plan=plan).select_related("criterion")
    ]
    # repr as the sort key: a missing end date or count (None) cannot be compared with a value.
    return tuple(
        sorted(rows, key=repr) for rows in (registrations, participants, measurements, assessments)
    )


def run(*args):
    out = StringIO()
    call_command("demo-data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def real_registration(plan):
    activity = plan.activities.get(key="hotspot")
    criterion = plan.success_criteria.get(key="hotspot-kontakt")
    return save_registration(
        plan,
        RegistrationInput(
            activity=activity,
            date=datetime.date(2018, 3, 14),
            kind="contact",
            participants=2,
            criteria=[criterion],
            codes=["P-0001", "D-0003"],
            note="Rigtig registrering",
        ),
    )


def test_the_same_seed_gives_identical_data(plan):
    generate(plan, seed=7)
    first = dump(plan)
    generate(plan, seed=7)
    assert dump(plan) == first
    assert first[0], "there should be registrations"


def test_a_different_seed_gives_different_data(plan):
    generate(plan, seed=1)
    first = dump(plan)
    generate(plan, seed=2)
    assert dump(plan) != first


def test_rerun_replaces_demo_data_and_keeps_real_registrations(plan, real_registration):
    first = generate(plan)
    totals = (
        Registration.objects.filter(plan=plan).count(),
        Participant.objects.filter(plan=plan).count(),
        RegistrationParticipant.objects.filter(registration__plan=plan).count(),
        Measurement.objects.filter(plan=plan).count(),
        Assessment.objects.filter(plan=plan).count(),
    )
    second = generate(plan)
    assert second["deleted_registrations"] == first["registrations"]
    assert second["deleted_participants"] == first["participants"]
    assert second["deleted_measurements"] == (
        first["criterion_measurements"] + first["local_measurements"]
    )
    assert second["deleted_assessments"] == first["assessments"]
    assert totals == (
        Registration.objects.filter(plan=plan).count(),
        Participant.objects.filter(plan=plan).count(),
        RegistrationParticipant.objects.filter(registration__plan=plan).count(),
        Measurement.objects.filter(plan=plan).count(),
        Assessment.objects.filter(plan=plan).count(),
    )
    kept = Registration.objects.get(id=real_registration.id)
    assert not kept.is_demo
    assert sorted(p.code for p in kept.codes.all()) == ["D-0003", "P-0001"]
    # The demo numbers around a code that real data already uses, and never links to it.
    assert not Registration.objects.filter(is_demo=True, codes__code="D-0003").exists()
    assert Registration.objects.filter(is_demo=True, codes__code="D-0004").exists()


def test_real_history_survives_and_demo_rows_leave_none(plan, real_registration):
    generate(plan)
    generate(plan)
    assert Registration.history.filter(id=real_registration.id).exists()
    assert not Registration.history.filter(is_demo=True).exists()
    assert not Measurement.history.filter(is_demo=True).exists()


def test_every_generated_row_is_marked_as_demo(plan):
    counts = generate(plan)
    assert Registration.objects.filter(plan=plan).count() == counts["registrations"]
    assert not Registration.objects.filter(plan=plan, is_demo=False).exists()
    assert not Measurement.objects.filter(plan=plan, is_demo=False).exists()
    assert Assessment.objects.count() == counts["assessments"] > 0
    assert all(a.text.endswith(DEMO_MARK) for a in Assessment.objects.all())
    assert all(a.assessed_by_id is None for a in Assessment.objects.all())
    notes = set(Registration.objects.values_list("note", flat=True))
    assert notes == {"Demodata"}
    assert not Registration.objects.filter(registered_by__isnull=False).exists()


def test_every_registration_counts_for_one_criterion_of_its_own_activity(plan):
    generate(plan)
    for registration in Registration.objects.prefetch_related("criteria"):
        (criterion,) = registration.criteria.all()
        assert criterion.activity_id == registration.activity_id


def test_no_date_lies_outside_the_plan_or_after_until(plan):
    until = datetime.date(2019, 11, 20)
    generate(plan, until=until)
    for start, end in Registration.objects.values_list("date", "end_date"):
        assert plan.start <= start <= until
        assert end is None or start <= end <= until
    for day in Measurement.objects.values_list("date", flat=True):
        assert plan.start <= day <= until


def test_completed_never_exceeds_participants(plan):
    generate(plan, until=plan.end)
    assert Registration.objects.filter(completed__isnull=False).exists()
    for registration in Registration.objects.prefetch_related("codes"):
        if registration.completed is not None:
            assert registration.participants is not None
            assert registration.completed <= registration.participants
        codes = len(registration.codes.all())
        assert codes <= (registration.participants or 0)


def test_participant_codes_are_pseudonyms_never_cpr_like(plan):
    generate(plan, until=plan.end)
    codes = list(Participant.objects.values_list("code", flat=True))
    assert len(codes) > 100
    for code in codes:
        assert re.fullmatch(r"D-\d{4}", code)
        assert not looks_like_cpr(code)
        validate_participant_code(code)
    bands = {band for band in Participant.objects.values_list("age_band", flat=True) if band}
    assert bands <= set(Participant.AgeBand.values)
    areas = set(Participant.objects.values_list("area__plan", flat=True))
    assert areas == {plan.id}


def test_unique_participants_recur_across_sessions(plan):
    generate(plan)
    links = RegistrationParticipant.objects.filter(registration__plan=plan)
    assert links.count() > links.values("participant").distinct().count()


def test_progress_shows_every_status_at_until(plan):
    generate(plan)
    statuses = {row.status for row in plan_progress(plan, UNTIL).criteria}
    assert {"on_track", "near", "behind", "no_data"} <= statuses


def test_progress_grows_over_time(plan):
    generate(plan)
    early = plan_progress(plan, datetime.date(2018, 5, 31)).criteria
    late = plan_progress(plan, UNTIL).criteria
    grown = [
        (a.actual, b.actual)
        for a, b in zip(early, late, strict=True)
        if a.criterion.kind == "count" and b.actual
    ]
    assert grown
    assert all((a or 0) < b for a, b in grown)


def test_some_local_measures_have_a_status(plan):
    generate(plan)
    statuses = [row.status for row in measures_progress(plan, UNTIL)]
    assert any(status != "no_data" for status in statuses)


def test_command_prints_a_danish_summary(plan):
    output = run(plan.slug, "--seed", "3", "--until", "2020-05-31")
    assert "registreringer" in output
    assert "31.05.2020" in output
    assert "udgifter og" in output and "månedsopgørelser af erlagte medarbejdertimer" in output
    assert "milepæle i milepælsplanerne" in output
    assert Registration.objects.filter(is_demo=True).exists()


def test_command_json_has_the_counts_and_defaults_to_the_plan_end(plan):
    result = json.loads(run(plan.slug, "--seed", "3", "--json"))
    assert result["until"] == "2021-05-31"
    assert result["registrations"] == Registration.objects.count() > 0
    assert result["participants"] == Participant.objects.count()
    assert Registration.objects.order_by("-date").first().date <= plan.end
    assert 0 < result["registrations"] < 5000
    for kind in ("expenses", "staff_hours", "milestones", "register_values"):
        assert result[kind] > 0
        assert result[f"deleted_{kind}"] == 0


def test_unknown_slug_fails_in_danish(db):
    with pytest.raises(CommandError) as refused:
        call_command("demo-data", "findes-ikke")
    assert refused.value.returncode == 1
    assert "Der er ingen plan med det korte navn «findes-ikke»" in str(refused.value)


@pytest.mark.parametrize(
    ("until", "message"),
    [
        ("2016-12-31", "uden for planperioden"),
        ("2022-01-01", "uden for planperioden"),
        ("31-05-2020", "ÅÅÅÅ-MM-DD"),
    ],
)
def test_a_bad_until_fails_in_danish(plan, until, message):
    with pytest.raises(CommandError) as refused:
        call_command("demo-data", plan.slug, "--until", until)
    assert refused.value.returncode == 1
    assert message in str(refused.value)
    assert not Registration.objects.exists()

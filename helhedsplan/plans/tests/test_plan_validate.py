"""`helhedsplan plan validate FILE`: every error named with its path and line."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from helhedsplan.plans.planfile import PlanFileError, validate_text


def run_validate(tmp_path, text, capsys, name="plan.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, message = 0, ""
    try:
        call_command("plan", "validate", str(path))
    except CommandError as refused:
        code, message = refused.returncode, f"{refused}\n"
    out, err = capsys.readouterr()
    return code, out, err + message


def line_of(text: str, needle: str, after: str = "") -> int:
    start = text.index(after) if after else 0
    return text[: text.index(needle, start)].count("\n") + 1


def test_the_shipped_plan_file_is_valid(tmp_path, plan_text, capsys):
    code, out, err = run_validate(tmp_path, plan_text, capsys)
    assert code == 0, err
    assert "Planfilen er gyldig" in out
    assert "12 aktiviteter" in out


def test_a_broken_copy_is_refused_with_every_error_named_by_path_and_line(
    tmp_path, plan_text, capsys
):
    broken = (
        plan_text.replace("lbf: 3806000", 'lbf: "3.806.000"', 1)  # focus_areas[1]
        .replace("tenancies: 1713", "tenancies: mange", 1)
        .replace("kind: level", "kind: niveau", 1)
        .replace("direction: decrease", "direction: ned", 1)
    )
    code, out, err = run_validate(tmp_path, broken, capsys)
    assert code == 1
    lbf_line = line_of(broken, 'lbf: "3.806.000"')
    assert f"focus_areas[1].budget.lbf: skal være et helt tal (linje {lbf_line})" in err
    assert f"tenancies: skal være et helt tal (linje {line_of(broken, 'tenancies: mange')})" in err
    assert "focus_areas[0].activities[0].success_criteria[0].kind: skal være en af" in err
    assert ".local_measures[" in err and "direction: skal være en af" in err
    assert "4 fejl i alt" in err
    assert out == ""


def test_semantic_errors_name_the_reference_that_does_not_resolve(tmp_path, plan_text, capsys):
    broken = plan_text.replace(
        "organisation: lejerbo, number: 104", "organisation: lejerbo2, number: 104"
    )
    broken = broken.replace(
        "- {organisation: msb, number: 28", "- {organisation: msb, number: 27", 1
    )
    code, _, err = run_validate(tmp_path, broken, capsys)
    assert code == 1
    assert "ukendt organisation 'lejerbo2'" in err
    assert "afdeling 27 findes allerede i 'msb'" in err


def test_a_missing_key_points_at_the_line_of_its_parent(tmp_path, capsys):
    text = "slug: x\nname: X\nperiod:\n  start: 2017-06-01\nbudget: {lbf: 1, local: 2}\norganisations: []\n"
    code, _, err = run_validate(tmp_path, text, capsys)
    assert code == 1
    assert "period.end: mangler (linje 3)" in err


def test_yaml_syntax_errors_are_reported_with_their_line(tmp_path, capsys):
    code, _, err = run_validate(tmp_path, "slug: x\nname: [unclosed\nperiod: 1\n", capsys)
    assert code == 1
    assert "kan ikke læses som YAML eller JSON" in err
    assert "(linje" in err


def test_a_key_written_twice_is_an_error(tmp_path, plan_text, capsys):
    code, _, err = run_validate(
        tmp_path, plan_text.replace("residents: 3868", "residents: 3868\nresidents: 1"), capsys
    )
    assert code == 1
    assert "residents: nøglen står der to gange" in err


def test_a_missing_file_is_a_clear_message_not_a_traceback(tmp_path, capsys):
    with pytest.raises(CommandError) as refused:
        call_command("plan", "validate", str(tmp_path / "nope.yaml"))
    assert refused.value.returncode == 1
    assert "Filen findes ikke" in str(refused.value)


def test_json_plan_files_are_accepted_with_line_numbers(tmp_path, capsys):
    data = {
        "slug": "json-plan",
        "name": "JSON",
        "period": {"start": "2020-06-01", "end": "2024-05-31"},
        "budget": {"lbf": 10, "local": -1},
        "organisations": [],
    }
    code, _, err = run_validate(tmp_path, json.dumps(data, indent=2), capsys, name="plan.json")
    assert code == 1
    assert "budget.local: må ikke være negativ (linje 10)" in err


@pytest.mark.parametrize(
    ("criterion", "message"),
    [
        ("{key: k, text: t, kind: count, combine: sum, per: year}", "target: mangler"),
        ("{key: k, text: t, kind: count, combine: sum, target: 5}", "per: mangler"),
        (
            "{key: k, text: t, kind: count, combine: sum, target: 5, target_max: 4, per: year}",
            "target_max: skal være mindst 5",
        ),
        (
            "{key: k, text: t, kind: unique_participants, combine: sum, target: 5, per: year}",
            "combine: passer ikke til kind unique_participants",
        ),
        ("{key: k, text: t, kind: qualitative, target: 5}", "target: bruges ikke"),
        (
            "{key: k, text: t, kind: count, combine: sum, target: 5, per: period, period_target: 9}",
            "period_target: bruges kun",
        ),
        (
            "{key: k, text: t, kind: count, combine: sum, target: true, per: year}",
            "target: skal være et tal",
        ),
        (
            "{key: k, text: t, kind: count, combine: sum, target: 5, per: year, unit: drenge}",
            "counts_persons: mangler: true, når tallet er personer",
        ),
        (
            "{key: k, text: t, kind: count, combine: sum, target: 5, per: year, "
            "counts_persons: ja}",
            "counts_persons: skal være true eller false",
        ),
        (
            "{key: k, text: t, kind: unique_participants, combine: unique, target: 5, "
            "per: year, counts_persons: false}",
            "counts_persons: unikke deltagere tæller altid personer",
        ),
        (
            "{key: k, text: t, kind: level, combine: latest, target: 5, per: year, "
            "counts_persons: true}",
            "counts_persons: bruges kun ved kind count",
        ),
    ],
)
def test_success_criterion_rules(criterion, message):
    text = f"""
slug: p
name: P
period: {{start: 2020-06-01, end: 2024-05-31}}
budget: {{lbf: 1, local: 1}}
organisations: []
focus_areas:
  - key: f
    number: 1
    name: F
    budget: {{lbf: 1, local: 1}}
    activities:
      - key: a
        number: 1
        name: A
        success_criteria:
          - {criterion}
"""
    with pytest.raises(PlanFileError) as error:
        validate_text(text)
    assert any(
        str(problem).startswith("focus_areas[0].activities[0].success_criteria[0].")
        and message in str(problem)
        and "(linje 17)" in str(problem)
        for problem in error.value.problems
    ), error.value.problems


def test_repeated_keys_and_numbers_are_named_where_they_repeat(tmp_path, plan_text, capsys):
    broken = (
        plan_text.replace("key: branding-nyhedsmail", "key: naboskab-ambassadoerer", 1)
        .replace(
            "number: 2\n    name: Kriminalpræventiv indsats",
            "number: 1\n    name: Kriminalpræventiv indsats",
            1,
        )
        .replace("- key: naboskab-foreningsliv", "- key: naboskab-beboerambassadoerer", 1)
    )
    code, _, err = run_validate(tmp_path, broken, capsys)
    assert code == 1
    assert (
        "focus_areas[0].activities[1].success_criteria[1].key: nøglen 'naboskab-ambassadoerer' findes allerede"
        in err
    )
    assert "focus_areas[1].number: nummeret 1 findes allerede" in err
    assert (
        "focus_areas[0].activities[0].sub_activities[1].key: nøglen 'naboskab-beboerambassadoerer' findes allerede"
        in err
    )


# --- counts_persons: stated by the plan, never guessed -------------------------------------

COUNT_KEYS = (
    "naboskab-frivillige-aktiviteter",
    "branding-aktivitetsomslag",
    "branding-nyhedsmail",
    "branding-presse",
    "hotspot-gruppeforloeb-antal",
    "familie-raadgivningsforloeb",
    "parat-opkvalificeringsforloeb",
    "parat-brandkadetforloeb",
    "parat-milife-forloeb",
    "udd-tilbud-netvaerksarrangementer",
    "moedregrupper-forloeb",
    "nussa-forloeb",
    "sprogindsats-forloebsaktiviteter",
    "fravaer-teammoeder",
    "fravaer-kursusforloeb",
    "familiekurser-netvaerksforloeb",
)


def without_counts_persons(text: str) -> str:
    """The shipped plan file as it was before it stated counts_persons."""
    kept = [line for line in text.split("\n") if not line.strip().startswith("counts_persons:")]
    return "\n".join(kept)


def test_the_old_format_file_is_refused_naming_every_count_criterion_with_its_likely_value(
    tmp_path, plan_text, capsys
):
    old = without_counts_persons(plan_text)
    code, _out, err = run_validate(tmp_path, old, capsys)
    assert code == 1
    problems = [line for line in err.splitlines() if ".counts_persons: mangler" in line]
    assert len(problems) == len(COUNT_KEYS) == 16
    for key, problem in zip(COUNT_KEYS, problems, strict=True):
        # Named by path and by the line of the criterion the key is missing from.
        assert problem.startswith("focus_areas["), problem
        assert f"(linje {line_of(old, f'- key: {key}')})" in problem, (key, problem)
        assert "Forslag: " in problem
    by_key = dict(zip(COUNT_KEYS, problems, strict=True))
    assert "Forslag: false (et gruppeforløb er ét forløb" in by_key["hotspot-gruppeforloeb-antal"]
    assert "Forslag: false (et gruppeforløb" in by_key["parat-opkvalificeringsforloeb"]
    assert "Forslag: false («eksemplarer» lyder som ting" in by_key["branding-aktivitetsomslag"]
    assert "Forslag: true, hvis hvert forløb er én persons" in by_key["familie-raadgivningsforloeb"]
    assert "Planfilen er ikke gyldig: 16 fejl i alt" in err


def test_the_old_format_file_cannot_be_loaded_and_nothing_is_saved(db, tmp_path, plan_text, capsys):
    from helhedsplan.plans.models import Plan, PlanFileVersion

    before = (Plan.objects.count(), PlanFileVersion.objects.count())
    path = tmp_path / "gammel.yaml"
    path.write_text(without_counts_persons(plan_text), encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("plan", "load", str(path))
    assert refused.value.returncode == 1
    assert "success_criteria[2].counts_persons: mangler" in capsys.readouterr().err
    assert "Intet er gemt" in str(refused.value)
    assert (Plan.objects.count(), PlanFileVersion.objects.count()) == before


@pytest.mark.parametrize(
    "unit", ["husstande", "drenge", "piger", "ledige", "lejere", "mødre", "kursister"]
)
def test_a_person_unit_the_old_word_list_missed_is_suggested_as_persons(unit):
    text = f"""
slug: p
name: P
period: {{start: 2020-06-01, end: 2024-05-31}}
budget: {{lbf: 1, local: 1}}
focus_areas:
  - key: f
    number: 1
    name: F
    budget: {{lbf: 1, local: 1}}
    activities:
      - key: a
        number: 1
        name: A
        success_criteria:
          - {{key: k, text: t, kind: count, combine: sum, target: 5, per: year, unit: {unit}}}
"""
    with pytest.raises(PlanFileError) as error:
        validate_text(text)
    [problem] = error.value.problems
    assert str(problem).startswith(
        "focus_areas[0].activities[0].success_criteria[0].counts_persons: mangler"
    )
    assert f"Forslag: true («{unit}» er personer)" in str(problem)
    assert str(problem).endswith("(linje 16)")
    # Stated, it is valid either way: the suggestion decides nothing.
    for stated in ("true", "false"):
        validate_text(text.replace(f"unit: {unit}", f"unit: {unit}, counts_persons: {stated}"))

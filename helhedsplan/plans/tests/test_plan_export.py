"""`helhedsplan plan export SLUG`: the loaded plan comes back as an equivalent file."""

import json

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from helhedsplan.plans.planfile import validate_text
from helhedsplan.plans.services import export_plan, load_plan


def export_via_command(slug, *extra):
    from io import StringIO

    out = StringIO()
    call_command("plan", "export", slug, *extra, stdout=out)
    return out.getvalue()


def test_load_export_load_export_gives_the_same_file(plan):
    first = export_via_command(plan.slug)
    load_plan(text=first)
    second = export_via_command(plan.slug)
    assert first == second


def test_the_export_says_everything_the_source_file_says(plan, plan_text):
    source, _ = validate_text(plan_text)
    exported, _ = validate_text(export_plan(plan))
    assert exported.model_dump(exclude_none=True) == source.model_dump(exclude_none=True)


def test_json_export_is_valid_json_and_a_valid_plan_file(plan):
    text = export_via_command(plan.slug, "--format", "json")
    data = json.loads(text)
    assert data["budget"] == {"lbf": 16055000, "local": 13086000}
    validated, _ = validate_text(text)
    assert validated.slug == plan.slug


def test_multi_line_text_is_exported_as_readable_blocks(plan):
    text = export_plan(plan)
    assert "summary: |" in text
    assert yaml.safe_load(text)["vision"] == "Randers Nordby – Fremtiden lever her"


def test_export_of_an_unknown_plan_is_a_clear_error(db, capsys):
    with pytest.raises(CommandError) as refused:
        call_command("plan", "export", "findes-ikke")
    assert refused.value.returncode == 1
    assert "Der er ingen plan" in str(refused.value)


def test_the_export_states_counts_persons_for_every_count_and_a_load_reads_it_back(plan):
    from helhedsplan.plans.models import SuccessCriterion

    courses = SuccessCriterion.objects.get(plan=plan, key="hotspot-gruppeforloeb-antal")
    courses.counts_persons = True  # as an editor could have set it
    courses.save(update_fields=["counts_persons"])
    data = yaml.safe_load(export_plan(plan))
    stated = {
        c["key"]: c.get("counts_persons")
        for focus in data["focus_areas"]
        for activity in focus.get("activities", [])
        for c in activity.get("success_criteria", [])
    }
    kinds = dict(SuccessCriterion.objects.filter(plan=plan).values_list("key", "kind"))
    for key, value in stated.items():
        if kinds[key] == "count":
            assert value in (True, False), key
        else:
            assert value is None, key  # unique participants always count persons
    assert stated["hotspot-gruppeforloeb-antal"] is True
    assert stated["branding-aktivitetsomslag"] is False

    copy = export_plan(plan).replace(f"slug: {plan.slug}", "slug: kopi", 1)
    loaded = dict(load_plan(text=copy).success_criteria.values_list("key", "counts_persons"))
    assert loaded == dict(plan.success_criteria.values_list("key", "counts_persons"))

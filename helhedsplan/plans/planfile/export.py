"""Exporting a plan as a plan file: each part's fields read from the columns that
plans/planfile/fields.py names for them, in the order of the plan file's schema."""

import json

import yaml

from helhedsplan.core.formats import plain_number
from helhedsplan.plans import models as m
from helhedsplan.plans.planfile import fields as F
from helhedsplan.plans.planfile.schema import BY_PART
from helhedsplan.plans.planfile.vocabulary import (
    AREA,
    NUMBER,
    ORGANISATION,
    PLAN_REF,
    SUB_ACTIVITY,
    Part,
)


def _clean(mapping: dict) -> dict:
    """Leave out what is empty, so the exported file carries only what the plan says."""
    return {k: v for k, v in mapping.items() if v not in (None, "", [], {})}


def _names(part: Part):
    """The part's names in the plan file, in the schema's order."""
    return [info.alias or name for name, info in BY_PART[part.code].model_fields.items()]


def _stored(field, obj, org_key: dict):
    owner, _, column = field.attr.rpartition(".")
    holder = getattr(obj, owner) if owner else obj
    if field.widget == ORGANISATION:
        return org_key.get(getattr(holder, f"{column}_id"))
    if field.widget in (AREA, SUB_ACTIVITY, PLAN_REF):
        related = getattr(holder, column)
        return (
            None if related is None else (related.slug if field.widget == PLAN_REF else related.key)
        )
    value = getattr(holder, column)
    return plain_number(value) if field.widget == NUMBER and value is not None else value


def part_data(part: Part, obj, org_key: dict, **given) -> dict:
    """A part of the plan as the file writes it; `given` holds its lists of parts and what the
    file writes otherwise than the column holds it."""
    data = {}
    for name in _names(part):
        field = part.field(name)
        if name in given:
            data[name] = given[name]
        elif name == "key" and part.keyed:
            data[name] = obj.key
        elif field is not None:
            data[name] = _stored(field, obj, org_key)
        else:  # a nested value: budget: {lbf, local}
            inside = [f for f in part.fields if f.name.startswith(f"{name}.")]
            nested = {f.name.split(".", 1)[1]: _stored(f, obj, org_key) for f in inside}
            data[name] = _clean(nested) or None
    return _clean(data)


def _section(part: Part, item: dict) -> dict:
    """A part kept as the file wrote it (plain data), in canonical order, empty parts left out."""
    data = {}
    for name in _names(part):
        if name in part.children:
            data[name] = [_section(F.BY_LIST[name], x) for x in item.get(name) or []]
        else:
            data[name] = item.get(name)
    return _clean(data)


def preparedness_data(section: dict) -> dict:
    """The plan file's `preparedness` section in canonical key order, empty parts left out: the
    shape it is stored in on the plan and exported in."""
    return _section(F.PREPAREDNESS_PART, section)


def plan_as_data(plan: m.Plan) -> dict:
    """The plan as plain data in the plan file's shape and key order."""
    org_key = {o.pk: o.key for o in plan.organisations.all()}
    focus_areas = plan.focus_areas.select_related("sub_agreement").prefetch_related(
        "sub_agreement__parties",
        "local_measures__figures",
        "activities__sub_activities",
        "activities__success_criteria__sub_activity",
    )
    return part_data(
        F.PLAN,
        plan,
        org_key,
        format=1,
        organisations=[
            part_data(F.ORGANISATION_PART, o, org_key) for o in plan.organisations.all()
        ],
        areas=[
            part_data(
                F.AREA_PART,
                a,
                org_key,
                coverage=[part_data(F.COVERAGE_PART, r, org_key) for r in a.coverage.all()],
            )
            for a in plan.areas.prefetch_related("coverage")
        ],
        departments=[
            part_data(F.DEPARTMENT_PART, d, org_key)
            for d in plan.departments.select_related("area")
        ],
        overall_goals=[part_data(F.GOAL_PART, g, org_key) for g in plan.overall_goals.all()],
        focus_areas=[_focus_area_data(f, org_key) for f in focus_areas],
        bodies=[
            part_data(
                F.BODY_PART,
                b,
                org_key,
                members=[part_data(F.MEMBER_PART, x, org_key) for x in b.members.all()],
            )
            for b in plan.bodies.prefetch_related("members")
        ],
        preparedness=preparedness_data(plan.preparedness or {}),
    )


def _focus_area_data(f: m.FocusArea, org_key: dict) -> dict:
    agreement = f.sub_agreement
    valid = None
    if agreement.valid_from and agreement.valid_to:
        valid = {"start": agreement.valid_from, "end": agreement.valid_to}
    return part_data(
        F.FOCUS_AREA_PART,
        f,
        org_key,
        valid=valid,
        parties=[part_data(F.PARTY_PART, x, org_key) for x in agreement.parties.all()],
        local_measures=[_measure_data(lm, org_key) for lm in f.local_measures.all()],
        activities=[_activity_data(a, org_key) for a in f.activities.all()],
    )


def _measure_data(lm: m.LocalMeasure, org_key: dict) -> dict:
    figures = list(lm.figures.all())
    return part_data(
        F.MEASURE_PART,
        lm,
        org_key,
        **{
            list_name: [
                part_data(F.BY_LIST[list_name], x, org_key) for x in figures if x.role == role
            ]
            for list_name, role in (
                ("baselines", m.MeasureFigure.Role.BASELINE),
                ("comparisons", m.MeasureFigure.Role.COMPARISON),
            )
        },
    )


def _activity_data(a: m.Activity, org_key: dict) -> dict:
    return part_data(
        F.ACTIVITY_PART,
        a,
        org_key,
        sub_activities=[part_data(F.SUB_ACTIVITY_PART, s, org_key) for s in a.sub_activities.all()],
        success_criteria=[
            part_data(
                F.CRITERION_PART,
                c,
                org_key,
                # Only the exception is written: increase is the default.
                direction=c.direction if c.direction != "increase" else None,
                # A plain bool is never left out by _clean (False is not "empty").
                counts_persons=c.counts_persons if c.kind == "count" else None,
            )
            for c in a.success_criteria.all()
        ],
    )


class _PurePlanDumper(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:
        # A value used twice (the same date, say) is written out twice: the plan-file reader
        # refuses anchors and aliases (& and *), which are the stuff of "billion laughs" bombs.
        return True


# libyaml's emitter writes the same text about nine times faster (9 ms against 87 ms for the
# Randers plan; every save in the plan editor writes the file): used where PyYAML has it.
# plans/tests/test_plan_dumper.py checks that both write the same text.
class _PlanDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    ignore_aliases = _PurePlanDumper.ignore_aliases


def _represent_str(dumper, value: str):
    # Multi-line text reads best as a literal block, as a person would write it.
    if "\n" in value and not any(line != line.rstrip() for line in value.split("\n")):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_PurePlanDumper.add_representer(str, _represent_str)
_PlanDumper.add_representer(str, _represent_str)


def export_plan(plan: m.Plan, *, fmt: str = "yaml") -> str:
    data = plan_as_data(plan)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    return dump_plan_data(data)


def dump_plan_data(data: dict, *, dumper=_PlanDumper) -> str:
    """Plan data (the shape of plan_as_data) as a plan file in YAML."""
    text = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100, indent=2)
    # After a text block that keeps its final line breaks ("|+") libyaml ends the document with
    # "...", PyYAML's own emitter does not; the file is one document either way.
    return text.removesuffix("\n...\n") + "\n" if text.endswith("\n...\n") else text

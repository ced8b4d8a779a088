"""Every field of the plan file is described once (plans/planfile/fields.py), and the schema, the
models, the editor, the load, the export and the change wording all read that description."""

import copy
import dataclasses
import typing

import yaml
from pydantic import BaseModel

from helhedsplan.governance.changes import describe_changes
from helhedsplan.planning import parts as editor
from helhedsplan.plans import models as m
from helhedsplan.plans.planfile import fields as F
from helhedsplan.plans.planfile import schema
from helhedsplan.plans.planfile.load import columns
from helhedsplan.plans.planfile.schema import BY_PART
from helhedsplan.plans.planfile.vocabulary import NUMBER, REFERENCES, Field
from helhedsplan.plans.services import export_plan

# Where each part's columns are (a focus area's "sub_agreement." ones on its SubAgreement). The
# beredskabsplan's parts are kept as the file writes them, in Plan.preparedness.
MODELS = {
    "plan": m.Plan,
    "organisation": m.Organisation,
    "area": m.Area,
    "coverage": m.CoverageRule,
    "department": m.Department,
    "overall_goal": m.OverallGoal,
    "focus_area": m.FocusArea,
    "party": m.SubAgreementParty,
    "local_measure": m.LocalMeasure,
    "baseline": m.MeasureFigure,
    "comparison": m.MeasureFigure,
    "activity": m.Activity,
    "sub_activity": m.SubActivity,
    "success_criterion": m.SuccessCriterion,
    "body": m.Body,
    "member": m.Membership,
}
KEPT_AS_WRITTEN = {"preparedness", "press_contact", "resource"}


def _nested_model(info) -> type[BaseModel] | None:
    candidates = [info.annotation, *typing.get_args(info.annotation)]
    return next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)


def _schema_names(part) -> list[str]:
    """Every value of the part's schema that is not a part of its own: "name", "budget.lbf"."""
    names = []
    for name, info in BY_PART[part.code].model_fields.items():
        name = info.alias or name
        nested = _nested_model(info)
        if name in part.children or (name == "key" and part.keyed):
            continue
        if nested is not None:
            names += [f"{name}.{i.alias or n}" for n, i in nested.model_fields.items()]
        else:
            names.append(name)
    return names


def test_every_part_of_the_schema_is_described():
    assert set(BY_PART) == set(F.BY_CODE)
    for part in F.PARTS:
        for list_name in part.children:
            assert list_name in BY_PART[part.code].model_fields, f"{part.code}.{list_name}"
            assert list_name in F.BY_LIST, f"{part.code}.{list_name}"


def test_every_field_of_the_schema_has_a_label_and_a_part_of_the_editor():
    for part in F.PARTS:
        described = [field.name for field in part.fields]
        for name in _schema_names(part):
            field = part.field(name)
            assert field is not None and field.text.strip(), f"{part.code}.{name} has no label"
        assert sorted(described) == sorted(_schema_names(part)), part.code
        if part.not_in_editor:
            assert part.code not in editor.BY_CODE
            continue
        kind = editor.BY_CODE.get(part.code)
        assert kind is not None, f"the editor has no part {part.code}"
        shown = {field.name for field in kind.fields}
        for field in part.fields:
            assert (field.name in shown) == field.editable, f"{part.code}.{field.name}"


def test_the_schema_is_built_from_the_fields():
    for part in F.PARTS:
        model = BY_PART[part.code]
        names = [info.alias or name for name, info in model.model_fields.items()]
        assert names == list(part.layout()), part.code
        for field in part.fields:
            info = model.model_fields.get(field.name) or next(
                (i for i in model.model_fields.values() if i.alias == field.name), None
            )
            if info is None:  # a nested value: budget.lbf in Money
                continue
            assert info.is_required() == field.required, f"{part.code}.{field.name}"
            assert (info.title, info.description) == (field.label, field.help or None)


def test_a_field_added_to_the_fields_is_in_the_schema_the_editor_and_the_wording():
    """What adding a field is: one line in plans/planfile/fields.py (and its column)."""
    added = Field("volunteer_hours", "Frivillige timer pr. uge", NUMBER, unit="timer")
    part = dataclasses.replace(F.FOCUS_AREA_PART, fields=(*F.FOCUS_AREA_PART.fields, added))
    model = schema._model(part, dict(BY_PART))
    info = model.model_fields["volunteer_hours"]
    assert not info.is_required() and info.title == "Frivillige timer pr. uge (timer)"
    assert model.model_validate({**_focus_area(), "volunteer_hours": 3}).volunteer_hours == 3
    kind = editor._kind(part)
    assert kind.field("volunteer_hours").label == "Frivillige timer pr. uge (timer)"
    assert kind.field("volunteer_hours").widget == NUMBER


def _focus_area() -> dict:
    return {"key": "a", "number": 1, "name": "A", "budget": {"lbf": 1, "local": 2}}


def test_the_editor_shows_the_fields_own_words():
    field = editor.BY_CODE["focus_area"].field("staff_hours_per_week")
    assert field.label == "Medarbejdertimer pr. uge"
    assert (
        editor.BY_CODE["focus_area"].field("budget.lbf").label == "Budget, Landsbyggefonden (kr.)"
    )
    assert editor.BY_CODE["local_measure"].label == "lokalt opstillet måling"
    assert editor.BY_CODE["local_measure"].plural == "Lokalt opstillede målinger"
    assert dict(editor.CRITERION_KIND.field("per").choices) == {
        value: label[:1].upper() + label[1:] for value, label in m.SuccessCriterion.Per.choices
    }


def test_the_models_verbose_names_and_help_texts_are_the_fields_words():
    # A figure is a baseline or a comparison: the model has the baseline's words for both.
    shared = {f.attr for f in F.BASELINE_PART.fields}
    for code, model in MODELS.items():
        for field in F.BY_CODE[code].fields:
            if not field.stored or (code == "comparison" and field.attr in shared):
                continue
            owner, _, column = field.attr.rpartition(".")
            holder = m.SubAgreement if owner == "sub_agreement" else model
            db_field = holder._meta.get_field(column)
            assert db_field.verbose_name == field.label, f"{code}.{field.name}"
            assert db_field.help_text == field.help, f"{code}.{field.name}"
            if field.choices and code != "success_criterion":
                assert list(db_field.choices) == list(field.choices), f"{code}.{field.name}"
    assert m.LocalMeasure._meta.verbose_name == F.MEASURE_PART.label


def _walk(part, item: dict):
    yield part, item
    for name in part.children:
        child = F.BY_LIST[name]
        value = item.get(name)
        for x in value if isinstance(value, list) else [value] if value else []:
            yield from _walk(child, x)


def test_the_export_writes_only_what_the_fields_define_and_the_load_reads_every_column(plan):
    data = yaml.safe_load(export_plan(plan))
    seen = set()
    for part, item in _walk(F.PLAN, data):
        seen.add(part.code)
        names = {field.name.split(".")[0] for field in part.fields}
        allowed = names | set(part.children) | ({"key"} if part.keyed else set())
        assert set(item) <= allowed, (part.code, set(item) - allowed)
        if part.code in MODELS:
            stored = {f.attr for f in part.fields if f.stored and "." not in f.attr}
            loaded = set(columns(part, item, {widget: {} for widget in REFERENCES}))
            assert loaded == stored, part.code
    assert seen == set(F.BY_CODE)


def test_the_change_wording_reads_the_fields_words_and_choices(plan):
    old = yaml.safe_load(export_plan(plan))
    new = copy.deepcopy(old)
    new["focus_areas"][0]["staff_hours_per_week"] = 33.5
    criterion = new["focus_areas"][0]["activities"][0]["success_criteria"][0]
    criterion["per"] = "year" if criterion.get("per") == "period" else "period"
    part = F.FOCUS_AREA_PART
    renamed = tuple(
        dataclasses.replace(f, text="Timer om ugen") if f.name == "staff_hours_per_week" else f
        for f in part.fields
    )
    kept = part.fields
    object.__setattr__(part, "fields", renamed)  # a frozen dataclass, changed for this test only
    try:
        texts = [change.text for change in describe_changes(old, new)]
    finally:
        object.__setattr__(part, "fields", kept)
    assert any(text.endswith(": timer om ugen ændret fra 25 til 33,5") for text in texts), texts
    words = dict(m.SuccessCriterion.Per.choices)
    assert any(
        f"målet gælder ændret fra {words[old_per]} til {words[criterion['per']]}" in text
        for text in texts
        for old_per in ("year", "period")
    ), texts

"""The plan file's shape (format 1), as pydantic models. docs/plan-file.md describes it.

The models are built from plans/planfile/fields.py, where every field of the file is described
once: its name, whether the file must give it, its default, its type (from its widget, unless the
field names another), its choices, and its Danish title and description (the label and help text).
The value types (keys, figures, dates, a budget, a date range, a target) are plans/planfile/types.py.
"""

from typing import Literal

from pydantic import Field as Info
from pydantic import create_model

from helhedsplan.plans.planfile import fields as plan_fields
from helhedsplan.plans.planfile.types import (
    KEY_PATTERN,
    DateRange,
    Key,
    Money,
    Node,
    Number,
    PlanDate,
    PositiveInt,
    RegisterSourceIn,
    TargetIn,
    Text,
)
from helhedsplan.plans.planfile.vocabulary import (
    AREA,
    CHOICE,
    DATE,
    INTEGER,
    LINES,
    NUMBER,
    ORGANISATION,
    PLAN_REF,
    SUB_ACTIVITY,
    TEXT,
    TEXTAREA,
    YES_NO,
    Field,
    Part,
)

__all__ = ["BY_PART", "KEY_PATTERN", "PlanIn"]

_WIDGET_TYPES = {
    TEXT: str,
    TEXTAREA: str,
    LINES: list[Text],
    NUMBER: Number,
    INTEGER: PositiveInt,
    DATE: PlanDate,
    YES_NO: bool,
    ORGANISATION: Key,
    AREA: Key,
    SUB_ACTIVITY: Key,
    PLAN_REF: Key,
}
# The values nested in a part (`budget: {lbf, local}`), by their name in the file.
_NESTED = {
    "budget": Money,
    "period": DateRange,
    "valid": DateRange,
    "target": TargetIn,
    "register_series": RegisterSourceIn,
}
# The models' names (the JSON schema's), by part: OrganisationIn, FocusAreaIn …
_NAMES = {"baseline": "FigureIn"}


def _type(field: Field):
    if field.type is not None:
        return field.type
    if field.widget == CHOICE:
        return Literal[tuple(value for value, _label in field.choices)]
    if field.required and field.widget in (TEXT, TEXTAREA):
        return Text
    return _WIDGET_TYPES[field.widget]


def _python_name(field: Field) -> str:
    # A field kept in a column of another name is called so, and read by its name in the file
    # (from_number and to_number, as `from` is not a Python name).
    if field.stored and field.column and "." not in field.column + field.name:
        return field.column
    return field.name


def _definition(field: Field):
    """(annotation, FieldInfo) of one field, its Danish title and description with it."""
    words = {"title": field.label, "description": field.help or None}
    if _python_name(field) != field.name:
        words["alias"] = field.name
    kind = _type(field)
    if field.required:
        return kind, Info(..., **words)
    if field.widget == LINES:
        return kind, Info([], **words)
    if field.default is not None:
        return kind, Info(field.default, **words)
    return kind | None, Info(None, **words)


def _model(part: Part, built: dict[str, type[Node]]) -> type[Node]:
    definitions = {}
    for name in part.layout():
        field = part.field(name)
        if name == "key":
            definitions["key"] = (Key, ...)
        elif name in part.children:
            child = plan_fields.BY_LIST[name]
            model = built[child.code]
            definitions[name] = (model | None, None) if child.one else (list[model], [])
        elif field is not None:
            definitions[_python_name(field)] = _definition(field)
        else:
            first = next(f for f in part.fields if f.name.startswith(f"{name}."))
            nested = _NESTED[name]
            definitions[name] = (nested, ...) if first.required else (nested | None, None)
    name = _NAMES.get(part.code) or "".join(w.title() for w in part.code.split("_")) + "In"
    return create_model(name, __base__=Node, **definitions)


def _build() -> dict[str, type[Node]]:
    """Every part's model, the parts inside a part before it."""
    built: dict[str, type[Node]] = {}

    def build(part: Part) -> None:
        for name in part.children:
            build(plan_fields.BY_LIST[name])
        built.setdefault(part.code, _model(part, built))

    build(plan_fields.PLAN)
    return {part.code: built[part.code] for part in plan_fields.PARTS}


# The model of each part of the plan file, by the part's code (plans/planfile/fields.py).
BY_PART: dict[str, type[Node]] = _build()
PlanIn = BY_PART["plan"]

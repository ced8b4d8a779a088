"""The parts of a plan that the secretariat edits in forms: the plan file's own parts.

A part is one object of the plan file: the plan itself, an organisation, an area, one coverage
rule of an area, a focus area, an activity, a success criterion and so on. What each part and
field is called, its help text and widget are written once, in plans/planfile/fields.py; here
they become the editor's kinds, with the plan file's schema beside them. The rules that decide
what a valid value is are NOT here: they are the plan file's own (plans.planfile), and the
editor only asks them.
"""

import dataclasses
import typing
from dataclasses import dataclass

from pydantic import BaseModel

from helhedsplan.plans.planfile import fields as plan_fields
from helhedsplan.plans.planfile import schema
from helhedsplan.plans.planfile.vocabulary import (
    AREA,
    CHOICE,
    DATE,
    INTEGER,
    KEY_HELP,
    KRONER_HELP,
    LINES,
    NOTE_HELP,
    NUMBER,
    NUMBER_HELP,
    ORGANISATION,
    SUB_ACTIVITY,
    TEXT,
    TEXTAREA,
    YES_NO,
    Field,
    Part,
)

__all__ = [
    "AREA",
    "CHOICE",
    "DATE",
    "INTEGER",
    "KEY_HELP",
    "KRONER_HELP",
    "LINES",
    "NOTE_HELP",
    "NUMBER",
    "NUMBER_HELP",
    "ORGANISATION",
    "SUB_ACTIVITY",
    "TEXT",
    "TEXTAREA",
    "YES_NO",
    "Field",
]


@dataclass(frozen=True)
class PartKind(Part):
    """A part of the plan file as the editor has it: its editable fields, and the schema that
    says which of them are required and what they default to."""

    schema: type[BaseModel] | None = None

    def _schema_fields(self, name: str):
        """The plan file schema's field info for each step of a dotted field name."""
        model, infos = self.schema, []
        for part in name.split("."):
            fields = model.model_fields if model else {}
            info = next((f for key, f in fields.items() if part in (key, f.alias)), None)
            if info is None:
                return [*infos, None]
            infos.append(info)
            # `DateRange | None` holds a model too.
            candidates = [info.annotation, *typing.get_args(info.annotation)]
            model = next(
                (c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None
            )
        return infos

    def is_required(self, name: str) -> bool:
        """Whether the plan file requires the field: read from the plan file's own schema."""
        infos = self._schema_fields(name)
        return all(info is not None and info.is_required() for info in infos)

    def default(self, name: str):
        """The value the plan file assumes when the field is left out (None if none)."""
        info = self._schema_fields(name)[-1]
        if info is None or info.is_required() or info.default in (None, [], {}):
            return None
        return info.default


def _capitalised(field: Field) -> Field:
    # A choice reads as a menu item: "Skal stige", not "skal stige".
    choices = tuple((value, label[:1].upper() + label[1:]) for value, label in field.choices)
    return dataclasses.replace(field, choices=choices)


def _kind(part: Part) -> PartKind:
    values = {f.name: getattr(part, f.name) for f in dataclasses.fields(Part)}
    values["fields"] = tuple(_capitalised(f) for f in part.fields if f.editable)
    values["children"] = tuple(
        name for name in part.children if not plan_fields.BY_LIST[name].not_in_editor
    )
    return PartKind(**values, schema=schema.BY_PART[part.code])


KINDS: tuple[PartKind, ...] = tuple(
    _kind(part) for part in plan_fields.PARTS if not part.not_in_editor
)
# Every list of parts has its own name in the plan file, so the name tells the kind.
BY_LIST: dict[str, PartKind] = {kind.list_name: kind for kind in KINDS if kind.list_name}
BY_CODE: dict[str, PartKind] = {kind.code: kind for kind in KINDS}

PLAN = BY_CODE["plan"]
CRITERION_KIND = BY_CODE["success_criterion"]

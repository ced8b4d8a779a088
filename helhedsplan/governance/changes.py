"""What a change to the plan file changes, in words, and which agreement it touches.

Two plans as plain data (plans.services.plan_as_data, or a parsed plan file) are compared item
by item: lists of things with a `key` are matched by key, so a moved or renamed item is one
change, not a removal and an addition. Every difference becomes one Danish sentence such as
"Succeskriterium «hotspot-kontakt» (HotSpot Nordbyen): mål ændret fra 80 til 60". What each
part and field is called, and a choice's words, are the plan file's own (plans/planfile/fields.py).
"""

from dataclasses import dataclass

from helhedsplan.core.formats import value_words
from helhedsplan.plans.planfile.fields import BY_LIST, PLAN
from helhedsplan.plans.planfile.vocabulary import Field, Part

STRATEGIC, SUB_AGREEMENT, KOMMISSORIUM = "strategic", "sub_agreement", "kommissorium"
DOCUMENT_LABELS = {
    STRATEGIC: "Den strategiske samarbejdsaftale",
    SUB_AGREEMENT: "Delaftale",
    KOMMISSORIUM: "Kommissorium for bestyrelse og styregruppe",
}


@dataclass(frozen=True)
class Change:
    document: str  # STRATEGIC, SUB_AGREEMENT or KOMMISSORIUM
    focus_area: str  # the focus area's key for a sub-agreement, else ""
    text: str

    def as_json(self) -> dict:
        return {"document": self.document, "focus_area": self.focus_area, "text": self.text}


def _value(value, field: Field | None) -> str:
    if isinstance(value, list) and value:
        return f"{len(value)} punkter"
    if isinstance(value, dict):
        return "(ændret)"
    labels = dict(field.choices) if field else None
    # Plan data holds its numbers and dates as such: a text is a text ("2014" is a period).
    return value_words(value, labels=labels, as_text=True, limit=80)


def _label(list_name: str, item: dict) -> str:
    part = BY_LIST.get(list_name)
    name = part.label_cap if part else list_name
    title = item.get("name") or item.get("text") or ""
    title = " ".join(str(title).split())
    short = f" ({title[:60]}…)" if len(title) > 60 else (f" ({title})" if title else "")
    return f"{name} «{item['key']}»{short}"


def _keyed(items) -> bool:
    return (
        isinstance(items, list) and items and all(isinstance(x, dict) and "key" in x for x in items)
    )


def _field_words(part: Part, names: list[str]) -> tuple[str, Field | None]:
    """What the field at `names` inside a part is called ("budget, Landsbyggefonden"), and the
    field; a list or section of parts inside it by its name ("medlemmer")."""
    field = part.field(".".join(names))
    if field is not None:
        return field.text, field
    child = BY_LIST.get(names[0]) if names[0] in part.children else None
    if child is None:
        return ", ".join(names), None
    if len(names) == 1:
        return child.plural, None
    words, field = _field_words(child, names[1:])
    return f"{child.plural}, {words[:1].lower()}{words[1:]}", field


def _compare(old, new, where: list[str], out: list[str], part: Part) -> None:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for name in [*old.keys(), *(k for k in new if k not in old)]:
            if name == "key":
                continue
            _compare(old.get(name), new.get(name), [*where, name], out, part)
        return
    list_name = where[-1] if where else ""
    if _keyed(old) or _keyed(new):
        before = {x["key"]: x for x in old or []}
        after = {x["key"]: x for x in new or []}
        context = where[:-1]
        for key, item in after.items():
            if key not in before:
                out.append(f"{_prefix(context)}{_label(list_name, item)} tilføjet")
        for key, item in before.items():
            if key not in after:
                out.append(f"{_prefix(context)}{_label(list_name, item)} fjernet")
            else:
                inner = BY_LIST.get(list_name, part)
                _compare(item, after[key], [*context, _label(list_name, item)], out, inner)
        return
    # The item is the last labelled part of the path ("Succeskriterium «x» (…)"); the field is
    # the plain names after it ("budget, Landsbyggefonden").
    labelled = [i for i, step in enumerate(where) if " " in step]
    start = labelled[-1] + 1 if labelled else 0
    words, field = _field_words(part, where[start:])
    words = (words[:1].lower() if labelled else words[:1].upper()) + words[1:]
    prefix = f"{where[labelled[-1]]}: " if labelled else ""
    out.append(f"{prefix}{words} ændret fra {_value(old, field)} til {_value(new, field)}")


def _prefix(context: list[str]) -> str:
    named = [part for part in context if " " in part]
    return f"{named[-1]}: " if named else ""


def describe_changes(old: dict, new: dict) -> list[Change]:
    """Every difference between two plans, in words, with the agreement it belongs to."""
    changes: list[Change] = []
    for name in [*old.keys(), *(k for k in new if k not in old)]:
        if name in {"format", "slug"}:
            continue
        if name == "focus_areas":
            before = {f["key"]: f for f in old.get(name) or []}
            after = {f["key"]: f for f in new.get(name) or []}
            for key in [*before, *(k for k in after if k not in before)]:
                texts: list[str] = []
                if key not in after:
                    texts.append(f"{_label(name, before[key])} fjernet")
                elif key not in before:
                    texts.append(f"{_label(name, after[key])} tilføjet")
                else:
                    label = [_label(name, before[key])]
                    _compare(before[key], after[key], label, texts, BY_LIST[name])
                changes += [Change(SUB_AGREEMENT, key, text) for text in texts]
            continue
        texts = []
        _compare(old.get(name), new.get(name), [name], texts, PLAN)
        document = KOMMISSORIUM if name == "bodies" else STRATEGIC
        changes += [Change(document, "", text) for text in texts]
    return changes

"""What a change to the plan file changes, in words, and which agreement it touches.

Two plans as plain data (plans.services.plan_as_data, or a parsed plan file) are compared item
by item: lists of things with a `key` are matched by key, so a moved or renamed item is one
change, not a removal and an addition. Every difference becomes one Danish sentence such as
"Succeskriterium «hotspot-kontakt» (HotSpot Nordbyen): mål ændret fra 80 til 60".
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

STRATEGIC, SUB_AGREEMENT, KOMMISSORIUM = "strategic", "sub_agreement", "kommissorium"
DOCUMENT_LABELS = {
    STRATEGIC: "Den strategiske samarbejdsaftale",
    SUB_AGREEMENT: "Delaftale",
    KOMMISSORIUM: "Kommissorium for bestyrelse og styregruppe",
}
# What each kind of keyed item is called, by the list it sits in.
ITEM_NAMES = {
    "focus_areas": "Indsatsområde",
    "activities": "Aktivitet",
    "sub_activities": "Delaktivitet",
    "success_criteria": "Succeskriterium",
    "local_measures": "Lokal måling",
    "bodies": "Organ",
    "organisations": "Organisation",
    "areas": "Boligområde",
    "overall_goals": "Overordnet mål",
}
FIELD_NAMES = {
    "target": "mål",
    "target_max": "mål, øvre grænse",
    "period_target": "mål for hele perioden",
    "per": "målet gælder",
    "unit": "enhed",
    "text": "tekst",
    "name": "navn",
    "kind": "type",
    "combine": "sammentælling",
    "direction": "retning",
    "lbf": "Landsbyggefonden",
    "success_criteria": "succeskriterier",
    "local": "lokal medfinansiering",
    "budget": "budget",
    "staff_hours_per_week": "medarbejdertimer pr. uge",
    "meets_per_year": "møder pr. år",
    "meeting_rule": "mødefrekvens",
    "members": "medlemmer",
    "purpose": "formål",
    "description": "indhold og praksis",
    "responsible": "ansvarlig",
    "data_source": "datakilde",
    "value": "værdi",
    "year": "år",
    "note": "note",
    "start": "start",
    "end": "slut",
    "vision": "vision",
    "residents": "beboere",
    "tenancies": "lejemål",
}
PER_WORDS = {"year": "pr. planår", "period": "i hele perioden"}


@dataclass(frozen=True)
class Change:
    document: str  # STRATEGIC, SUB_AGREEMENT or KOMMISSORIUM
    focus_area: str  # the focus area's key for a sub-agreement, else ""
    text: str

    def as_json(self) -> dict:
        return {"document": self.document, "focus_area": self.focus_area, "text": self.text}


def _value(value) -> str:
    if value is None or value == "" or value == []:
        return "(intet)"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float | Decimal):
        text = f"{value}".replace(".", ",")
        return text[:-2] if text.endswith(",0") else text
    if isinstance(value, datetime.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, list | dict):
        return f"{len(value)} punkter" if isinstance(value, list) else "(ændret)"
    text = " ".join(str(value).split())
    if text in PER_WORDS:
        return PER_WORDS[text]
    return f"«{text[:77]}…»" if len(text) > 80 else f"«{text}»"


def _label(list_name: str, item: dict) -> str:
    name = ITEM_NAMES.get(list_name, list_name)
    title = item.get("name") or item.get("text") or ""
    title = " ".join(str(title).split())
    short = f" ({title[:60]}…)" if len(title) > 60 else (f" ({title})" if title else "")
    return f"{name} «{item['key']}»{short}"


def _keyed(items) -> bool:
    return (
        isinstance(items, list) and items and all(isinstance(x, dict) and "key" in x for x in items)
    )


def _compare(old, new, where: list[str], out: list[str]) -> None:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for name in [*old.keys(), *(k for k in new if k not in old)]:
            if name == "key":
                continue
            _compare(old.get(name), new.get(name), [*where, name], out)
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
                _compare(item, after[key], [*context, _label(list_name, item)], out)
        return
    # The item is the last labelled part of the path ("Succeskriterium «x» (…)"); the field is
    # the plain names after it ("budget, Landsbyggefonden").
    labelled = [i for i, part in enumerate(where) if " " in part]
    start = labelled[-1] + 1 if labelled else 0
    field = ", ".join(FIELD_NAMES.get(part, part) for part in where[start:])
    field = field[:1].upper() + field[1:] if not labelled else field
    prefix = f"{where[labelled[-1]]}: " if labelled else ""
    out.append(f"{prefix}{field} ændret fra {_value(old)} til {_value(new)}")


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
                    _compare(before[key], after[key], [_label(name, before[key])], texts)
                changes += [Change(SUB_AGREEMENT, key, text) for text in texts]
            continue
        texts = []
        _compare(old.get(name), new.get(name), [name], texts)
        document = KOMMISSORIUM if name == "bodies" else STRATEGIC
        changes += [Change(document, "", text) for text in texts]
    return changes

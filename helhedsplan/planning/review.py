"""Texts to read again («Skal gennemses»): which fields of a successor plan were copied from the
plan before, and which marks still hold (a mark holds while its field keeps the marked value).

The plan file is not touched: the marks are kept beside it (planning.models.ReviewMark)."""

import json

from helhedsplan.planning import editing as e
from helhedsplan.planning.models import ReviewMark
from helhedsplan.planning.parts import BY_LIST, LINES, PLAN, TEXTAREA, PartKind

# The texts a successor copies that speak of the old plan: its prose (the vision, forewords,
# purposes, descriptions, criteria), not names, keys, units, other names of an area, or the notes
# on the printed source.
COPIED_WIDGETS = {TEXTAREA, LINES}
COPIED_FIELDS = {"vision"}
NOT_COPIED = {"aliases"}


def _copied_field(field) -> bool:
    if field.name in NOT_COPIED or field.name.split(".")[-1] == "note":
        return False
    return field.widget in COPIED_WIDGETS or field.name in COPIED_FIELDS


def _years(data: dict) -> list[int]:
    period = data.get("period") or {}
    start, end = period.get("start"), period.get("end")
    if not (hasattr(start, "year") and hasattr(end, "year")):
        return []
    return list(range(start.year, end.year + 1))


def _names_years(value, years: list[int]) -> list[int]:
    text = json.dumps(value, default=str, ensure_ascii=False)
    return [year for year in years if str(year) in text]


def _value(value) -> str:
    return json.dumps(e.normalised(value), sort_keys=True, ensure_ascii=False)


def _parts(data: dict):
    """Every part of the plan data as (url path, kind, item), the plan itself first."""

    def walk(kind: PartKind, item: dict, url_path: str):
        yield url_path, kind, item
        for list_name in kind.children:
            child = BY_LIST[list_name]
            for index, sub in enumerate(item.get(list_name) or []):
                if isinstance(sub, dict):
                    path = f"{url_path}/{list_name}/{e.item_ident(child, sub, index)}".strip("/")
                    yield from walk(child, sub, path)

    yield from walk(PLAN, data, "")


def copied_texts(old: dict, new: dict) -> list[tuple[str, str, object]]:
    """The prose fields of `new` that are word for word those of `old` at the same part:
    (url path, field name, value)."""
    before = {path: (kind, item) for path, kind, item in _parts(old)}
    found = []
    for path, kind, item in _parts(new):
        if path not in before or before[path][0] is not kind:
            continue
        old_item = before[path][1]
        for field in kind.fields:
            if not _copied_field(field):
                continue
            value = e.field_value(item, field.name)
            if value in (None, "", []):
                continue
            if e.normalised(value) == e.normalised(e.field_value(old_item, field.name)):
                found.append((path, field.name, value))
    return found


def mark_copied(source_data: dict, plan) -> int:
    """Mark the texts `plan` copied from `source_data` (the plan it continues)."""
    from helhedsplan.plans.services import plan_as_data

    source = source_data.get("name") or "forrige plan"
    years = _years(source_data)
    marks = []
    for path, name, value in copied_texts(source_data, plan_as_data(plan)):
        named = _names_years(value, years)
        marks.append(
            ReviewMark(
                plan=plan,
                part=path,
                field=name,
                reason=ReviewMark.Reason.COPIED,
                value=_value(value),
                note=f"Kopieret fra {source}"
                + (f"; nævner {', '.join(map(str, named))}." if named else "."),
            )
        )
    ReviewMark.objects.bulk_create(marks, ignore_conflicts=True)
    return len(marks)


def mark(plan, part: str, field: str, value, reason: str, note: str = "") -> None:
    ReviewMark.objects.update_or_create(
        plan=plan,
        part=part,
        field=field,
        defaults={"reason": reason, "value": _value(value), "note": note[:500]},
    )


def open_marks(plan, data: dict) -> dict[str, list[ReviewMark]]:
    """The marks that still hold, by part path: the part is there and the field has the marked
    value."""
    parts = {path: (kind, item) for path, kind, item in _parts(data)}
    found: dict[str, list[ReviewMark]] = {}
    for review in ReviewMark.objects.filter(plan=plan):
        if review.part not in parts:
            continue
        kind, item = parts[review.part]
        if kind.field(review.field) is None:
            continue
        if _value(e.field_value(item, review.field)) == review.value:
            review.label = kind.field(review.field).label
            found.setdefault(review.part, []).append(review)
    return found


def clear(plan, part: str, fields=None) -> int:
    """End the marks of a part (only of `fields`, when given)."""
    marks = ReviewMark.objects.filter(plan=plan, part=part)
    if fields is not None:
        marks = marks.filter(field__in=list(fields))
    return marks.delete()[0]


def clear_edited(plan, part: str, kind: PartKind, item: dict) -> None:
    """End the marks of the part's fields whose value is no longer the one marked."""
    for review in ReviewMark.objects.filter(plan=plan, part=part):
        if kind.field(review.field) is None or (
            _value(e.field_value(item, review.field)) != review.value
        ):
            review.delete()

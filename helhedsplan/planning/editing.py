"""Editing the plan as plain data: find a part by its path, put a form's values into it, tell
whether someone else changed it meanwhile, and tie the plan file's problems to form fields.

No database and no Django here: plain data (the shape of plans.services.plan_as_data) in, plain
data out. The views load the result with plans.services.load_plan, whose validator decides what
is valid.

Paths. A part is addressed in the URL by the keys of keyed lists and 1-based positions in lists
without keys: `focus_areas/tryghed-og-trivsel/activities/naboskab` or `areas/vangdalen/coverage/3`.
In the data the same part sits at `("focus_areas", 0, "activities", 2)` (list positions only).
"""

import copy
import json
import re
from dataclasses import dataclass

from helhedsplan.core import formats
from helhedsplan.planning.parts import BY_LIST, PLAN, PartKind

DataPath = tuple[str | int, ...]


class PartNotFound(LookupError):
    """The path names no part of the plan (any more)."""


@dataclass(frozen=True)
class PartRef:
    kind: PartKind
    url_path: str  # "" for the plan itself
    data_path: DataPath


@dataclass(frozen=True)
class ListRef:
    parent: PartRef
    kind: PartKind  # the kind of the list's items
    url_path: str  # the parent's path and the list name: "focus_areas/x/activities"

    @property
    def data_path(self) -> DataPath:
        return (*self.parent.data_path, self.kind.list_name)


def _segments(url_path: str) -> list[str]:
    return [segment for segment in (url_path or "").strip("/").split("/") if segment]


def _index(kind: PartKind, items: list, ident: str) -> int:
    if kind.keyed:
        for index, item in enumerate(items):
            if isinstance(item, dict) and item.get("key") == ident:
                return index
        raise PartNotFound(ident)
    if not ident.isdigit() or not 1 <= int(ident) <= len(items):
        raise PartNotFound(ident)
    return int(ident) - 1


def item_ident(kind: PartKind, item: dict, index: int) -> str:
    """How the part is named in a URL: its key, or its position counted from 1."""
    return str(item.get("key")) if kind.keyed else str(index + 1)


def resolve(data: dict, url_path: str) -> PartRef:
    """The part at `url_path`, or PartNotFound."""
    segments = _segments(url_path)
    if len(segments) % 2:
        raise PartNotFound(url_path)
    kind, node, data_path = PLAN, data, ()
    for list_name, ident in zip(segments[::2], segments[1::2], strict=True):
        if list_name not in kind.children:
            raise PartNotFound(url_path)
        child = BY_LIST[list_name]
        items = node.get(list_name) or []
        index = _index(child, items, ident)
        kind, node, data_path = child, items[index], (*data_path, list_name, index)
    return PartRef(kind, "/".join(segments), data_path)


def kind_of_path(url_path: str) -> PartKind | None:
    """The kind of part a path names, told from the path alone (also when the part is gone)."""
    segments = _segments(url_path)
    if not segments or len(segments) % 2:
        return None
    return BY_LIST.get(segments[-2])


def resolve_list(data: dict, url_path: str) -> ListRef:
    """The list at `url_path` (a part's path and one of its list names), or PartNotFound."""
    segments = _segments(url_path)
    if not segments:
        raise PartNotFound(url_path)
    parent = resolve(data, "/".join(segments[:-1]))
    if segments[-1] not in parent.kind.children:
        raise PartNotFound(url_path)
    return ListRef(parent, BY_LIST[segments[-1]], "/".join(segments))


def ancestors(data: dict, ref: PartRef) -> list[PartRef]:
    """The parts that hold `ref`, from the plan down, not `ref` itself."""
    segments = _segments(ref.url_path)
    return [resolve(data, "/".join(segments[:end])) for end in range(0, len(segments), 2)]


def get_at(data, path: DataPath):
    node = data
    for step in path:
        node = node[step]
    return node


def items_of(data: dict, ref: ListRef) -> list:
    return get_at(data, ref.parent.data_path).get(ref.kind.list_name) or []


# --- a part's own fields ----------------------------------------------------------------------


def field_value(item: dict, name: str):
    node = item
    for part in name.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _put(node: dict, parts: list[str], value) -> None:
    head, rest = parts[0], parts[1:]
    if not rest:
        if value is None:
            node.pop(head, None)
        else:
            node[head] = value
        return
    child = node.get(head)
    if not isinstance(child, dict):
        if value is None:
            return
        child = node[head] = {}
    _put(child, rest, value)
    if not child:
        # `target: {}` says nothing: an emptied group is left out like an empty field.
        node.pop(head)


def put_field(item: dict, name: str, value) -> None:
    """Set the (dotted) field in place; None leaves the key out of the file."""
    _put(item, name.split("."), value)


def own_values(kind: PartKind, item: dict) -> dict:
    """The values the part's form edits, by field name: what is compared for a conflict. The
    lists of parts inside it are their own parts, so a change there is no conflict here."""
    values = {field.name: field_value(item, field.name) for field in kind.fields}
    if kind.keyed:
        values["key"] = item.get("key")
    return normalised(values)


def normalised(value):
    """Plain JSON values (dates as ISO text), so data read now compares equal to data read
    before and carried through a form."""
    return json.loads(json.dumps(value, default=str, sort_keys=True))


def apply_values(item: dict, values: dict) -> dict:
    """A copy of `item` with the form's values put in; keys the form does not show are kept."""
    result = copy.deepcopy(item)
    for name, value in values.items():
        put_field(result, name, value)
    return result


def replace_part(data: dict, path: DataPath, item: dict) -> dict:
    result = copy.deepcopy(data)
    if not path:
        return copy.deepcopy(item)
    get_at(result, path[:-1])[path[-1]] = copy.deepcopy(item)
    return result


def add_part(data: dict, ref: ListRef, item: dict) -> tuple[dict, DataPath]:
    """A copy of `data` with `item` last in the list, and the new item's data path."""
    result = copy.deepcopy(data)
    parent = get_at(result, ref.parent.data_path)
    items = parent.setdefault(ref.kind.list_name, [])
    items.append(copy.deepcopy(item))
    return result, (*ref.data_path, len(items) - 1)


def remove_part(data: dict, path: DataPath) -> dict:
    result = copy.deepcopy(data)
    parent = get_at(result, path[:-2])
    items = parent[path[-2]]
    del items[path[-1]]
    if not items:
        del parent[path[-2]]
    return result


def next_number(items: list) -> int | None:
    """The number a new part gets by default: one past the highest."""
    numbers = [item.get("number") for item in items if isinstance(item.get("number"), int)]
    return max(numbers, default=0) + 1


# --- conflicts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: object
    new: object

    @property
    def text(self) -> str:
        return f"{self.label}: ændret fra {value_words(self.old)} til {value_words(self.new)}"


def changes_between(kind: PartKind, before: dict, after: dict) -> list[FieldChange]:
    """What changed in the part's own fields between two readings (both from own_values)."""
    changes = []
    for field in kind.fields:
        old, new = before.get(field.name), after.get(field.name)
        if old != new:
            changes.append(FieldChange(field.label, old, new))
    return changes


def value_words(value) -> str:
    """A plan-file value in words: «text», 1.234,5, 31.12.2024, ja/nej, (tom) (core.formats;
    a text stays a text, also one that looks like a number or a date)."""
    return formats.value_words(value, as_text=True)


# --- lists of texts, one item per line ------------------------------------------------------


def lines_text(items) -> str:
    """A list of texts for a textarea: one per line, or separated by a blank line when an item
    runs over more than one line."""
    texts = [str(item).strip() for item in items or []]
    return ("\n\n" if any("\n" in text for text in texts) else "\n").join(texts)


def parse_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return []
    if re.search(r"\n[ \t]*\n", text):
        chunks = re.split(r"\n[ \t]*\n", text)
        return [chunk.strip() for chunk in chunks if chunk.strip()]
    return [line.strip() for line in text.split("\n") if line.strip()]


# --- the plan file's problems, tied to the form -------------------------------------------------


def parse_problem_path(text: str) -> DataPath:
    """ "focus_areas[1].activities[0].target" -> ("focus_areas", 1, "activities", 0, "target")."""
    return tuple(
        int(token[1:-1]) if token.startswith("[") else token
        for token in re.findall(r"\[\d+\]|[^.\[\]]+", text or "")
    )


def _field_for(kind: PartKind, rest: DataPath, names: set[str]) -> str | None:
    words = []
    for step in rest:
        if isinstance(step, int):
            break
        words.append(step)
    dotted = ".".join(words)
    if not dotted:
        return None
    for field in kind.fields:
        if field.name not in names:
            continue
        if dotted == field.name or dotted.startswith(field.name + "."):
            return field.name
    # A missing group (`budget` as a whole) belongs to its first field.
    for field in kind.fields:
        if field.name in names and field.name.startswith(dotted + "."):
            return field.name
    if dotted == "key" and "key" in names:
        return "key"
    return None


def split_problems(kind: PartKind, path: DataPath, problems, names: set[str]):
    """The problems of the part at `path` by field name (only fields in `names`, the form's),
    and every other problem, in order."""
    by_field: dict[str, list[str]] = {}
    others = []
    for problem in problems:
        steps = parse_problem_path(problem.path)
        name = None
        if steps[: len(path)] == tuple(path):
            name = _field_for(kind, steps[len(path) :], names)
        if name:
            by_field.setdefault(name, []).append(problem.message)
        else:
            others.append(problem)
    return by_field, others


def path_in_words(data: dict, text: str) -> str:
    """A problem's path as a person reads it: "Indsatsområde «x» (…) › Aktivitet «y» (…) › Mål"."""
    steps = parse_problem_path(text)
    if not steps:
        return "Planfilen"
    kind, node, words, index = PLAN, data, [], 0
    while index < len(steps):
        step = steps[index]
        following = steps[index + 1] if index + 1 < len(steps) else None
        if step in kind.children and isinstance(following, int):
            child = BY_LIST[step]
            items = node.get(step) if isinstance(node, dict) else None
            item = items[following] if isinstance(items, list) and following < len(items) else {}
            words.append(child.title(item) if isinstance(item, dict) and item else child.label_cap)
            kind, node, index = child, item, index + 2
            continue
        rest = [s for s in steps[index:] if isinstance(s, str)]
        positions = [s for s in steps[index:] if isinstance(s, int)]
        field = _field_for(kind, tuple(steps[index:]), {f.name for f in kind.fields})
        if field:
            label = kind.field(field).label
        elif step in BY_LIST:
            label = BY_LIST[step].plural
        else:
            label = ".".join(rest)
        words.append(label + (f" (punkt {positions[0] + 1})" if positions else ""))
        break
    if not words:
        words.append("Planen")
    return " › ".join(words)

"""The plan as a tree of its parts (the editor's front page and a part's lists), and the search
through the parts' texts. Plain data in, as in editing.py."""

from dataclasses import dataclass

from helhedsplan.planning.editing import DataPath, PartRef, field_value, item_ident
from helhedsplan.planning.parts import BY_LIST, PLAN, PartKind

# --- the plan as a tree, for the editor's index -----------------------------------------------


@dataclass
class TreeList:
    kind: PartKind
    url_path: str
    items: list["TreeNode"]


@dataclass
class TreeNode:
    kind: PartKind
    title: str  # "Aktivitet: 1. Aktivitet til styrkelse af naboskab": link names, headings
    url_path: str
    lists: list[TreeList]
    text: str = ""  # the part's own words, without its kind: the line in a list
    key: str = ""  # shown small, beside the text


def tree(data: dict, url_path: str = "", kind: PartKind = PLAN, item: dict | None = None):
    """Every part of the plan with its lists of parts, for a page that links to each."""
    item = data if item is None else item
    lists = []
    for list_name in kind.children:
        child = BY_LIST[list_name]
        list_path = f"{url_path}/{list_name}".strip("/")
        nodes = [
            tree(data, f"{list_path}/{item_ident(child, sub, i)}", child, sub)
            for i, sub in enumerate(item.get(list_name) or [])
        ]
        lists.append(TreeList(child, list_path, nodes))
    return TreeNode(
        kind,
        kind.title(item),
        url_path,
        lists,
        text=kind.text(item) or kind.title(item),
        key=kind.key_of(item),
    )


def count_parts(node: TreeNode) -> dict[str, int]:
    """How many parts of each kind are inside `node`, through every level, by list name."""
    counts: dict[str, int] = {}
    for part_list in node.lists:
        counts[part_list.kind.list_name] = counts.get(part_list.kind.list_name, 0) + len(
            part_list.items
        )
        for child in part_list.items:
            for name, count in count_parts(child).items():
                counts[name] = counts.get(name, 0) + count
    return counts


# --- searching the parts by their text ----------------------------------------------------------


def _words(text: str) -> str:
    return " ".join(str(text or "").split()).casefold()


def _searchable(kind: PartKind, item: dict) -> str:
    """Everything a person may search a part by: its text, its key and its fields' words."""
    values = [kind.describe(item), item.get("key", "")]
    for field in kind.fields:
        value = field_value(item, field.name)
        if isinstance(value, list):
            values.extend(str(v) for v in value)
        elif value is not None and not isinstance(value, bool):
            values.append(str(value))
    return _words(" ".join(values))


def _on_the_way(path: str, under: str) -> bool:
    """Whether `path` is `under`, holds it or is inside it."""
    return path == under or under.startswith(path + "/") or path.startswith(under + "/")


@dataclass(frozen=True)
class Found:
    ref: PartRef
    title: str
    text: str
    key: str
    trail: tuple[str, ...]  # the titles of the parts that hold it, from the top


def search(data: dict, query: str, under: str = "") -> list[Found]:
    """The parts whose words hold every word of `query` (any case), in the plan's order;
    only inside the part at `under`, when given."""
    terms = _words(query).split()
    if not terms:
        return []
    found: list[Found] = []

    def walk(kind: PartKind, item: dict, url_path: str, data_path: DataPath, trail):
        inside = not under or url_path == under or url_path.startswith(under + "/")
        if inside:
            words = _searchable(kind, item)
            if all(term in words for term in terms):
                found.append(
                    Found(
                        PartRef(kind, url_path, data_path),
                        kind.title(item),
                        kind.text(item) or kind.title(item),
                        kind.key_of(item),
                        tuple(trail),
                    )
                )
        for list_name in kind.children:
            child = BY_LIST[list_name]
            for index, sub in enumerate(item.get(list_name) or []):
                if not isinstance(sub, dict):
                    continue
                path = f"{url_path}/{list_name}/{item_ident(child, sub, index)}".strip("/")
                if under and not _on_the_way(path, under):
                    continue
                walk(
                    child,
                    sub,
                    path,
                    (*data_path, list_name, index),
                    [*trail, kind.title(item)] if url_path else trail,
                )

    walk(PLAN, data, "", (), [])
    return found

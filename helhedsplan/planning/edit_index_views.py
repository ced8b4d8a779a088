"""The plan editor's front page: the plan's sections and focus areas, their counts, the parts
marked for review, and the search."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from helhedsplan.planning import edit_shared as shared
from helhedsplan.planning import editing_tree as tree
from helhedsplan.planning import review
from helhedsplan.planning.parts import BY_LIST
from helhedsplan.plans.services import plan_as_data

# --- the index ----------------------------------------------------------------------------------


_COUNTED = ("activities", "success_criteria", "local_measures", "parties")


def _counts_text(counts: dict[str, int], names=_COUNTED) -> str:
    """ "2 aktiviteter · 9 succeskriterier": the parts inside, in words."""
    words = []
    for name in names:
        if count := counts.get(name):
            kind = BY_LIST[name]
            words.append(f"{count} {kind.label if count == 1 else kind.plural.lower()}")
    return " · ".join(words)


def _inside(path: str, under: str) -> bool:
    return path == under or path.startswith(under + "/")


def _flag_for_review(root: tree.TreeNode, marks: dict) -> list[tuple]:
    """Mark each node of the tree that holds a text «Skal gennemses»; the marked parts as
    (node, trail of titles, marks), those that name the old plan's years first."""
    found = []

    def walk(node, trail):
        node.review = marks.get(node.url_path, [])
        if node.review:
            found.append((node, tuple(trail), node.review))
        for part_list in node.lists:
            for child in part_list.items:
                walk(child, [*trail, node.title] if node.url_path else trail)

    walk(root, [])
    return sorted(found, key=lambda row: not any("nævner" in m.note for m in row[2]))


@login_required
def index(request, slug):
    """The editor's front page: the plan's frame, its focus areas with their activities and
    its other lists, each a link to a page of its own; a search over every part's text."""
    access = shared.access(request, slug)
    plan = access.plan
    data = plan_as_data(plan)
    root = tree.tree(data)
    root.edit_url = shared.part_url(slug, "")
    lists = {part_list.kind.list_name: part_list for part_list in root.lists}
    marks = review.open_marks(plan, data)
    to_review = _flag_for_review(root, marks)
    for node, _trail, _marks in to_review:
        node.edit_url = shared.part_url(slug, node.url_path)
    query = " ".join(request.GET.get("q", "").split())[:200]
    area_key = request.GET.get("omraade", "")
    list_name = request.GET.get("liste", "")
    area = other = None
    if area_key:
        area = next(
            (n for n in lists["focus_areas"].items if n.url_path == f"focus_areas/{area_key}"),
            None,
        )
        if area is None:
            raise Http404("Indsatsområdet findes ikke i planen.")
        area.edit_url = shared.part_url(slug, area.url_path)
        area.delete_url = reverse("planning_edit:delete", args=[slug, area.url_path])
        for part_list in area.lists:
            shared.link_list(slug, part_list)
        # The activities first: they are what a person looks for on the page.
        order = {"activities": 0, "local_measures": 1, "parties": 2}
        area.lists = sorted(area.lists, key=lambda pl: order.get(pl.kind.list_name, 9))
        area.activities = area.lists[0].items if area.lists else []
    elif list_name:
        if list_name not in shared.SECTION_LISTS:
            raise Http404("Den del af planen findes ikke.")
        other = lists[list_name]
        # One level: a body's members, an area's address rules are on the part's own page.
        for node in other.items:
            node.counts = _counts_text(tree.count_parts(node), node.kind.children)
        shared.link_list(slug, other, depth=1)
    results = None
    if query:
        under = area.url_path if area else (list_name if other else "")
        results = [
            (found, shared.part_url(slug, found.ref.url_path))
            for found in tree.search(data, query, under=under)
        ]
    focus = lists["focus_areas"]
    areas = []
    for node in focus.items:
        activities = next((pl.items for pl in node.lists if pl.kind.list_name == "activities"), [])
        for activity in activities:
            activity.edit_url = shared.part_url(slug, activity.url_path)
        areas.append(
            {
                "node": node,
                "url": f"{reverse('planning_edit:index', args=[slug])}?omraade={node.key}",
                "counts": _counts_text(tree.count_parts(node)),
                "activities": activities,
                "review": sum(1 for row in to_review if _inside(row[0].url_path, node.url_path)),
            }
        )
    context = shared.base_context(
        access,
        root=root,
        areas=areas,
        add_area_url=reverse("planning_edit:add", args=[slug, focus.url_path]),
        other_lists=[
            (lists[name], f"{reverse('planning_edit:index', args=[slug])}?liste={name}")
            for name in shared.SECTION_LISTS
        ],
        area=area,
        other=other,
        reviewing=request.GET.get("gennemses") == "1" and not (area or other or query),
        to_review=to_review,
        review_fields=sum(len(found) for found in marks.values()),
        review_years=sum(1 for found in marks.values() for mark in found if "nævner" in mark.note),
        query=query,
        results=results,
        latest=shared.latest(plan),
        version_count=plan.file_versions.count(),
    )
    return render(request, "planning/edit_index.html", context)

"""What the plan editor's pages share: the secretariat's access, the plan as data locked for a
save, the part's reading signed (core/versions.py) and checked again when it is saved, where a
part sits (breadcrumbs, lists, links) and how a change is saved or proposed."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from helhedsplan.accounts.access import get_plan_for_user
from helhedsplan.core.versions import sign, unsign
from helhedsplan.governance.services import propose
from helhedsplan.planning import editing as e
from helhedsplan.planning import editing_tree as tree
from helhedsplan.planning.parts import PLAN, PartKind
from helhedsplan.plans.models import Plan
from helhedsplan.plans.planfile import validate_text
from helhedsplan.plans.services import dump_plan_data, load_plan, plan_as_data

SALT = ".planning.edit"


def access(request, slug):
    """The secretariat edits the plan; every other role gets the same 404 as a stranger."""
    access = get_plan_for_user(request, slug)
    if not access.is_secretariat:
        raise Http404("Siden findes ikke.")
    return access


def latest(plan):
    return plan.file_versions.order_by("-loaded_at", "-id").first()


def opened(request, slug, resolver, path: str):
    """(access, the plan as data, the part or list at `path`): the secretariat's, or the 404 of a
    part that is not there. `resolver`: editing.resolve or editing.resolve_list."""
    secretariat = access(request, slug)
    data = plan_as_data(secretariat.plan)
    try:
        return secretariat, data, resolver(data, path)
    except e.PartNotFound:
        raise Http404("Den del af planen findes ikke.") from None


def part_url(slug: str, url_path: str) -> str:
    if not url_path:
        return reverse("planning_edit:plan_part", args=[slug])
    return reverse("planning_edit:part", args=[slug, url_path])


def sign_part(values) -> str:
    """The part's values as the form was read (core/versions.py, as the other edit forms)."""
    return sign(values, salt=SALT, as_is=True)


def unsign_part(token: str):
    return unsign(token, salt=SALT)


def references(data: dict, container: dict | None) -> dict[str, list[tuple[str, str]]]:
    """The choices of the fields that name another part: from the plan as it is now."""
    return {
        "organisation": [
            (o["key"], o.get("name", o["key"])) for o in data.get("organisations", [])
        ],
        "area": [(a["key"], a.get("name", a["key"])) for a in data.get("areas", [])],
        "sub_activity": [
            (s["key"], s.get("name", s["key"])) for s in (container or {}).get("sub_activities", [])
        ],
    }


def breadcrumbs(
    slug: str, data: dict, ref: e.PartRef, *, include_self: bool = False
) -> list[tuple[str, str]]:
    """The way up: the editor's front page, the page of the part's focus area or plan-level list,
    then the parts that hold it (and, with include_self, the part itself)."""
    crumbs = [("Redigér planen", reverse("planning_edit:index", args=[slug]))]
    if not ref.url_path:
        return crumbs
    chain = [*e.ancestors(data, ref)[1:], *([ref] if include_self else [])]
    top = chain[0] if chain else ref
    if top.kind.list_name == "focus_areas":
        crumbs.append(
            (top.kind.title(e.get_at(data, top.data_path)), section_url(slug, ref.url_path))
        )
        chain = [part for part in chain if part is not top and part.url_path != top.url_path]
    else:
        crumbs.append((top.kind.plural, section_url(slug, ref.url_path)))
    for parent in chain:
        item = e.get_at(data, parent.data_path)
        crumbs.append((parent.kind.title(item), part_url(slug, parent.url_path)))
    return crumbs


def child_lists(slug: str, data: dict, ref: e.PartRef) -> list[tree.TreeList]:
    """The lists of parts inside this part, one level, with their links."""
    node = tree.tree(data, ref.url_path, ref.kind, e.get_at(data, ref.data_path))
    for part_list in node.lists:
        link_list(slug, part_list, depth=1)
    return node.lists


def link_list(slug: str, part_list: tree.TreeList, depth: int | None = None) -> None:
    part_list.add_url = reverse("planning_edit:add", args=[slug, part_list.url_path])
    for node in part_list.items:
        node.edit_url = part_url(slug, node.url_path)
        node.delete_url = reverse("planning_edit:delete", args=[slug, node.url_path])
        if depth == 1:
            node.lists = []
        for child in node.lists:
            link_list(slug, child, None if depth is None else depth - 1)


def who_changed(plan, version_id) -> str:
    try:
        newer = plan.file_versions.filter(pk__gt=int(version_id))
    except (TypeError, ValueError):
        newer = plan.file_versions.all()
    names = []
    for name in newer.order_by("id").values_list("loaded_by", flat=True):
        if name and name not in names:
            names.append(name)
    return " og ".join(names) if names else "En anden"


def label(kind: PartKind, item: dict) -> str:
    return "planen" if kind is PLAN else kind.title(item)


class Conflict(Exception):
    def __init__(self, current: dict | None, changes: list[str]):
        self.current = current  # the part's values now (None: it is gone)
        self.changes = changes


def commit(request, plan, new_data: dict, label: str, *, title: str = "", reason: str = ""):
    """Save a draft as a new version, or propose the change to a plan in force. Raises
    PlanFileError (nothing saved) or ChangeRefused. Returns the change request, if one."""
    text = dump_plan_data(new_data)
    if plan.is_draft:
        load_plan(
            text=text,
            source_name=f"redigeret i appen: {label}"[:300],
            loaded_by=request.user.get_username(),
        )
        return None
    # The same rules as a draft's, with every problem at its field; then the proposal.
    validate_text(text)
    return propose(plan=plan, title=title, reason=reason, proposed_text=text, user=request.user)


def show_problems(form, kind: PartKind, path, problems, data: dict) -> None:
    names = {field.name for field in kind.fields} | ({"key"} if "key" in form.fields else set())
    by_field, others = e.split_problems(kind, path, problems, names)
    for name, texts in by_field.items():
        form_name = name.replace(".", "__")
        for text in texts:
            form.add_error(form_name, text[:1].upper() + text[1:])
    for problem in others:
        form.add_error(None, f"{e.path_in_words(data, problem.path)}: {problem.message}")


def locked_data(plan) -> tuple[Plan, dict]:
    """The plan as it is now, locked against a second save until this one is done."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    return plan, plan_as_data(plan)


def unchanged(old: dict, new: dict) -> bool:
    return e.normalised(old) == e.normalised(new)


def base_context(access, **extra) -> dict:
    plan = access.plan
    return {
        "access": access,
        "plan": plan,
        "in_force": not plan.is_draft,
        "index_url": reverse("planning_edit:index", args=[plan.slug]),
        **extra,
    }


# The lists of the plan beside its focus areas, each on a page of its own (?liste=NAME).
SECTION_LISTS = tuple(name for name in PLAN.children if name != "focus_areas")


def section_url(slug: str, url_path: str) -> str:
    """The editor page a part is listed on: its focus area's, or its plan-level list's."""
    segments = url_path.split("/")
    base = reverse("planning_edit:index", args=[slug])
    if segments[0] == "focus_areas" and len(segments) >= 2:
        return f"{base}?omraade={segments[1]}"
    if segments[0] in SECTION_LISTS:
        return f"{base}?liste={segments[0]}"
    return base


def part_as_read(data: dict, part: str, read):
    """The part in the newest plan data, as long as it is what the form was read as; else a
    Conflict naming what changed since (or that the part is gone)."""
    try:
        ref = e.resolve(data, part)
    except e.PartNotFound:
        raise Conflict(None, []) from None
    current = e.get_at(data, ref.data_path)
    now = e.own_values(ref.kind, current)
    if now != read:
        raise Conflict(current, [c.text for c in e.changes_between(ref.kind, read, now)])
    return ref, current


def proposed(request, change, what: str):
    """A change to a plan in force, proposed: said, and its change request shown."""
    messages.success(
        request,
        f"{what} er foreslået. Den træder først i kraft, når bestyrelsen har vedtaget den.",
    )
    return redirect("governance:change", slug=change.plan.slug, pk=change.pk)

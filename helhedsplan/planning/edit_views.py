"""The plan editor: every part of a plan in forms, for the secretariat.

A form never writes the database itself. An edit takes the plan as data (plan_as_data), puts the
form's values into the part, and loads the whole plan file again with load_plan, whose validator
is the one place for the plan's rules; every save is a new PlanFileVersion. A plan in force is
not changed: the same edit becomes a change request for the board (governance.services.propose).
"""

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse

from helhedsplan.accounts.access import get_plan_for_user
from helhedsplan.core import formats
from helhedsplan.core.form_merge import put_value, sort_changes
from helhedsplan.core.versions import sign, unsign
from helhedsplan.governance.changes import DOCUMENT_LABELS, SUB_AGREEMENT, describe_changes
from helhedsplan.governance.services import ChangeRefused, propose
from helhedsplan.planning import consequences, review
from helhedsplan.planning import editing as e
from helhedsplan.planning.edit_forms import (
    ChangeRequestForm,
    PartForm,
    VersionsForm,
    display,
    shown_text,
)
from helhedsplan.planning.parts import BY_LIST, CRITERION_KIND, PLAN, PartKind
from helhedsplan.plans.addresses import AddressError
from helhedsplan.plans.coverage import check_plan_address
from helhedsplan.plans.forms import AddressCheckForm
from helhedsplan.plans.models import Plan
from helhedsplan.plans.planfile import PlanFileError, read_checked, validate_text
from helhedsplan.plans.services import dump_plan_data, load_plan, plan_as_data
from helhedsplan.registrations.models import Registration

_SALT = ".planning.edit"


def _access(request, slug):
    """The secretariat edits the plan; every other role gets the same 404 as a stranger."""
    access = get_plan_for_user(request, slug)
    if not access.is_secretariat:
        raise Http404("Siden findes ikke.")
    return access


def _latest(plan):
    return plan.file_versions.order_by("-loaded_at", "-id").first()


def _part_url(slug: str, url_path: str) -> str:
    if not url_path:
        return reverse("planning_edit:plan_part", args=[slug])
    return reverse("planning_edit:part", args=[slug, url_path])


def _sign(values) -> str:
    """The part's values as the form was read (core/versions.py, as the other edit forms)."""
    return sign(values, salt=_SALT, as_is=True)


def _unsign(token: str):
    return unsign(token, salt=_SALT)


def _references(data: dict, container: dict | None) -> dict[str, list[tuple[str, str]]]:
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


def _breadcrumbs(
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
            (top.kind.title(e.get_at(data, top.data_path)), _section_url(slug, ref.url_path))
        )
        chain = [part for part in chain if part is not top and part.url_path != top.url_path]
    else:
        crumbs.append((top.kind.plural, _section_url(slug, ref.url_path)))
    for parent in chain:
        item = e.get_at(data, parent.data_path)
        crumbs.append((parent.kind.title(item), _part_url(slug, parent.url_path)))
    return crumbs


def _child_lists(slug: str, data: dict, ref: e.PartRef) -> list[e.TreeList]:
    """The lists of parts inside this part, one level, with their links."""
    node = e.tree(data, ref.url_path, ref.kind, e.get_at(data, ref.data_path))
    for part_list in node.lists:
        _link_list(slug, part_list, depth=1)
    return node.lists


def _link_list(slug: str, part_list: e.TreeList, depth: int | None = None) -> None:
    part_list.add_url = reverse("planning_edit:add", args=[slug, part_list.url_path])
    for node in part_list.items:
        node.edit_url = _part_url(slug, node.url_path)
        node.delete_url = reverse("planning_edit:delete", args=[slug, node.url_path])
        if depth == 1:
            node.lists = []
        for child in node.lists:
            _link_list(slug, child, None if depth is None else depth - 1)


def _who_changed(plan, version_id) -> str:
    try:
        newer = plan.file_versions.filter(pk__gt=int(version_id))
    except (TypeError, ValueError):
        newer = plan.file_versions.all()
    names = []
    for name in newer.order_by("id").values_list("loaded_by", flat=True):
        if name and name not in names:
            names.append(name)
    return " og ".join(names) if names else "En anden"


def _label(kind: PartKind, item: dict) -> str:
    return "planen" if kind is PLAN else kind.title(item)


class _Conflict(Exception):
    def __init__(self, current: dict | None, changes: list[str]):
        self.current = current  # the part's values now (None: it is gone)
        self.changes = changes


def _commit(request, plan, new_data: dict, label: str, *, title: str = "", reason: str = ""):
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


def _show_problems(form, kind: PartKind, path, problems, data: dict) -> None:
    names = {field.name for field in kind.fields} | ({"key"} if "key" in form.fields else set())
    by_field, others = e.split_problems(kind, path, problems, names)
    for name, texts in by_field.items():
        form_name = name.replace(".", "__")
        for text in texts:
            form.add_error(form_name, text[:1].upper() + text[1:])
    for problem in others:
        form.add_error(None, f"{e.path_in_words(data, problem.path)}: {problem.message}")


def _locked_data(plan) -> tuple[Plan, dict]:
    """The plan as it is now, locked against a second save until this one is done."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    return plan, plan_as_data(plan)


def _unchanged(old: dict, new: dict) -> bool:
    return e.normalised(old) == e.normalised(new)


def _base_context(access, **extra) -> dict:
    plan = access.plan
    return {
        "access": access,
        "plan": plan,
        "in_force": not plan.is_draft,
        "index_url": reverse("planning_edit:index", args=[plan.slug]),
        **extra,
    }


# --- the index ----------------------------------------------------------------------------------


# The lists of the plan beside its focus areas, each on a page of its own (?liste=NAME).
SECTION_LISTS = tuple(name for name in PLAN.children if name != "focus_areas")
_COUNTED = ("activities", "success_criteria", "local_measures", "parties")


def _counts_text(counts: dict[str, int], names=_COUNTED) -> str:
    """ "2 aktiviteter · 9 succeskriterier": the parts inside, in words."""
    words = []
    for name in names:
        if count := counts.get(name):
            kind = BY_LIST[name]
            words.append(f"{count} {kind.label if count == 1 else kind.plural.lower()}")
    return " · ".join(words)


def _section_url(slug: str, url_path: str) -> str:
    """The editor page a part is listed on: its focus area's, or its plan-level list's."""
    segments = url_path.split("/")
    base = reverse("planning_edit:index", args=[slug])
    if segments[0] == "focus_areas" and len(segments) >= 2:
        return f"{base}?omraade={segments[1]}"
    if segments[0] in SECTION_LISTS:
        return f"{base}?liste={segments[0]}"
    return base


def _inside(path: str, under: str) -> bool:
    return path == under or path.startswith(under + "/")


def _flag_for_review(root: e.TreeNode, marks: dict) -> list[tuple]:
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
    access = _access(request, slug)
    plan = access.plan
    data = plan_as_data(plan)
    root = e.tree(data)
    root.edit_url = _part_url(slug, "")
    lists = {part_list.kind.list_name: part_list for part_list in root.lists}
    marks = review.open_marks(plan, data)
    to_review = _flag_for_review(root, marks)
    for node, _trail, _marks in to_review:
        node.edit_url = _part_url(slug, node.url_path)
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
        area.edit_url = _part_url(slug, area.url_path)
        area.delete_url = reverse("planning_edit:delete", args=[slug, area.url_path])
        for part_list in area.lists:
            _link_list(slug, part_list)
        # The activities first: they are what a person looks for on the page.
        order = {"activities": 0, "local_measures": 1, "parties": 2}
        area.lists = sorted(area.lists, key=lambda pl: order.get(pl.kind.list_name, 9))
        area.activities = area.lists[0].items if area.lists else []
    elif list_name:
        if list_name not in SECTION_LISTS:
            raise Http404("Den del af planen findes ikke.")
        other = lists[list_name]
        # One level: a body's members, an area's address rules are on the part's own page.
        for node in other.items:
            node.counts = _counts_text(e.count_parts(node), node.kind.children)
        _link_list(slug, other, depth=1)
    results = None
    if query:
        under = area.url_path if area else (list_name if other else "")
        results = [
            (found, _part_url(slug, found.ref.url_path))
            for found in e.search(data, query, under=under)
        ]
    focus = lists["focus_areas"]
    areas = []
    for node in focus.items:
        activities = next((pl.items for pl in node.lists if pl.kind.list_name == "activities"), [])
        for activity in activities:
            activity.edit_url = _part_url(slug, activity.url_path)
        areas.append(
            {
                "node": node,
                "url": f"{reverse('planning_edit:index', args=[slug])}?omraade={node.key}",
                "counts": _counts_text(e.count_parts(node)),
                "activities": activities,
                "review": sum(1 for row in to_review if _inside(row[0].url_path, node.url_path)),
            }
        )
    context = _base_context(
        access,
        root=root,
        areas=areas,
        add_area_url=reverse("planning_edit:add", args=[slug, focus.url_path]),
        other_lists=[
            (lists[name], f"{reverse('planning_edit:index', args=[slug])}?liste={name}")
            for name in SECTION_LISTS
        ],
        area=area,
        other=other,
        reviewing=request.GET.get("gennemses") == "1" and not (area or other or query),
        to_review=to_review,
        review_fields=sum(len(found) for found in marks.values()),
        review_years=sum(1 for found in marks.values() for mark in found if "nævner" in mark.note),
        query=query,
        results=results,
        latest=_latest(plan),
        version_count=plan.file_versions.count(),
    )
    return render(request, "planning/edit_index.html", context)


# --- one part -----------------------------------------------------------------------------------


class _Unsettled(Exception):
    """A changed target leaves the period target or the criterion's text behind: nothing is
    saved until the person chooses what happens to them."""

    def __init__(self, found: consequences.Consequences):
        self.found = found


def _consequences_shown(found: consequences.Consequences) -> str:
    """What the choice was made for: the same change, or it is asked again."""
    return f"{found.old_target}>{found.new_target}>{found.period_new}>{found.text_new}"


_FIELD_WORDS = {"period_target": "målet for hele perioden", "text": "succeskriteriets tekst"}


def _consequences_context(found: consequences.Consequences) -> dict:
    n = formats.number
    labels = [_FIELD_WORDS[name] for name in found.fields]
    return {
        "old": n(found.old_target),
        "new": n(found.new_target),
        "period_old": None if found.period_old is None else n(found.period_old),
        "period_new": None if found.period_new is None else n(found.period_new),
        "years": found.years,
        "text_old": found.text_old,
        "text_new": found.text_new,
        "text_partial": found.text_partial,
        "can_update": bool(found.changes),
        "fields_words": " og ".join(labels),
        "shown": _signing_shown(found),
    }


def _signing_shown(found) -> str:
    return sign({"shown": _consequences_shown(found)}, salt=_SALT + ".consequences", as_is=True)


def _chosen(request, found) -> str:
    """The person's choice for exactly these consequences ("opdater", "marker"), or ""."""
    choice = request.POST.get("folger", "")
    shown = unsign(request.POST.get("folger_for", ""), salt=_SALT + ".consequences") or {}
    if shown.get("shown") != _consequences_shown(found):
        return ""
    if choice == "opdater" and found.changes:
        return choice
    return choice if choice == "marker" else ""


def _siblings(slug: str, data: dict, ref: e.PartRef) -> dict:
    """The activities before and after this one in its focus area, by name."""
    items = e.get_at(data, ref.data_path[:-1])
    index = ref.data_path[-1]
    parent = "/".join(ref.url_path.split("/")[:-1])
    found = {}
    for name, at in (("previous", index - 1), ("next", index + 1)):
        if 0 <= at < len(items):
            found[name] = (
                ref.kind.text(items[at]),
                _part_url(slug, f"{parent}/{e.item_ident(ref.kind, items[at], at)}"),
            )
    return found


def _target_hint(item: dict, data: dict) -> dict | None:
    """For a yearly target with a period target: how the two hang together, in words on the
    form (and recounted as the target is typed, by planning/target.js)."""
    target, period = item.get("target"), item.get("period_target")
    if item.get("per") != "year" or not isinstance(target, int | float) or period is None:
        return None
    ratio = period / target if target else None
    factor = ratio if ratio and float(ratio).is_integer() else consequences.plan_years(data)
    if not factor:
        return None
    return {
        "target": formats.number(target),
        "period": formats.number(period),
        "factor": int(factor),
    }


@login_required
def part(request, slug, part=""):
    access = _access(request, slug)
    plan = access.plan
    data = plan_as_data(plan)
    try:
        ref = e.resolve(data, part)
    except e.PartNotFound:
        if request.method == "POST" and (kind := e.kind_of_path(part)):
            return _gone(request, access, kind, data)
        raise Http404("Den del af planen findes ikke.") from None
    item = e.get_at(data, ref.data_path)
    container = e.get_at(data, ref.data_path[:-2]) if ref.data_path else None
    marks = review.open_marks(plan, data).get(ref.url_path, [])
    form_args = {
        "kind": ref.kind,
        "item": item,
        "references": _references(data, container),
        "in_force": not plan.is_draft,
        "initial_title": f"Ændring af {_label(ref.kind, item)}",
        "review_marks": marks,
    }
    version = _latest(plan)
    version_id = version.pk if version else ""
    as_read = _sign(e.own_values(ref.kind, item))
    conflict = unsettled = None
    if request.method == "POST":
        form = PartForm(request.POST, **form_args)
        read = _unsign(request.POST.get("as_read"))
        if read is None:
            return HttpResponseBadRequest("Formularen er ugyldig. Hent siden igen.")
        if form.is_valid():
            new_data = data
            reviewed = bool(form.cleaned_data.get("review_done"))
            to_mark: list[tuple[str, object]] = []
            try:
                with transaction.atomic():
                    plan, data = _locked_data(plan)
                    ref, current = _part_as_read(data, part, read)
                    new_item = e.apply_values(current, form.plan_values(current))
                    if ref.kind is CRITERION_KIND and (
                        found := consequences.of_target_change(
                            current, new_item, consequences.plan_years(data)
                        )
                    ):
                        if not consequences.is_yearly(current, new_item):
                            # A target for the whole period: saved at once, its text marked
                            # when it still names the old figure.
                            if found.text_old and not found.text_partial:
                                to_mark = [("text", e.field_value(new_item, "text"))]
                        elif not (choice := _chosen(request, found)):
                            raise _Unsettled(found)
                        elif choice == "opdater":
                            new_item = e.apply_values(new_item, found.changes)
                        else:
                            to_mark = [
                                (name, e.field_value(new_item, name)) for name in found.fields
                            ]
                    new_data = e.replace_part(data, ref.data_path, new_item)
                    if _unchanged(data, new_data):
                        if reviewed:
                            review.clear(plan, ref.url_path)
                            messages.success(
                                request,
                                f"Gennemset: {_label(ref.kind, new_item)}. Teksterne står, "
                                "som de er.",
                            )
                        else:
                            messages.info(request, "Du har ikke ændret noget. Planen er uændret.")
                        return redirect(_part_url(slug, ref.url_path))
                    change = _commit(
                        request,
                        plan,
                        new_data,
                        _label(ref.kind, new_item),
                        title=form.cleaned_data.get("change_title", ""),
                        reason=form.cleaned_data.get("change_reason", ""),
                    )
                    if reviewed:
                        review.clear(plan, ref.url_path)
                    elif change is None:
                        review.clear_edited(plan, ref.url_path, ref.kind, new_item)
                    for name, value in to_mark:
                        review.mark(
                            plan,
                            ref.url_path,
                            name,
                            value,
                            review.ReviewMark.Reason.TARGET,
                            f"Målet er ændret fra {formats.number(found.old_target)} til "
                            f"{formats.number(found.new_target)}; passer dette felt stadig?",
                        )
            except PlanFileError as error:
                _show_problems(form, ref.kind, ref.data_path, error.problems, new_data)
            except ChangeRefused as refused:
                form.add_error(None, str(refused))
            except _Unsettled as clash:
                unsettled = _consequences_context(clash.found)
                version_id = request.POST.get("version", version_id)
                as_read = request.POST.get("as_read", as_read)
            except _Conflict as clash:
                conflict = {
                    "who": _who_changed(plan, request.POST.get("version")),
                    "changes": clash.changes,
                    "gone": clash.current is None,
                }
                version = _latest(plan)
                version_id = version.pk if version else ""
                if clash.current is not None:
                    now = e.own_values(ref.kind, clash.current)
                    as_read = _sign(now)
                    _merge_untouched(form, ref.kind, read, now)
            else:
                if to_mark:
                    words = " og ".join(_FIELD_WORDS[name] for name, _value in to_mark)
                    messages.warning(
                        request,
                        f"Målet er ændret fra {formats.number(found.old_target)} til "
                        f"{formats.number(found.new_target)}, men {words} "
                        + (
                            "passer måske ikke længere"
                            if found.text_partial
                            else "nævner stadig det gamle tal"
                        )
                        + ": markeret «Skal gennemses».",
                    )
                if change is not None:
                    messages.success(
                        request,
                        "Ændringen er foreslået. Den træder først i kraft, når bestyrelsen har "
                        "vedtaget den.",
                    )
                    return redirect("governance:change", slug=slug, pk=change.pk)
                messages.success(
                    request, f"Gemt: {_label(ref.kind, new_item)}. Planen har en ny version."
                )
                return redirect(_part_url(slug, ref.url_path))
        else:
            # Keep what the form was read at, so the user's next save is checked against it.
            version_id = request.POST.get("version", version_id)
            as_read = request.POST.get("as_read", as_read)
    else:
        form = PartForm(**form_args)

    address_form = result = None
    if ref.kind.code == "area":
        address_form = AddressCheckForm(request.GET or None)
        if address_form.is_valid():
            try:
                result = check_plan_address(plan, address_form.cleaned_data["adresse"])
            except AddressError as error:
                address_form.add_error("adresse", str(error))
    item = e.get_at(data, ref.data_path) if conflict is None or not conflict["gone"] else item
    context = _base_context(
        access,
        kind=ref.kind,
        ref=ref,
        target_hint=_target_hint(item, data) if ref.kind is CRITERION_KIND else None,
        siblings=_siblings(slug, data, ref) if ref.kind.code == "activity" else None,
        title=_label(ref.kind, item).capitalize() if ref.kind is PLAN else ref.kind.title(item),
        key=ref.kind.key_of(item),
        breadcrumbs=_breadcrumbs(slug, data, ref)
        if conflict is None or not conflict["gone"]
        else [],
        current="Delaftalen" if ref.kind.code == "focus_area" else "",
        form=form,
        version_id=version_id,
        as_read=as_read,
        conflict=conflict,
        unsettled=unsettled,
        review_marks=marks,
        # The plan's own lists are on the editor's front page and its pages, not under the form.
        child_lists=[]
        if (conflict and conflict["gone"]) or ref.kind is PLAN
        else _child_lists(slug, data, ref),
        delete_url=reverse("planning_edit:delete", args=[slug, ref.url_path])
        if ref.url_path
        else "",
        address_form=address_form,
        address_result=result,
    )
    return render(request, "planning/part_form.html", context)


def _merge_untouched(form, kind: PartKind, read: dict, now: dict) -> None:
    """Put the other person's values into the fields this person left as they were shown, so
    that saving again keeps the other change instead of writing the old value back; a field
    both changed keeps what this person typed (core/form_merge.py's rule, on the texts shown)."""
    fields = {field.name: field for field in kind.fields}

    def shown(values: dict) -> dict:
        return {name: shown_text(display(f.widget, values.get(name))) for name, f in fields.items()}

    merged, _both = sort_changes(
        shown(read), shown(now), lambda name: shown_text(form.data.get(fields[name].form_name))
    )
    for name in merged:
        put_value(form, fields[name].form_name, display(fields[name].widget, now.get(name)))


def _gone(request, access, kind: PartKind, data: dict):
    """The part was deleted while the user wrote: say so, save nothing, keep the text typed."""
    plan = access.plan
    form = PartForm(
        request.POST,
        kind=kind,
        item={},
        references=_references(data, None),
        in_force=not plan.is_draft,
    )
    context = _base_context(
        access,
        kind=kind,
        title=kind.label_cap,
        breadcrumbs=[],
        form=form,
        version_id="",
        as_read="",
        conflict={"who": _who_changed(plan, request.POST.get("version")), "gone": True},
        child_lists=[],
        delete_url="",
    )
    return render(request, "planning/part_form.html", context)


# --- adding a part ------------------------------------------------------------------------------


@login_required
def add(request, slug, list_path):
    access = _access(request, slug)
    plan = access.plan
    data = plan_as_data(plan)
    try:
        lref = e.resolve_list(data, list_path)
    except e.PartNotFound:
        raise Http404("Den del af planen findes ikke.") from None
    kind = lref.kind
    items = e.items_of(data, lref)
    start = {"number": e.next_number(items)} if kind.field("number") else {}
    parent_item = e.get_at(data, lref.parent.data_path)
    form_args = {
        "kind": kind,
        "item": start,
        "references": _references(data, parent_item),
        "adding": True,
        "in_force": not plan.is_draft,
        "initial_title": f"Ny {kind.label}",
    }
    if request.method == "POST":
        form = PartForm(request.POST, **form_args)
        if form.is_valid():
            values = form.plan_values({})
            key = values.pop("key", None)
            new_item = e.apply_values({"key": key} if key is not None else {}, values)
            new_data, new_path = data, ()
            try:
                with transaction.atomic():
                    plan, data = _locked_data(plan)
                    try:
                        lref = e.resolve_list(data, list_path)
                    except e.PartNotFound:
                        raise Http404("Den del af planen findes ikke længere.") from None
                    new_data, new_path = e.add_part(data, lref, new_item)
                    change = _commit(
                        request,
                        plan,
                        new_data,
                        f"{kind.title(new_item)} tilføjet",
                        title=form.cleaned_data.get("change_title", ""),
                        reason=form.cleaned_data.get("change_reason", ""),
                    )
            except PlanFileError as error:
                _show_problems(form, kind, new_path, error.problems, new_data)
            except ChangeRefused as refused:
                form.add_error(None, str(refused))
            else:
                if change is not None:
                    messages.success(
                        request,
                        "Tilføjelsen er foreslået. Den træder først i kraft, når bestyrelsen har "
                        "vedtaget den.",
                    )
                    return redirect("governance:change", slug=slug, pk=change.pk)
                ident = e.item_ident(kind, new_item, new_path[-1])
                messages.success(request, f"Tilføjet: {kind.title(new_item)}.")
                return redirect(_part_url(slug, f"{lref.url_path}/{ident}"))
    else:
        form = PartForm(**form_args)
    parent_ref = lref.parent
    crumbs = _breadcrumbs(slug, data, parent_ref, include_self=True)
    context = _base_context(
        access,
        kind=kind,
        title=f"Tilføj {kind.label}",
        parent_title="" if parent_ref.kind is PLAN else parent_ref.kind.title(parent_item),
        breadcrumbs=crumbs,
        form=form,
    )
    return render(request, "planning/part_add.html", context)


# --- deleting a part ----------------------------------------------------------------------------


def _contents(kind: PartKind, item: dict) -> list[str]:
    """What goes with the part: "3 succeskriterier", counted through every level."""
    counts: dict[str, int] = {}

    def walk(kind, item):
        for list_name in kind.children:
            for sub in item.get(list_name) or []:
                counts[list_name] = counts.get(list_name, 0) + 1
                walk(BY_LIST[list_name], sub)

    walk(kind, item)
    return [f"{BY_LIST[name].plural}: {count}" for name, count in counts.items()]


def _part_as_read(data: dict, part: str, read):
    """The part in the newest plan data, as long as it is what the form was read as; else a
    _Conflict naming what changed since (or that the part is gone)."""
    try:
        ref = e.resolve(data, part)
    except e.PartNotFound:
        raise _Conflict(None, []) from None
    current = e.get_at(data, ref.data_path)
    now = e.own_values(ref.kind, current)
    if now != read:
        raise _Conflict(current, [c.text for c in e.changes_between(ref.kind, read, now)])
    return ref, current


def _criterion_keys(kind: PartKind, item: dict) -> list[str]:
    keys = [item["key"]] if kind.code == "success_criterion" and item.get("key") else []
    for list_name in kind.children:
        for sub in item.get(list_name) or []:
            keys += _criterion_keys(BY_LIST[list_name], sub)
    return keys


def _criterion_texts(kind: PartKind, item: dict) -> dict[str, str]:
    """The criteria inside the part by key, each named by its text (shortened)."""
    texts = {}
    if kind is CRITERION_KIND and item.get("key"):
        texts[item["key"]] = CRITERION_KIND.text(item)
    for list_name in kind.children:
        for sub in item.get(list_name) or []:
            texts.update(_criterion_texts(BY_LIST[list_name], sub))
    return texts


def _registered_criteria(plan, keys: list[str]) -> list[str]:
    # load_plan refuses to remove a criterion with registrations (the link is PROTECTed); named
    # here first, so the confirmation page can say which criteria hold data before trying.
    if not keys:
        return []
    found = Registration.objects.filter(plan=plan, criteria__key__in=keys)
    return sorted(set(found.values_list("criteria__key", flat=True)) & set(keys))


@login_required
def delete(request, slug, part):
    access = _access(request, slug)
    plan = access.plan
    data = plan_as_data(plan)
    try:
        ref = e.resolve(data, part)
    except e.PartNotFound:
        raise Http404("Den del af planen findes ikke.") from None
    if ref.kind is PLAN:
        raise Http404("Planen selv kan ikke slettes her.")
    item = e.get_at(data, ref.data_path)
    title = ref.kind.title(item)
    change_form = ChangeRequestForm(initial={"change_title": f"Slet {title}"})
    version = _latest(plan)
    version_id = version.pk if version else ""
    as_read = _sign(e.own_values(ref.kind, item))
    problems: list[str] = []
    conflict = None
    if request.method == "POST":
        if not plan.is_draft:
            change_form = ChangeRequestForm(request.POST)
        read = _unsign(request.POST.get("as_read"))
        if read is None:
            return HttpResponseBadRequest("Formularen er ugyldig. Hent siden igen.")
        if plan.is_draft or change_form.is_valid():
            new_data = data
            try:
                with transaction.atomic():
                    plan, data = _locked_data(plan)
                    ref, current = _part_as_read(data, part, read)
                    if registered := _registered_criteria(plan, _criterion_keys(ref.kind, current)):
                        texts = _criterion_texts(ref.kind, current)
                        names = ", ".join(
                            f"Succeskriteriet «{texts.get(key, key)}» (nøgle {key})"
                            for key in registered
                        )
                        raise ChangeRefused(
                            f"{names} kan ikke slettes: der er registreret data på "
                            f"{'dem' if len(registered) > 1 else 'det'}. Flyt registreringerne "
                            "til et andet succeskriterium først."
                        )
                    new_data = e.remove_part(data, ref.data_path)
                    change = _commit(
                        request,
                        plan,
                        new_data,
                        f"{title} slettet",
                        title=change_form.cleaned_data.get("change_title", "")
                        if not plan.is_draft
                        else "",
                        reason=change_form.cleaned_data.get("change_reason", "")
                        if not plan.is_draft
                        else "",
                    )
            except PlanFileError as error:
                problems = [
                    f"{e.path_in_words(new_data, problem.path)}: {problem.message}"
                    for problem in error.problems
                ]
            except ChangeRefused as refused:
                problems = [str(refused)]
            except _Conflict as clash:
                if clash.current is None:
                    messages.info(request, f"{title} er allerede slettet.")
                    return redirect("planning_edit:index", slug=slug)
                conflict = {
                    "who": _who_changed(plan, request.POST.get("version")),
                    "changes": clash.changes,
                }
                version = _latest(plan)
                version_id = version.pk if version else ""
                as_read = _sign(e.own_values(ref.kind, clash.current))
            else:
                if change is not None:
                    messages.success(
                        request,
                        "Sletningen er foreslået. Den træder først i kraft, når bestyrelsen har "
                        "vedtaget den.",
                    )
                    return redirect("governance:change", slug=slug, pk=change.pk)
                messages.success(request, f"Slettet: {title}.")
                parent = e.ancestors(data, ref)[-1]
                return redirect(_part_url(slug, parent.url_path))
    context = _base_context(
        access,
        kind=ref.kind,
        title=title,
        breadcrumbs=_breadcrumbs(slug, data, ref, include_self=True),
        contents=_contents(ref.kind, item),
        change_form=change_form,
        version_id=version_id,
        as_read=as_read,
        problems=problems,
        conflict=conflict,
    )
    return render(request, "planning/part_delete.html", context)


# --- versions -----------------------------------------------------------------------------------


def _grouped_changes(old_text: str, new_text: str) -> dict[str, list[str]]:
    old, new = read_checked(old_text) or {}, read_checked(new_text) or {}
    names = {
        f.get("key"): f"{f.get('number', '')}. {f.get('name', '')}".strip(". ")
        for f in [*(old.get("focus_areas") or []), *(new.get("focus_areas") or [])]
        if isinstance(f, dict)
    }
    grouped: dict[str, list[str]] = {}
    for change in describe_changes(old, new):
        label = DOCUMENT_LABELS[change.document]
        if change.document == SUB_AGREEMENT:
            label += f": {names.get(change.focus_area) or change.focus_area}"
        grouped.setdefault(label, []).append(change.text)
    return grouped


def _loaded_when(moment) -> str:
    """31.12.2024 14.30, in local time."""
    return f"{formats.date_short(moment)} {formats.time_short(moment)}"


@login_required
def versions(request, slug):
    access = _access(request, slug)
    plan = access.plan
    rows = list(plan.file_versions.order_by("loaded_at", "id"))
    numbered = list(enumerate(rows, start=1))
    labels = [
        (v, f"{n}: {_loaded_when(v.loaded_at)}{f' ({v.loaded_by})' if v.loaded_by else ''}")
        for n, v in numbered
    ]
    by_pk = {v.pk: v for v in rows}
    initial = {}
    if len(rows) >= 2:
        initial = {"old": str(rows[-2].pk), "new": str(rows[-1].pk)}
    form = VersionsForm(request.GET or None, versions=list(reversed(labels)), initial=initial)
    grouped = None
    compared = None
    if form.is_bound and form.is_valid():
        old, new = by_pk[form.cleaned_data["old"]], by_pk[form.cleaned_data["new"]]
        number = {v.pk: n for n, v in numbered}
        compared = (number[old.pk], number[new.pk])
        try:
            grouped = _grouped_changes(old.content, new.content)
        except yaml.YAMLError:
            form.add_error(None, "En af versionerne kan ikke læses som en planfil.")
    context = _base_context(
        access,
        versions=[(n, v, rows[n - 2].pk if n > 1 else None) for n, v in reversed(numbered)],
        form=form,
        grouped=grouped,
        compared=compared,
        versions_url=reverse("planning_edit:versions", args=[slug]),
    )
    return render(request, "planning/versions.html", context)

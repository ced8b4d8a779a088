"""The plan editor: a part added to a list, and a part deleted (with what it holds, and never a
success criterion that registrations count toward)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render

from helhedsplan.governance.services import ChangeRefused
from helhedsplan.planning import edit_shared as shared
from helhedsplan.planning import editing as e
from helhedsplan.planning.edit_forms import (
    ChangeRequestForm,
    PartForm,
)
from helhedsplan.planning.parts import BY_LIST, CRITERION_KIND, PLAN, PartKind
from helhedsplan.plans.planfile import PlanFileError
from helhedsplan.registrations.models import Registration

# --- adding a part ------------------------------------------------------------------------------


@login_required
def add(request, slug, list_path):
    access, data, lref = shared.opened(request, slug, e.resolve_list, list_path)
    plan = access.plan
    kind = lref.kind
    items = e.items_of(data, lref)
    start = {"number": e.next_number(items)} if kind.field("number") else {}
    parent_item = e.get_at(data, lref.parent.data_path)
    form_args = {
        "kind": kind,
        "item": start,
        "references": shared.references(data, parent_item),
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
                    plan, data = shared.locked_data(plan)
                    try:
                        lref = e.resolve_list(data, list_path)
                    except e.PartNotFound:
                        raise Http404("Den del af planen findes ikke længere.") from None
                    new_data, new_path = e.add_part(data, lref, new_item)
                    change = shared.commit(
                        request,
                        plan,
                        new_data,
                        f"{kind.title(new_item)} tilføjet",
                        title=form.cleaned_data.get("change_title", ""),
                        reason=form.cleaned_data.get("change_reason", ""),
                    )
            except PlanFileError as error:
                shared.show_problems(form, kind, new_path, error.problems, new_data)
            except ChangeRefused as refused:
                form.add_error(None, str(refused))
            else:
                if change is not None:
                    return shared.proposed(request, change, "Tilføjelsen")
                ident = e.item_ident(kind, new_item, new_path[-1])
                messages.success(request, f"Tilføjet: {kind.title(new_item)}.")
                return redirect(shared.part_url(slug, f"{lref.url_path}/{ident}"))
    else:
        form = PartForm(**form_args)
    parent_ref = lref.parent
    crumbs = shared.breadcrumbs(slug, data, parent_ref, include_self=True)
    context = shared.base_context(
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
    access, data, ref = shared.opened(request, slug, e.resolve, part)
    plan = access.plan
    if ref.kind is PLAN:
        raise Http404("Planen selv kan ikke slettes her.")
    item = e.get_at(data, ref.data_path)
    title = ref.kind.title(item)
    change_form = ChangeRequestForm(initial={"change_title": f"Slet {title}"})
    version = shared.latest(plan)
    version_id = version.pk if version else ""
    as_read = shared.sign_part(e.own_values(ref.kind, item))
    problems: list[str] = []
    conflict = None
    if request.method == "POST":
        if not plan.is_draft:
            change_form = ChangeRequestForm(request.POST)
        read = shared.unsign_part(request.POST.get("as_read"))
        if read is None:
            return HttpResponseBadRequest("Formularen er ugyldig. Hent siden igen.")
        if plan.is_draft or change_form.is_valid():
            new_data = data
            try:
                with transaction.atomic():
                    plan, data = shared.locked_data(plan)
                    ref, current = shared.part_as_read(data, part, read)
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
                    change = shared.commit(
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
            except shared.Conflict as clash:
                if clash.current is None:
                    messages.info(request, f"{title} er allerede slettet.")
                    return redirect("planning_edit:index", slug=slug)
                conflict = {
                    "who": shared.who_changed(plan, request.POST.get("version")),
                    "changes": clash.changes,
                }
                version = shared.latest(plan)
                version_id = version.pk if version else ""
                as_read = shared.sign_part(e.own_values(ref.kind, clash.current))
            else:
                if change is not None:
                    return shared.proposed(request, change, "Sletningen")
                messages.success(request, f"Slettet: {title}.")
                parent = e.ancestors(data, ref)[-1]
                return redirect(shared.part_url(slug, parent.url_path))
    context = shared.base_context(
        access,
        kind=ref.kind,
        title=title,
        breadcrumbs=shared.breadcrumbs(slug, data, ref, include_self=True),
        contents=_contents(ref.kind, item),
        change_form=change_form,
        version_id=version_id,
        as_read=as_read,
        problems=problems,
        conflict=conflict,
    )
    return render(request, "planning/part_delete.html", context)

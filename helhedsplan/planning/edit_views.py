"""The plan editor: every part of a plan in forms, for the secretariat.

A form never writes the database itself. An edit takes the plan as data (plan_as_data), puts the
form's values into the part, and loads the whole plan file again with load_plan, whose validator
is the one place for the plan's rules; every save is a new PlanFileVersion. A plan in force is
not changed: the same edit becomes a change request for the board (governance.services.propose).

This module: one part's page and its save (the front page: edit_index_views.py; adding and
deleting: edit_add_views.py; the versions: edit_version_views.py; what they share:
edit_shared.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse

from helhedsplan.core import formats
from helhedsplan.core.form_merge import put_value, sort_changes
from helhedsplan.core.versions import sign, unsign
from helhedsplan.governance.services import ChangeRefused
from helhedsplan.planning import consequences, review
from helhedsplan.planning import edit_shared as shared
from helhedsplan.planning import editing as e
from helhedsplan.planning.edit_forms import (
    PartForm,
    display,
    shown_text,
)
from helhedsplan.planning.parts import CRITERION_KIND, PLAN, PartKind
from helhedsplan.plans.addresses import AddressError
from helhedsplan.plans.coverage import check_plan_address
from helhedsplan.plans.forms import AddressCheckForm
from helhedsplan.plans.planfile import PlanFileError
from helhedsplan.plans.services import plan_as_data

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
    return sign(
        {"shown": _consequences_shown(found)}, salt=shared.SALT + ".consequences", as_is=True
    )


def _chosen(request, found) -> str:
    """The person's choice for exactly these consequences ("opdater", "marker"), or ""."""
    choice = request.POST.get("folger", "")
    shown = unsign(request.POST.get("folger_for", ""), salt=shared.SALT + ".consequences") or {}
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
                shared.part_url(slug, f"{parent}/{e.item_ident(ref.kind, items[at], at)}"),
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
    access = shared.access(request, slug)
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
        "references": shared.references(data, container),
        "in_force": not plan.is_draft,
        "initial_title": f"Ændring af {shared.label(ref.kind, item)}",
        "review_marks": marks,
    }
    version = shared.latest(plan)
    version_id = version.pk if version else ""
    as_read = shared.sign_part(e.own_values(ref.kind, item))
    conflict = unsettled = None
    if request.method == "POST":
        form = PartForm(request.POST, **form_args)
        read = shared.unsign_part(request.POST.get("as_read"))
        if read is None:
            return HttpResponseBadRequest("Formularen er ugyldig. Hent siden igen.")
        if form.is_valid():
            new_data = data
            reviewed = bool(form.cleaned_data.get("review_done"))
            to_mark: list[tuple[str, object]] = []
            try:
                with transaction.atomic():
                    plan, data = shared.locked_data(plan)
                    ref, current = shared.part_as_read(data, part, read)
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
                    if shared.unchanged(data, new_data):
                        if reviewed:
                            review.clear(plan, ref.url_path)
                            messages.success(
                                request,
                                f"Gennemset: {shared.label(ref.kind, new_item)}. Teksterne står, "
                                "som de er.",
                            )
                        else:
                            messages.info(request, "Du har ikke ændret noget. Planen er uændret.")
                        return redirect(shared.part_url(slug, ref.url_path))
                    change = shared.commit(
                        request,
                        plan,
                        new_data,
                        shared.label(ref.kind, new_item),
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
                shared.show_problems(form, ref.kind, ref.data_path, error.problems, new_data)
            except ChangeRefused as refused:
                form.add_error(None, str(refused))
            except _Unsettled as clash:
                unsettled = _consequences_context(clash.found)
                version_id = request.POST.get("version", version_id)
                as_read = request.POST.get("as_read", as_read)
            except shared.Conflict as clash:
                conflict = {
                    "who": shared.who_changed(plan, request.POST.get("version")),
                    "changes": clash.changes,
                    "gone": clash.current is None,
                }
                version = shared.latest(plan)
                version_id = version.pk if version else ""
                if clash.current is not None:
                    now = e.own_values(ref.kind, clash.current)
                    as_read = shared.sign_part(now)
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
                    return shared.proposed(request, change, "Ændringen")
                messages.success(
                    request, f"Gemt: {shared.label(ref.kind, new_item)}. Planen har en ny version."
                )
                return redirect(shared.part_url(slug, ref.url_path))
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
    context = shared.base_context(
        access,
        kind=ref.kind,
        ref=ref,
        target_hint=_target_hint(item, data) if ref.kind is CRITERION_KIND else None,
        siblings=_siblings(slug, data, ref) if ref.kind.code == "activity" else None,
        title=shared.label(ref.kind, item).capitalize()
        if ref.kind is PLAN
        else ref.kind.title(item),
        key=ref.kind.key_of(item),
        breadcrumbs=shared.breadcrumbs(slug, data, ref)
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
        else shared.child_lists(slug, data, ref),
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
        references=shared.references(data, None),
        in_force=not plan.is_draft,
    )
    context = shared.base_context(
        access,
        kind=kind,
        title=kind.label_cap,
        breadcrumbs=[],
        form=form,
        version_id="",
        as_read="",
        conflict={"who": shared.who_changed(plan, request.POST.get("version")), "gone": True},
        child_lists=[],
        delete_url="",
    )
    return render(request, "planning/part_form.html", context)

"""The plan editor: the plan's versions, and what changed between two of them."""

import yaml
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from helhedsplan.core import formats
from helhedsplan.governance.changes import DOCUMENT_LABELS, SUB_AGREEMENT, describe_changes
from helhedsplan.planning import edit_shared as shared
from helhedsplan.planning.edit_forms import (
    VersionsForm,
)
from helhedsplan.plans.planfile import read_checked

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
    access = shared.access(request, slug)
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
    context = shared.base_context(
        access,
        versions=[(n, v, rows[n - 2].pk if n > 1 else None) for n, v in reversed(numbered)],
        form=form,
        grouped=grouped,
        compared=compared,
        versions_url=reverse("planning_edit:versions", args=[slug]),
    )
    return render(request, "planning/versions.html", context)

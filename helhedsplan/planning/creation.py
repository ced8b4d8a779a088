"""Starting a plan in the app: from a template, as the successor of a plan, or from a file; and
putting a draft in force once the board and Landsbyggefonden have approved it.

A new plan is always written as a plan file first and loaded through the same validation and
loader as `helhedsplan plan load`, so a plan made here can be exported, checked and reloaded like
any other.
"""

import datetime
import json
import re
from pathlib import Path

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation

from helhedsplan.accounts.models import PlanMembership, Role
from helhedsplan.core import formats
from helhedsplan.planning.review import mark_copied
from helhedsplan.plans.models import Membership, Plan
from helhedsplan.plans.planfile import validate_text
from helhedsplan.plans.services import dump_plan_data, load_plan, plan_as_data
from helhedsplan.registrations.models import Measurement

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "plans" / "data" / "templates"
TEMPLATES = {
    "lbf-2019": "Landsbyggefondens fire indsatsområder (2019-26)",
    "empty": "Tom plan",
}
PLAN_YEARS = 4


class CreationError(ValueError):
    """Why a plan cannot be created or put in force, in one Danish sentence."""


def plan_end(start: datetime.date) -> datetime.date:
    """A plan runs four plan years: from `start` to the day before its fourth anniversary."""
    return _shift_year(start, PLAN_YEARS) - datetime.timedelta(days=1)


def period_label(start: datetime.date, end: datetime.date) -> str:
    """The years as plans are named: 2021-25."""
    return f"{start.year}-{end.year % 100:02d}"


def default_name(start: datetime.date) -> str:
    return f"Boligsocial helhedsplan {period_label(start, plan_end(start))}"


def successor_name(source: Plan, start: datetime.date) -> str:
    """The old name with the new years ("... 2017-21" -> "... 2021-25"); when the old name
    carries no years, the new years are added in brackets."""
    end = plan_end(start)
    pattern = re.compile(rf"(?<!\d){source.start.year}(\s*[-–]\s*)(\d{{4}}|\d{{2}})(?!\d)")
    match = pattern.search(source.name)
    if match and match.group(2) in (str(source.end.year), f"{source.end.year % 100:02d}"):
        end_text = str(end.year) if len(match.group(2)) == 4 else f"{end.year % 100:02d}"
        new = f"{start.year}{match.group(1)}{end_text}"
        return source.name[: match.start()] + new + source.name[match.end() :]
    return f"{source.name} ({period_label(start, end)})"


def _scalar(value: str) -> str:
    # JSON strings are YAML double-quoted scalars: any name is written safely on one line.
    return json.dumps(value, ensure_ascii=False)


def template_text(template: str, *, slug: str, name: str, start: datetime.date) -> str:
    """A shipped template as a plan file with this plan's short name, name and period."""
    if template not in TEMPLATES:
        known = ", ".join(TEMPLATES)
        raise CreationError(f"Skabelonen «{template}» findes ikke. Vælg en af: {known}.")
    text = (TEMPLATE_DIR / f"{template}.yaml").read_text(encoding="utf-8")
    end = plan_end(start)
    for key, value in (
        ("slug", _scalar(slug)),
        ("name", _scalar(name)),
        ("period", f"{{start: {start.isoformat()}, end: {end.isoformat()}}}"),
    ):
        # Only the top-level line: focus areas and bodies have names of their own, indented.
        text, count = re.subn(
            rf"^{key}: .*$", lambda _m, k=key, v=value: f"{k}: {v}", text, count=1, flags=re.M
        )
        if count != 1:  # pragma: no cover - the shipped templates have each line once
            raise CreationError(f"Skabelonen «{template}» mangler linjen «{key}:».")
    return text


def _shift_year(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def latest_measurements(plan: Plan) -> dict[str, Measurement]:
    """The newest measurement of each local measure of the plan, by the measure's key: one
    query (the newest per measure is picked in SQL)."""
    newest = (
        Measurement.objects.filter(local_measure=OuterRef("local_measure"))
        .order_by("-date", "-id")
        .values("id")[:1]
    )
    rows = (
        Measurement.objects.filter(plan=plan, local_measure__isnull=False)
        .filter(id=Subquery(newest))
        .select_related("local_measure")
    )
    return {row.local_measure.key: row for row in rows}


def successor_data(source: Plan, *, slug: str, name: str, start: datetime.date) -> dict:
    """The source plan's structure as the next plan's file data: new short name, name and
    period, dates and target years moved on by whole years, baselines proposed from the latest
    measurements. Registrations, measurements, economy, meetings and texts are not in the file,
    so they stay with the old plan."""
    end = plan_end(start)
    offset = start.year - source.start.year
    latest = latest_measurements(source)
    data = {}
    for key, value in plan_as_data(source).items():
        if key != "predecessor":
            data[key] = value
        if key == "small_number_threshold" or key == "secretariat":
            # Where plan_as_data writes it, so the file reads like an exported one.
            data.pop("predecessor", None)
            data["predecessor"] = source.slug
    data.update(slug=slug, name=name, period={"start": start, "end": end})
    with translation.override("da"):
        for focus in data.get("focus_areas", []):
            valid = focus.get("valid")
            if valid:
                focus["valid"] = {
                    "start": _shift_year(valid["start"], offset),
                    "end": _shift_year(valid["end"], offset),
                }
            for measure in focus.get("local_measures", []):
                target = measure.get("target")
                if target and target.get("year") is not None:
                    target["year"] += offset
                found = latest.get(measure["key"])
                if found is None:
                    continue  # no measurement: the old baselines are the best there is
                measure["baselines"] = [
                    {
                        "period": found.period or str(found.date.year),
                        "value": formats.plain_number(found.value),
                        "note": (
                            f"Foreslået ud fra seneste måling i {source.name} "
                            f"({formats.date_words(found.date)}): ret den, når den endelige "
                            "baseline kendes."
                        ),
                    }
                ]
                # The old paragraph describes the old baselines, not the proposed one.
                measure.pop("baseline_text", None)
    return data


def successor_text(source: Plan, *, slug: str, name: str, start: datetime.date) -> str:
    """The successor of `source` as a plan file (YAML)."""
    return dump_plan_data(successor_data(source, slug=slug, name=name, start=start))


def grant_secretariat(plan: Plan, user) -> PlanMembership:
    """Give `user` the secretariat role in `plan` (the creator of a plan keeps it)."""
    group, _ = Group.objects.get_or_create(name=Role.SEKRETARIAT)
    membership, _ = PlanMembership.objects.update_or_create(
        user=user, plan=plan, defaults={"group": group, "organisation": plan.secretariat}
    )
    return membership


def _copy_member_details(source: Plan, plan: Plan) -> int:
    """The e-mail and login the app keeps on a body member follow the member into the new plan,
    matched by body key, role and name. Two queries and one bulk update."""
    known: dict[tuple, list[Membership]] = {}
    for member in Membership.objects.filter(body__plan=source).select_related("body"):
        if member.email or member.user_id:
            known.setdefault((member.body.key, member.role, member.name), []).append(member)
    changed = []
    for member in Membership.objects.filter(body__plan=plan).select_related("body"):
        same = known.get((member.body.key, member.role, member.name))
        if same:
            old = same.pop(0)
            member.email, member.user_id = old.email, old.user_id
            changed.append(member)
    Membership.objects.bulk_update(changed, ["email", "user"])
    return len(changed)


def slug_taken_message(slug: str) -> str:
    return f"Der findes allerede en plan med det korte navn «{slug}»."


def create_plan(
    *,
    text: str,
    user=None,
    source_name: str = "",
    member_details_from: Plan | None = None,
    allowed_predecessors=None,
) -> Plan:
    """Create a new plan, as a draft, from a plan file's text; all or nothing.

    Raises PlanFileError (every problem named) for a file that is not valid, CreationError
    when a plan with the file's short name exists: loading it would replace that plan. The
    creating user gets the secretariat role; nobody else is given access. With
    `allowed_predecessors` (a queryset of plans), a predecessor named in the file is linked only
    when it is one of them: an uploaded file must not tie itself to a plan its author cannot see.
    """
    plan_in, _source = validate_text(text)
    with transaction.atomic():
        if Plan.objects.filter(slug=plan_in.slug).exists():
            raise CreationError(slug_taken_message(plan_in.slug))
        loaded_by = user.get_username() if user is not None else ""
        plan = load_plan(
            text=text,
            source_name=source_name,
            loaded_by=loaded_by,
            new_status=Plan.Status.DRAFT,
        )
        # Another request may have created the same short name in between: then this load
        # replaced it. Undo by raising inside the transaction.
        if plan.file_versions.count() != 1 or plan.status != Plan.Status.DRAFT:
            raise CreationError(slug_taken_message(plan_in.slug))
        if (
            allowed_predecessors is not None
            and plan.predecessor_id
            and not allowed_predecessors.filter(pk=plan.predecessor_id).exists()
        ):
            plan.predecessor = None
            plan.save(update_fields=["predecessor"])
        if user is not None:
            grant_secretariat(plan, user)
        if member_details_from is not None:
            _copy_member_details(member_details_from, plan)
            # The texts copied word for word are «Skal gennemses» until edited (issue 18.7).
            mark_copied(plan_as_data(member_details_from), plan)
    return plan


def check_new_slug(slug: str) -> None:
    """Refuse a short name already used; the file's own rules check its form."""
    if Plan.objects.filter(slug=slug).exists():
        raise CreationError(slug_taken_message(slug))


def mark_in_force(
    plan: Plan,
    *,
    board_approved_on: datetime.date | None,
    lbf_approved_on: datetime.date | None,
    user=None,
    today: datetime.date | None = None,
) -> Plan:
    """Put a draft in force. From then on its structure changes only through change requests
    decided by the board; it cannot go back to being a draft."""
    today = today or timezone.localdate()
    if not plan.is_draft:
        raise CreationError(
            f"Planen «{plan.name}» er allerede i kraft og kan ikke blive et udkast igen."
        )
    if board_approved_on is None:
        raise CreationError("Skriv datoen for bestyrelsens godkendelse.")
    if lbf_approved_on is None:
        raise CreationError("Skriv datoen for Landsbyggefondens godkendelse.")
    if board_approved_on > today:
        raise CreationError("Bestyrelsens godkendelse kan ikke ligge i fremtiden.")
    if lbf_approved_on > today:
        raise CreationError("Landsbyggefondens godkendelse kan ikke ligge i fremtiden.")
    if lbf_approved_on < board_approved_on:
        raise CreationError(
            "Landsbyggefonden godkender efter bestyrelsen: Landsbyggefondens dato kan ikke "
            "ligge før bestyrelsens."
        )
    plan.status = Plan.Status.IN_FORCE
    plan.board_approved_on = board_approved_on
    plan.lbf_approved_on = lbf_approved_on
    plan.status_changed_by = user
    # simple_history reads these for the history row (no request in a command).
    plan._history_user = user
    plan._change_reason = "Sat i kraft"
    plan.save()
    return plan

"""Controlled changes to the agreements: propose, decide in the board, approve at LBF, apply."""

import copy
import datetime

from django.db import transaction

from helhedsplan.core import formats
from helhedsplan.governance.changes import describe_changes
from helhedsplan.governance.models import ChangeRequest, Decision
from helhedsplan.plans.models import Plan, PlanFileVersion
from helhedsplan.plans.planfile import PlanFileError, read_checked, validate_text
from helhedsplan.plans.services import dump_plan_data, export_plan, load_plan, plan_as_data


class ChangeRefused(ValueError):
    """The change cannot go ahead; the message is Danish and meant for the user."""


def latest_version(plan: Plan) -> PlanFileVersion | None:
    return plan.file_versions.order_by("-loaded_at", "-id").first()


def _as_data(text: str) -> dict:
    return read_checked(text)


def propose(*, plan: Plan, title: str, reason: str, proposed_text: str, user=None) -> ChangeRequest:
    """Check the proposed plan file and store it with its changes in words; nothing takes effect."""
    base = latest_version(plan)
    if base is None:
        raise ChangeRefused("Planen har ingen indlæst planfil at ændre.")
    try:
        plan_in, _source = validate_text(proposed_text)
    except PlanFileError as error:
        problems = "; ".join(str(problem) for problem in error.problems[:10])
        raise ChangeRefused(f"Den foreslåede planfil har fejl: {problems}") from None
    if plan_in.slug != plan.slug:
        raise ChangeRefused(
            f"Planfilen er for planen «{plan_in.slug}», ikke «{plan.slug}». Skift ikke planens korte navn."
        )
    changes = describe_changes(_as_data(export_plan(plan)), _as_data(proposed_text))
    if not changes:
        raise ChangeRefused("Den foreslåede planfil ændrer intet i forhold til den gældende plan.")
    return ChangeRequest.objects.create(
        plan=plan,
        title=title,
        reason=reason,
        base_version=base,
        proposed_content=proposed_text,
        changes=[change.as_json() for change in changes],
        documents=sorted({change.document for change in changes}),
        created_by=user,
    )


def criterion_change_text(
    plan: Plan,
    *,
    criterion_key: str,
    target: str,
    target_max: str = "",
    per: str = "",
    text: str = "",
) -> str:
    """The current plan file with one success criterion's target (and text) changed."""
    data = plan_as_data(plan)
    found = None
    for focus in data["focus_areas"]:
        for activity in focus.get("activities", []):
            for criterion in activity.get("success_criteria", []):
                if criterion["key"] == criterion_key:
                    found = criterion
    if found is None:
        raise ChangeRefused(f"Planen har intet succeskriterium «{criterion_key}».")
    for name, raw in (("target", target), ("target_max", target_max)):
        if raw.strip():
            value = formats.parse_number(raw)
            if value is None:
                raise ChangeRefused(f"«{raw}» er ikke et tal.")
            found[name] = formats.plain_number(value)
        elif name == "target_max":
            found.pop(name, None)
    if per:
        found["per"] = per
    if text.strip():
        found["text"] = text.strip()
    return dump_plan_data(copy.deepcopy(data))


def record_decision(change: ChangeRequest, decision: Decision) -> None:
    """The board's consensus decision: the change may take effect (after LBF, where needed)."""
    if change.status != ChangeRequest.Status.PROPOSED:
        raise ChangeRefused("Forslaget er allerede behandlet.")
    if decision.meeting.body.kind != "board":
        raise ChangeRefused("Ændringer i aftalerne besluttes af bestyrelsen.")
    if not decision.consensus:
        raise ChangeRefused(
            "Ændringer i aftalerne kræver en konsensusbeslutning i bestyrelsen (kommissoriet, pkt. 8)."
        )
    change.decision = decision
    change.status = ChangeRequest.Status.DECIDED
    change.save()


def record_lbf_approval(
    change: ChangeRequest, *, approved_on: datetime.date, reference: str
) -> None:
    if not change.needs_lbf:
        raise ChangeRefused(
            "Forslaget ændrer kun delaftaler; Landsbyggefonden skal ikke godkende det."
        )
    change.lbf_approved_on = approved_on
    change.lbf_reference = reference
    change.save()


def apply_change(change: ChangeRequest, *, user=None) -> PlanFileVersion:
    """Load the proposed plan file, all or nothing, once the decision (and LBF) is in place."""
    if change.status != ChangeRequest.Status.DECIDED:
        raise ChangeRefused("Forslaget kan først træde i kraft, når bestyrelsen har vedtaget det.")
    if change.needs_lbf and not change.lbf_approved_on:
        raise ChangeRefused(
            "Forslaget ændrer den strategiske aftale eller kommissoriet: Landsbyggefondens "
            "godkendelse skal registreres først."
        )
    plan = change.plan
    if latest_version(plan) != change.base_version:
        raise ChangeRefused(
            "Planen er ændret, siden forslaget blev stillet. Opret forslaget igen ud fra den "
            "gældende plan, så ændringerne kan ses korrekt."
        )
    with transaction.atomic():
        try:
            load_plan(
                text=change.proposed_content,
                source_name=f"ændringsforslag {change.pk}: {change.title}",
                loaded_by=getattr(user, "username", ""),
            )
        except PlanFileError as error:
            problems = "; ".join(str(problem) for problem in error.problems[:10])
            raise ChangeRefused(f"Ændringen kan ikke indlæses: {problems}") from None
        change.applied_version = latest_version(plan)
        change.status = ChangeRequest.Status.APPLIED
        change.save()
    return change.applied_version

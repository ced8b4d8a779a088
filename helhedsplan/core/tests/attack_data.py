"""Two plans for the attack tests: plan A, whose people make the requests, and plan B, a second
plan whose rows must never reach them. Every free text in plan B carries MARK_B, and one
registration in plan A by another partner carries MARK_PARTNER (A's partner must not read it).

Plan B is the same plan file under another slug, so that keys (activities, bodies, criteria)
exist in both plans and only the ids tell the plans apart: the question is whether a view
checks that an id belongs to the plan in the address.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from helhedsplan.accounts.invitations import invite
from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.conftest import PASSWORD, PLAN_FILE
from helhedsplan.economy.models import Expense, Financing, StaffHours
from helhedsplan.governance.models import (
    AgendaItem,
    ChangeRequest,
    Decision,
    Meeting,
    Notice,
    Recommendation,
)
from helhedsplan.plans.models import Plan
from helhedsplan.plans.services import load_plan
from helhedsplan.preparedness.models import (
    ActionItem,
    Activation,
    Contact,
    IncidentType,
    LogEntry,
)
from helhedsplan.progress.models import Milestone
from helhedsplan.registrations.models import (
    Assessment,
    Measurement,
    Participant,
    Registration,
    RegistrationParticipant,
)
from helhedsplan.reports.models import Narrative

SLUG_A = "randers-nordby-2017-21"
SLUG_B = "anden-plan-b"
MARK_B = "LAEKBX"
MARK_PARTNER = "LAEKPX"
# Keys that exist in both plans (the same plan file).
ACTIVITY = "naboskab"  # not the production school's: A's partner does not deliver it
PARTNER_ACTIVITY = "uddannelsestilbud-for-unge"  # the production school's
CRITERION = "naboskab-ambassadoerer"
BODY = "styregruppe"
DATE = datetime.date(2018, 10, 3)


@dataclass
class PlanRows:
    """The ids of one plan's rows that appear in addresses."""

    plan: Plan
    ids: dict[str, int] = field(default_factory=dict)


def load_plan_b() -> Plan:
    text = PLAN_FILE.read_text(encoding="utf-8")
    text = text.replace(f"slug: {SLUG_A}", f"slug: {SLUG_B}", 1)
    text = text.replace("name: Boligsocial helhedsplan", f"name: {MARK_B} helhedsplan", 1)
    return load_plan(text=text, source_name="plan-b.yaml")


def _registration(plan, activity_key, *, note, by=None, organisation=None):
    activity = plan.activities.get(key=activity_key)
    registration = Registration.objects.create(
        plan=plan,
        activity=activity,
        date=DATE,
        kind=Registration.Kind.EVENT,
        count=1,
        participants=12,
        note=note,
        registered_by=by,
        organisation=organisation,
    )
    registration.criteria.set(activity.success_criteria.all()[:1])
    return registration


def fill_plan(plan: Plan, mark: str) -> PlanRows:
    """One row of every kind that an address can name, each free text marked with `mark`."""
    rows = PlanRows(plan)
    user = ensure_member(
        plan=plan, username=f"{mark.lower()}-sekretaer", role=Role.SEKRETARIAT, password=PASSWORD
    )
    membership = user.plan_memberships.get(plan=plan)
    rows.ids["membership"] = membership.pk
    invited = invite(plan=plan, email=f"{mark.lower()}@example.org", role=Role.LAESER, by=user)
    rows.ids["invitation"] = invited.invitation.pk

    registration = _registration(plan, ACTIVITY, note=f"{mark} registrering", by=user)
    participant = Participant.objects.create(plan=plan, code=f"{mark}01")
    RegistrationParticipant.objects.create(registration=registration, participant=participant)
    rows.ids["registration"] = registration.pk
    criterion = plan.success_criteria.get(key=CRITERION)
    Measurement.objects.create(
        plan=plan,
        criterion=criterion,
        date=DATE,
        value=Decimal(17),
        source=f"{mark} kilde",
        note=f"{mark} maaling",
    )
    Assessment.objects.create(
        plan=plan,
        criterion=criterion,
        tertial="2018/19-T1",
        status=Assessment.Status.BEHIND,
        text=f"{mark} vurdering",
    )
    Narrative.objects.create(
        plan=plan, report="fremdrift", period="2018/19-T1", text=f"{mark} rapporttekst"
    )
    Milestone.objects.create(
        plan=plan,
        activity=plan.activities.get(key=ACTIVITY),
        month=datetime.date(2018, 9, 1),
        title=f"{mark} milepael",
        note=f"{mark} note",
    )
    Expense.objects.create(
        plan=plan,
        month=datetime.date(2018, 9, 1),
        amount=Decimal(1234),
        financing=Financing.LBF,
        note=f"{mark} udgift",
    )
    StaffHours.objects.create(
        plan=plan,
        organisation=plan.organisations.first(),
        month=datetime.date(2018, 9, 1),
        hours=Decimal(7),
        note=f"{mark} timer",
    )

    body = plan.bodies.get(key=BODY)
    meeting = Meeting.objects.create(
        plan=plan,
        body=body,
        starts_at=timezone.make_aware(datetime.datetime(2018, 10, 10, 14)),
        location=f"{mark} lokale",
        minutes=f"{mark} referat",
        reason=f"{mark} grund",
    )
    rows.ids["meeting"] = meeting.pk
    AgendaItem.objects.create(meeting=meeting, title=f"{mark} dagsordenspunkt")
    decision = Decision.objects.create(meeting=meeting, text=f"{mark} beslutning")
    recommendation = Recommendation.objects.create(
        plan=plan, from_meeting=meeting, title=f"{mark} indstilling", text=f"{mark} tekst"
    )
    rows.ids["recommendation"] = recommendation.pk
    change = ChangeRequest.objects.create(
        plan=plan,
        title=f"{mark} aendring",
        reason=f"{mark} begrundelse",
        base_version=plan.file_versions.first(),
        proposed_content=plan.file_versions.first().content,
        decision=decision,
    )
    rows.ids["change"] = change.pk
    Notice.objects.create(plan=plan, subject=f"{mark} emne", text=f"{mark} underretning")
    member = body.members.first()
    member.email = f"{mark.lower()}-medlem@example.org"
    member.note = f"{mark} medlem"
    member.save()
    rows.ids["body_member"] = member.pk

    contact = Contact.objects.create(
        plan=plan,
        kind=Contact.Kind.MEMBER,
        role=f"{mark} rolle",
        name=f"{mark} kontakt",
        phone="12345678",
        note=f"{mark} note",
    )
    rows.ids["contact"] = contact.pk
    activation = Activation.objects.create(
        plan=plan,
        incident_type=IncidentType.VANDALISM,
        occurred_at=timezone.make_aware(datetime.datetime(2019, 2, 2, 22)),
        description=f"{mark} haendelse",
        address=f"{mark} vej 1",
        evaluation=f"{mark} evaluering",
    )
    LogEntry.objects.create(activation=activation, text=f"{mark} log")
    ActionItem.objects.create(activation=activation, title=f"{mark} handling", owner=f"{mark}")
    rows.ids["activation"] = activation.pk
    return rows


def plan_b_fingerprint(plan: Plan) -> dict[str, int]:
    """How many rows plan B has of every kind a request could change."""
    return {
        "registrations": Registration.objects.filter(plan=plan).count(),
        "measurements": Measurement.objects.filter(plan=plan).count(),
        "assessments": Assessment.objects.filter(plan=plan).count(),
        "narratives": Narrative.objects.filter(plan=plan).count(),
        "milestones": Milestone.objects.filter(plan=plan).count(),
        "expenses": Expense.objects.filter(plan=plan).count(),
        "meetings": Meeting.objects.filter(plan=plan).count(),
        "recommendations": Recommendation.objects.filter(plan=plan).count(),
        "changes": ChangeRequest.objects.filter(plan=plan).count(),
        "contacts": Contact.objects.filter(plan=plan).count(),
        "activations": Activation.objects.filter(plan=plan).count(),
        "memberships": plan.memberships.count(),
        "invitations": plan.invitations.filter(withdrawn_at__isnull=True).count(),
        "file_versions": plan.file_versions.count(),
        "marked_texts": Registration.objects.filter(plan=plan, note__contains=MARK_B).count()
        + Meeting.objects.filter(plan=plan, minutes__contains=MARK_B).count()
        + Contact.objects.filter(plan=plan, name__contains=MARK_B).count(),
    }


def personas(plan: Plan) -> dict:
    """Plan A's people, one of every role (the partner is the production school's)."""
    people = {}
    for role in Role:
        organisation = (
            plan.organisations.get(key="randers-produktionshoejskole")
            if role == Role.PARTNER
            else None
        )
        people[role.value] = ensure_member(
            plan=plan,
            username=f"a-{role.value}",
            role=role,
            password=PASSWORD,
            organisation=organisation,
        )
    return people


def other_partner_registration(plan: Plan):
    """A registration in plan A by another organisation, for an activity A's partner does not
    deliver."""
    return _registration(plan, ACTIVITY, note=f"{MARK_PARTNER} anden partner")


# ---- stored cross-site scripting ---------------------------------------------------------------

# Breaks out of an attribute and opens an element with a script handler: harmless only if every
# page escapes it. `xss()` is defined by the browser test to notice a run.
PAYLOAD = "\"'><img src=x onerror=xss()>"
# Text fields that hold no free text: keys, codes with a checked format, hashes, the plan file.
NOT_FREE_TEXT = {
    "key",
    "slug",
    "code",
    "token_hash",
    "key_hash",
    "request_hash",
    "sha256",
    "content",
    "proposed_content",
    "period",
    "tertial",
    "report",
    "topic",
    "phone",
    "numbers",
    "email",
    "password",
    "username",
    "token",
    "result_url",
    "history_type",
    "history_change_reason",
    "report_kind",
    "report_period",
    "claim_value",
    "recipients",
    "channel",
    "recipient",
    "error",
    "owner",  # a Milestone's owner is picked from the plan's organisations
}


def free_text_fields(model):
    """The model's free-text columns a person can write."""
    from django.db import models

    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not isinstance(f, models.SlugField | models.EmailField | models.URLField)
        and not f.choices
        and f.name not in NOT_FREE_TEXT
    ]


def plant_payload(plan: Plan) -> list[str]:
    """PAYLOAD (and the column's name, so a finding says where) in every free-text column of every
    row of `plan`, in every app, history included. Returns the columns planted."""
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.db.models import CharField, F, Value
    from django.db.models.functions import Cast, Concat, Left

    from helhedsplan.plans.admin import plan_lookup

    planted = []
    for model in apps.get_models():
        if (
            model._meta.app_label
            not in {
                "plans",
                "registrations",
                "progress",
                "economy",
                "reports",
                "governance",
                "preparedness",
                "accounts",
                "workspace",
                "api",
            }
            and model is not get_user_model()
        ):
            continue
        lookup = plan_lookup(model)
        if model is get_user_model():
            rows = model.objects.filter(plan_memberships__plan=plan)
        elif lookup:
            rows = model._default_manager.filter(**{lookup: plan.pk})
        else:
            continue
        rows = model._default_manager.filter(pk__in=list(rows.values_list("pk", flat=True)))
        for f in free_text_fields(model):
            if model is get_user_model() and f.name not in {"first_name", "last_name"}:
                continue
            text = Concat(Value(PAYLOAD + f.name + "-"), Cast(F("pk"), CharField()))
            if f.max_length:
                if f.max_length < len(PAYLOAD) + 8:
                    continue
                text = Left(text, f.max_length)
            if rows.update(**{f.name: text}):
                planted.append(f"{model._meta.label}.{f.name}")
    return planted

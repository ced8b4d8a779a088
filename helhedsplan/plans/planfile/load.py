"""Loading a plan file into the database: each part's fields go to the columns that
plans/planfile/fields.py names for them; what is matched by key survives a reload."""

import hashlib

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError

from helhedsplan.plans import models as m
from helhedsplan.plans.planfile import fields as F
from helhedsplan.plans.planfile.errors import PlanFileError, PlanFileProblem
from helhedsplan.plans.planfile.export import preparedness_data
from helhedsplan.plans.planfile.validate import validate_text
from helhedsplan.plans.planfile.vocabulary import (
    AREA,
    EMPTY_IS_TEXT,
    LINES,
    ORGANISATION,
    PLAN_REF,
    REFERENCES,
    SUB_ACTIVITY,
    Part,
)


def load_plan(
    *,
    text: str,
    source_name: str = "",
    loaded_by: str = "",
    new_status: str = m.Plan.Status.IN_FORCE,
) -> m.Plan:
    """Create or replace the plan described by `text`, all or nothing.

    Raises PlanFileError (every problem named) before touching the database; any failure while
    writing rolls the whole load back. A plan loaded for the first time gets `new_status`: a
    plan file loaded on the server is the agreed plan (in force); one started in the app is a
    draft. A reload keeps the plan's status.
    """
    plan_in, _source = validate_text(text)
    with transaction.atomic():
        plan = _write_plan(plan_in.model_dump(by_alias=True), new_status=new_status)
        m.PlanFileVersion.objects.create(
            plan=plan,
            loaded_by=loaded_by,
            source_name=source_name,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            content=text,
        )
    return plan


def _file_value(item: dict, name: str):
    for step in name.split("."):
        item = item.get(step) if isinstance(item, dict) else None
    return item


def columns(part: Part, item: dict, refs: dict | None = None, *, on: str = "") -> dict:
    """The database values of a part's fields, by column: those stored on the part's own model,
    or with `on` those on the related object of that name (a focus area's sub_agreement).
    `refs` maps a reference widget to {key: object}; without it references are left out."""
    values = {}
    for field in part.fields:
        owner, _, column = field.attr.rpartition(".")
        if not field.stored or owner != on:
            continue
        value = _file_value(item, field.name)
        if field.widget in REFERENCES:
            if refs is None or field.widget not in refs:
                continue
            value = refs[field.widget].get(value) if value else None
        elif value is None and field.widget in EMPTY_IS_TEXT:
            value = ""
        elif field.widget == LINES:
            value = list(value or [])
        values[column] = value
    return values


class _Keyed:
    """Objects of one kind matched by key: kept and updated, created, or (at the end) removed.

    A reload must not cut what points at the plan's structure: registrations, measurements and
    user roles refer to activities, criteria, measures and organisations by id.
    """

    def __init__(self, model, queryset, what: str):
        self.model = model
        self.existing = {obj.key: obj for obj in queryset}
        self.kept: set[int] = set()
        self.what = what

    def sync(self, key: str, **fields):
        obj = self.existing.get(key) or self.model(key=key)
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.save()
        self.kept.add(obj.pk)
        return obj

    def remove_unlisted(self) -> None:
        for key, obj in self.existing.items():
            if obj.pk in self.kept:
                continue
            try:
                with transaction.atomic():
                    obj.delete()
            except (ProtectedError, RestrictedError):
                raise PlanFileError(
                    [
                        PlanFileProblem(
                            self.what,
                            f"«{key}» er fjernet fra planfilen, men der er registreret data på "
                            "den. Behold den i filen (eller flyt dataene først).",
                        )
                    ]
                ) from None


def _write_plan(p: dict, *, new_status: str) -> m.Plan:
    slug = p["slug"]
    plan = m.Plan.objects.filter(slug=slug).first() or m.Plan(slug=slug, status=new_status)
    for column, value in columns(F.PLAN, p).items():
        setattr(plan, column, value)
    plan.preparedness = preparedness_data(p["preparedness"] or {})
    plan.save()
    # What nothing outside the plan file refers to is simply written anew.
    plan.departments.all().delete()
    m.CoverageRule.objects.filter(area__plan=plan).delete()
    m.SubAgreementParty.objects.filter(sub_agreement__focus_area__plan=plan).delete()
    m.MeasureFigure.objects.filter(measure__plan=plan).delete()

    org_sync = _Keyed(m.Organisation, plan.organisations.all(), "organisations")
    orgs = {
        o["key"]: org_sync.sync(
            o["key"], plan=plan, **columns(F.ORGANISATION_PART, o), order=i, parent=None
        )
        for i, o in enumerate(p["organisations"])
    }
    for o in p["organisations"]:
        if o["parent"]:
            orgs[o["key"]].parent = orgs[o["parent"]]
            orgs[o["key"]].save(update_fields=["parent"])
    # A file may be loaded where its predecessor is not (another installation): no link then.
    before = p["predecessor"]
    plans = {before: m.Plan.objects.filter(slug=before).first()} if before else {}
    for column, value in columns(F.PLAN, p, {ORGANISATION: orgs, PLAN_REF: plans}).items():
        setattr(plan, column, value)
    plan.save(update_fields=["secretariat", "predecessor"])

    area_sync = _Keyed(m.Area, plan.areas.all(), "areas")
    areas = {}
    for order, a in enumerate(p["areas"]):
        area = area_sync.sync(a["key"], plan=plan, **columns(F.AREA_PART, a), order=order)
        areas[a["key"]] = area
        m.CoverageRule.objects.bulk_create(
            m.CoverageRule(area=area, **columns(F.COVERAGE_PART, r), order=i)
            for i, r in enumerate(a["coverage"])
        )
    refs = {ORGANISATION: orgs, AREA: areas}
    m.Department.objects.bulk_create(
        m.Department(plan=plan, **columns(F.DEPARTMENT_PART, d, refs), order=i)
        for i, d in enumerate(p["departments"])
    )
    goal_sync = _Keyed(m.OverallGoal, plan.overall_goals.all(), "overall_goals")
    for i, g in enumerate(p["overall_goals"]):
        goal_sync.sync(g["key"], plan=plan, **columns(F.GOAL_PART, g), order=i)

    syncs = {
        "focus_areas": _Keyed(m.FocusArea, plan.focus_areas.all(), "focus_areas"),
        "local_measures": _Keyed(m.LocalMeasure, plan.local_measures.all(), "local_measures"),
        "activities": _Keyed(m.Activity, plan.activities.all(), "activities"),
        "criteria": _Keyed(m.SuccessCriterion, plan.success_criteria.all(), "success_criteria"),
    }
    sub_syncs = []
    for f in p["focus_areas"]:
        sub_syncs += _write_focus_area(plan, f, orgs, syncs)
    # Bodies are matched by key, so their meetings stay attached through a reload.
    body_sync = _Keyed(m.Body, plan.bodies.all(), "bodies")
    for order, b in enumerate(p["bodies"]):
        body = body_sync.sync(b["key"], plan=plan, **columns(F.BODY_PART, b), order=order)
        _sync_members(body, b["members"], orgs)
    # Removed last, children first, so that a kept child never hangs on a removed parent.
    for sync in (syncs["criteria"], *sub_syncs, syncs["activities"], syncs["local_measures"]):
        sync.remove_unlisted()
    for sync in (body_sync, syncs["focus_areas"], goal_sync, area_sync, org_sync):
        sync.remove_unlisted()
    return plan


def _sync_members(body: m.Body, members: list[dict], orgs) -> None:
    """Members matched by role, name and organisation: what the app keeps on them (e-mail,
    dates, login user, the activities they deliver data for) survives a reload. A member the
    file renamed, or gave a new role, at the same place in the list is the same person: matched
    in a second pass by place, so the app's data follows. Members the file no longer lists go,
    but only the file's own: members added or renamed in the app stay."""
    existing: dict[tuple, list[m.Membership]] = {}
    file_members = list(body.members.filter(from_file=True).order_by("order"))
    for member in body.members.all():
        existing.setdefault((member.role, member.name, member.organisation_id), []).append(member)
    values = [columns(F.MEMBER_PART, x, {ORGANISATION: orgs}) for x in members]
    matched: dict[int, m.Membership] = {}
    for i, x in enumerate(values):
        organisation = x["organisation"]
        same = existing.get((x["role"], x["name"], organisation.pk if organisation else None))
        if same:
            matched[i] = same.pop(0)
    taken = {member.pk for member in matched.values()}
    leftovers = {member.order: member for member in file_members if member.pk not in taken}
    kept = set()
    for i, x in enumerate(values):
        member = matched.get(i) or leftovers.pop(i, None)
        if member is None:
            member = m.Membership(body=body)
        for column, value in x.items():
            setattr(member, column, value)
        member.order = i
        member.from_file = True
        member.save()
        kept.add(member.pk)
    body.members.exclude(pk__in=kept).filter(from_file=True).delete()


def _write_focus_area(plan, f: dict, orgs, syncs) -> list[_Keyed]:
    focus = syncs["focus_areas"].sync(
        f["key"], plan=plan, **columns(F.FOCUS_AREA_PART, f, {ORGANISATION: orgs})
    )
    agreement, _ = m.SubAgreement.objects.update_or_create(
        focus_area=focus, defaults=columns(F.FOCUS_AREA_PART, f, on="sub_agreement")
    )
    refs = {ORGANISATION: orgs}
    m.SubAgreementParty.objects.bulk_create(
        m.SubAgreementParty(sub_agreement=agreement, **columns(F.PARTY_PART, x, refs), order=i)
        for i, x in enumerate(f["parties"])
    )
    for lm in f["local_measures"]:
        measure = syncs["local_measures"].sync(
            lm["key"], plan=plan, focus_area=focus, **columns(F.MEASURE_PART, lm)
        )
        figures = [
            m.MeasureFigure(measure=measure, role=role, **columns(part, x), order=i)
            for role, part, items in (
                (m.MeasureFigure.Role.BASELINE, F.BASELINE_PART, lm["baselines"]),
                (m.MeasureFigure.Role.COMPARISON, F.COMPARISON_PART, lm["comparisons"]),
            )
            for i, x in enumerate(items)
        ]
        m.MeasureFigure.objects.bulk_create(figures)
    sub_syncs = []
    for a in f["activities"]:
        activity = syncs["activities"].sync(
            a["key"], plan=plan, focus_area=focus, **columns(F.ACTIVITY_PART, a, refs)
        )
        sub_sync = _Keyed(
            m.SubActivity, activity.sub_activities.all(), f"{a['key']}.sub_activities"
        )
        sub_syncs.append(sub_sync)
        subs = {
            s["key"]: sub_sync.sync(
                s["key"], activity=activity, **columns(F.SUB_ACTIVITY_PART, s), order=i
            )
            for i, s in enumerate(a["sub_activities"])
        }
        for i, c in enumerate(a["success_criteria"]):
            values = columns(F.CRITERION_PART, c, {**refs, SUB_ACTIVITY: subs})
            # The validator has made a count state it; unique participants always count
            # persons; for other kinds the field is not read.
            values["counts_persons"] = c["kind"] == "unique_participants" or bool(
                c["counts_persons"]
            )
            syncs["criteria"].sync(c["key"], plan=plan, activity=activity, order=i, **values)
    return sub_syncs

"""Loading a plan file into the database and exporting it back: the plan's round trip."""

import hashlib
import json
from decimal import Decimal

import yaml
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError

from helhedsplan.plans import models as m
from helhedsplan.plans.planfile import PlanFileError, PlanFileProblem, validate_text
from helhedsplan.plans.planfile.schema import PlanIn


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
        plan = _write_plan(plan_in, new_status=new_status)
        m.PlanFileVersion.objects.create(
            plan=plan,
            loaded_by=loaded_by,
            source_name=source_name,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            content=text,
        )
    return plan


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


def _write_plan(p: PlanIn, *, new_status: str) -> m.Plan:
    plan = m.Plan.objects.filter(slug=p.slug).first() or m.Plan(slug=p.slug, status=new_status)
    for field, value in {
        "name": p.name,
        "vision": p.vision or "",
        "summary": p.summary or "",
        "start": p.period.start,
        "end": p.period.end,
        "residents": p.residents,
        "tenancies": p.tenancies,
        "residents_source": p.residents_source or "",
        "budget_lbf": p.budget.lbf,
        "budget_local": p.budget.local,
        "small_number_threshold": p.small_number_threshold,
        "purposes": list(p.purposes),
        "note": p.note or "",
        "preparedness": _preparedness_data(p.preparedness.model_dump() if p.preparedness else {}),
    }.items():
        setattr(plan, field, value)
    plan.save()
    # What nothing outside the plan file refers to is simply written anew.
    plan.departments.all().delete()
    m.CoverageRule.objects.filter(area__plan=plan).delete()
    m.SubAgreementParty.objects.filter(sub_agreement__focus_area__plan=plan).delete()
    m.MeasureFigure.objects.filter(measure__plan=plan).delete()

    org_sync = _Keyed(m.Organisation, plan.organisations.all(), "organisations")
    orgs = {
        o.key: org_sync.sync(
            o.key, plan=plan, name=o.name, kind=o.kind, note=o.note or "", order=i, parent=None
        )
        for i, o in enumerate(p.organisations)
    }
    for o in p.organisations:
        if o.parent:
            orgs[o.key].parent = orgs[o.parent]
            orgs[o.key].save(update_fields=["parent"])
    plan.secretariat = orgs[p.secretariat] if p.secretariat else None
    # A file may be loaded where its predecessor is not (another installation): no link then.
    plan.predecessor = m.Plan.objects.filter(slug=p.predecessor).first() if p.predecessor else None
    plan.save(update_fields=["secretariat", "predecessor"])

    area_sync = _Keyed(m.Area, plan.areas.all(), "areas")
    areas = {}
    for order, a in enumerate(p.areas):
        area = area_sync.sync(
            a.key, plan=plan, name=a.name, aliases=list(a.aliases), note=a.note or "", order=order
        )
        areas[a.key] = area
        m.CoverageRule.objects.bulk_create(
            m.CoverageRule(
                area=area,
                street=r.street,
                numbers=r.numbers,
                from_number=r.from_number,
                to_number=r.to_number,
                note=r.note or "",
                order=i,
            )
            for i, r in enumerate(a.coverage)
        )
    m.Department.objects.bulk_create(
        m.Department(
            plan=plan,
            organisation=orgs[d.organisation],
            number=d.number,
            area=areas[d.area],
            name=d.name or "",
            note=d.note or "",
            order=i,
        )
        for i, d in enumerate(p.departments)
    )
    goal_sync = _Keyed(m.OverallGoal, plan.overall_goals.all(), "overall_goals")
    for i, g in enumerate(p.overall_goals):
        goal_sync.sync(g.key, plan=plan, text=g.text, note=g.note or "", order=i)

    syncs = {
        "focus_areas": _Keyed(m.FocusArea, plan.focus_areas.all(), "focus_areas"),
        "local_measures": _Keyed(m.LocalMeasure, plan.local_measures.all(), "local_measures"),
        "activities": _Keyed(m.Activity, plan.activities.all(), "activities"),
        "criteria": _Keyed(m.SuccessCriterion, plan.success_criteria.all(), "success_criteria"),
    }
    sub_syncs = []
    for f in p.focus_areas:
        sub_syncs += _write_focus_area(plan, f, orgs, syncs)
    # Bodies are matched by key, so their meetings stay attached through a reload.
    body_sync = _Keyed(m.Body, plan.bodies.all(), "bodies")
    for order, b in enumerate(p.bodies):
        body = body_sync.sync(
            b.key,
            plan=plan,
            name=b.name,
            kind=b.kind,
            meets_per_year=b.meets_per_year,
            meeting_rule=b.meeting_rule or "",
            purpose=b.purpose or "",
            note=b.note or "",
            order=order,
        )
        _sync_members(body, b.members, orgs)
    # Removed last, children first, so that a kept child never hangs on a removed parent.
    for sync in (syncs["criteria"], *sub_syncs, syncs["activities"], syncs["local_measures"]):
        sync.remove_unlisted()
    for sync in (body_sync, syncs["focus_areas"], goal_sync, area_sync, org_sync):
        sync.remove_unlisted()
    return plan


def _sync_members(body: m.Body, members, orgs) -> None:
    """Members matched by role, name and organisation: what the app keeps on them (e-mail,
    dates, login user, the activities they deliver data for) survives a reload. A member the
    file renamed, or gave a new role, at the same place in the list is the same person: matched
    in a second pass by place, so the app's data follows. Members the file no longer lists go,
    but only the file's own: members added or renamed in the app stay."""
    existing: dict[tuple, list[m.Membership]] = {}
    file_members = list(body.members.filter(from_file=True).order_by("order"))
    for member in body.members.all():
        existing.setdefault((member.role, member.name, member.organisation_id), []).append(member)
    matched: dict[int, m.Membership] = {}
    for i, x in enumerate(members):
        organisation = orgs.get(x.organisation) if x.organisation else None
        same = existing.get((x.role, x.name or "", organisation.pk if organisation else None))
        if same:
            matched[i] = same.pop(0)
    taken = {member.pk for member in matched.values()}
    leftovers = {member.order: member for member in file_members if member.pk not in taken}
    kept = set()
    for i, x in enumerate(members):
        organisation = orgs.get(x.organisation) if x.organisation else None
        member = matched.get(i) or leftovers.pop(i, None)
        if member is None:
            member = m.Membership(body=body)
        member.role = x.role
        member.name = x.name or ""
        member.organisation = organisation
        member.note = x.note or ""
        member.order = i
        member.from_file = True
        member.save()
        kept.add(member.pk)
    body.members.exclude(pk__in=kept).filter(from_file=True).delete()


def _write_focus_area(plan, f, orgs, syncs) -> list[_Keyed]:
    focus = syncs["focus_areas"].sync(
        f.key,
        plan=plan,
        number=f.number,
        name=f.name,
        priority=f.priority,
        purpose=f.purpose or "",
        goals=list(f.goals),
        background=f.background or "",
        note=f.note or "",
    )
    agreement, _ = m.SubAgreement.objects.update_or_create(
        focus_area=focus,
        defaults={
            "staff_hours_per_week": f.staff_hours_per_week,
            "staff_note": f.staff_note or "",
            "budget_lbf": f.budget.lbf,
            "budget_local": f.budget.local,
            "valid_from": f.valid.start if f.valid else None,
            "valid_to": f.valid.end if f.valid else None,
            "municipal_interplay": f.municipal_interplay or "",
        },
    )
    m.SubAgreementParty.objects.bulk_create(
        m.SubAgreementParty(
            sub_agreement=agreement,
            name=x.name,
            title=x.title or "",
            organisation=orgs.get(x.organisation) if x.organisation else None,
            note=x.note or "",
            order=i,
        )
        for i, x in enumerate(f.parties)
    )
    for lm in f.local_measures:
        measure = syncs["local_measures"].sync(
            lm.key,
            plan=plan,
            focus_area=focus,
            number=lm.number,
            text=lm.text,
            data_source=lm.data_source or "",
            unit=lm.unit or "",
            direction=lm.direction,
            tolerance=lm.tolerance,
            target_value=lm.target.value if lm.target else None,
            target_year=lm.target.year if lm.target else None,
            target_note=(lm.target.note or "") if lm.target else "",
            baseline_text=lm.baseline_text or "",
            note=lm.note or "",
        )
        figures = [
            m.MeasureFigure(
                measure=measure,
                role=m.MeasureFigure.Role.BASELINE,
                period=b.period,
                value=b.value,
                note=b.note or "",
                order=i,
            )
            for i, b in enumerate(lm.baselines)
        ] + [
            m.MeasureFigure(
                measure=measure,
                role=m.MeasureFigure.Role.COMPARISON,
                label=c.label,
                period=c.period,
                value=c.value,
                note=c.note or "",
                order=i,
            )
            for i, c in enumerate(lm.comparisons)
        ]
        m.MeasureFigure.objects.bulk_create(figures)
    sub_syncs = []
    for a in f.activities:
        activity = syncs["activities"].sync(
            a.key,
            plan=plan,
            focus_area=focus,
            number=a.number,
            name=a.name,
            description=a.description or "",
            purpose=list(a.purpose),
            target_groups=list(a.target_groups),
            organisation_text=a.organisation_text or "",
            responsible=a.responsible or "",
            responsible_organisation=orgs.get(a.responsible_organisation)
            if a.responsible_organisation
            else None,
            roles=a.roles or "",
            note=a.note or "",
        )
        sub_sync = _Keyed(m.SubActivity, activity.sub_activities.all(), f"{a.key}.sub_activities")
        sub_syncs.append(sub_sync)
        subs = {
            s.key: sub_sync.sync(
                s.key,
                activity=activity,
                name=s.name,
                description=s.description or "",
                note=s.note or "",
                order=i,
            )
            for i, s in enumerate(a.sub_activities)
        }
        for i, c in enumerate(a.success_criteria):
            syncs["criteria"].sync(
                c.key,
                plan=plan,
                activity=activity,
                sub_activity=subs.get(c.sub_activity) if c.sub_activity else None,
                order=i,
                text=c.text,
                kind=c.kind,
                combine=c.combine or "",
                target=c.target,
                target_max=c.target_max,
                per=c.per or "",
                direction=c.direction,
                period_target=c.period_target,
                unit=c.unit or "",
                # The validator has made a count state it; unique participants always count
                # persons; for other kinds the field is not read.
                counts_persons=c.kind == "unique_participants" or bool(c.counts_persons),
                data_source=c.data_source or "",
                responsible_organisation=orgs.get(c.responsible_organisation)
                if c.responsible_organisation
                else None,
                note=c.note or "",
            )
    return sub_syncs


# --- export -------------------------------------------------------------------------------


def _num(value: Decimal | None):
    if value is None:
        return None
    normal = value.normalize()
    return int(normal) if normal == normal.to_integral_value() else float(normal)


def _clean(mapping: dict) -> dict:
    """Leave out what is empty, so the exported file carries only what the plan says."""
    return {k: v for k, v in mapping.items() if v not in (None, "", [], {})}


def plan_as_data(plan: m.Plan) -> dict:
    """The plan as plain data in the plan file's shape and key order."""
    org_key = {o.pk: o.key for o in plan.organisations.all()}
    return _clean(
        {
            "format": 1,
            "slug": plan.slug,
            "name": plan.name,
            "vision": plan.vision,
            "summary": plan.summary,
            "period": {"start": plan.start, "end": plan.end},
            "residents": plan.residents,
            "tenancies": plan.tenancies,
            "residents_source": plan.residents_source,
            "budget": {"lbf": plan.budget_lbf, "local": plan.budget_local},
            "small_number_threshold": plan.small_number_threshold,
            "secretariat": org_key.get(plan.secretariat_id),
            "predecessor": plan.predecessor.slug if plan.predecessor_id else None,
            "purposes": plan.purposes,
            "note": plan.note,
            "organisations": [
                _clean(
                    {
                        "key": o.key,
                        "name": o.name,
                        "kind": o.kind,
                        "parent": org_key.get(o.parent_id),
                        "note": o.note,
                    }
                )
                for o in plan.organisations.all()
            ],
            "areas": [
                _clean(
                    {
                        "key": a.key,
                        "name": a.name,
                        "aliases": a.aliases,
                        "coverage": [
                            _clean(
                                {
                                    "street": r.street,
                                    "numbers": r.numbers,
                                    "from": r.from_number,
                                    "to": r.to_number,
                                    "note": r.note,
                                }
                            )
                            for r in a.coverage.all()
                        ],
                        "note": a.note,
                    }
                )
                for a in plan.areas.prefetch_related("coverage")
            ],
            "departments": [
                _clean(
                    {
                        "organisation": org_key[d.organisation_id],
                        "number": d.number,
                        "area": d.area.key,
                        "name": d.name,
                        "note": d.note,
                    }
                )
                for d in plan.departments.select_related("area")
            ],
            "overall_goals": [
                _clean({"key": g.key, "text": g.text, "note": g.note})
                for g in plan.overall_goals.all()
            ],
            "focus_areas": [
                _focus_area_data(f, org_key)
                for f in plan.focus_areas.select_related("sub_agreement").prefetch_related(
                    "sub_agreement__parties",
                    "local_measures__figures",
                    "activities__sub_activities",
                    "activities__success_criteria__sub_activity",
                )
            ],
            "bodies": [
                _clean(
                    {
                        "key": b.key,
                        "name": b.name,
                        "kind": b.kind,
                        "meets_per_year": b.meets_per_year,
                        "meeting_rule": b.meeting_rule,
                        "purpose": b.purpose,
                        "members": [
                            _clean(
                                {
                                    "role": x.role,
                                    "name": x.name,
                                    "organisation": org_key.get(x.organisation_id),
                                    "note": x.note,
                                }
                            )
                            for x in b.members.all()
                        ],
                        "note": b.note,
                    }
                )
                for b in plan.bodies.prefetch_related("members")
            ],
            "preparedness": _preparedness_data(plan.preparedness or {}),
        }
    )


def _preparedness_data(section: dict) -> dict:
    """The plan file's `preparedness` section in canonical key order, empty parts left out: the
    shape it is stored in on the plan and exported in."""
    return _clean(
        {
            "coordinating_level": section.get("coordinating_level"),
            "executing_level": section.get("executing_level"),
            "press_contacts": [
                _clean({k: c.get(k) for k in ("role", "organisation", "name", "note")})
                for c in section.get("press_contacts") or []
            ],
            "resources": [
                _clean({k: r.get(k) for k in ("name", "note")})
                for r in section.get("resources") or []
            ],
            "note": section.get("note"),
        }
    )


def _focus_area_data(f: m.FocusArea, org_key: dict) -> dict:
    agreement = f.sub_agreement
    valid = None
    if agreement.valid_from and agreement.valid_to:
        valid = {"start": agreement.valid_from, "end": agreement.valid_to}
    return _clean(
        {
            "key": f.key,
            "number": f.number,
            "name": f.name,
            "priority": f.priority,
            "staff_hours_per_week": _num(agreement.staff_hours_per_week),
            "staff_note": agreement.staff_note,
            "budget": {"lbf": agreement.budget_lbf, "local": agreement.budget_local},
            "valid": valid,
            "purpose": f.purpose,
            "goals": f.goals,
            "background": f.background,
            "municipal_interplay": agreement.municipal_interplay,
            "parties": [
                _clean(
                    {
                        "name": x.name,
                        "title": x.title,
                        "organisation": org_key.get(x.organisation_id),
                        "note": x.note,
                    }
                )
                for x in agreement.parties.all()
            ],
            "local_measures": [_measure_data(lm) for lm in f.local_measures.all()],
            "activities": [_activity_data(a, org_key) for a in f.activities.all()],
            "note": f.note,
        }
    )


def _measure_data(lm: m.LocalMeasure) -> dict:
    figures = list(lm.figures.all())
    return _clean(
        {
            "key": lm.key,
            "number": lm.number,
            "text": lm.text,
            "data_source": lm.data_source,
            "unit": lm.unit,
            "direction": lm.direction,
            "tolerance": _num(lm.tolerance),
            "baselines": [
                _clean({"period": x.period, "value": _num(x.value), "note": x.note})
                for x in figures
                if x.role == m.MeasureFigure.Role.BASELINE
            ],
            "target": _clean(
                {"value": _num(lm.target_value), "year": lm.target_year, "note": lm.target_note}
            )
            or None,
            "comparisons": [
                _clean(
                    {"label": x.label, "period": x.period, "value": _num(x.value), "note": x.note}
                )
                for x in figures
                if x.role == m.MeasureFigure.Role.COMPARISON
            ],
            "baseline_text": lm.baseline_text,
            "note": lm.note,
        }
    )


def _activity_data(a: m.Activity, org_key: dict) -> dict:
    return _clean(
        {
            "key": a.key,
            "number": a.number,
            "name": a.name,
            "description": a.description,
            "purpose": a.purpose,
            "target_groups": a.target_groups,
            "organisation_text": a.organisation_text,
            "responsible": a.responsible,
            "responsible_organisation": org_key.get(a.responsible_organisation_id),
            "roles": a.roles,
            "sub_activities": [
                _clean({"key": s.key, "name": s.name, "description": s.description, "note": s.note})
                for s in a.sub_activities.all()
            ],
            "success_criteria": [
                _clean(
                    {
                        "key": c.key,
                        "text": c.text,
                        "kind": c.kind,
                        "combine": c.combine,
                        "target": _num(c.target),
                        "target_max": _num(c.target_max),
                        "per": c.per,
                        # Only the exception is written: increase is the default.
                        "direction": c.direction if c.direction != "increase" else None,
                        "period_target": _num(c.period_target),
                        "unit": c.unit,
                        # A plain bool is never left out by _clean (False is not "empty").
                        "counts_persons": c.counts_persons if c.kind == "count" else None,
                        "data_source": c.data_source,
                        "responsible_organisation": org_key.get(c.responsible_organisation_id),
                        "sub_activity": c.sub_activity.key if c.sub_activity else None,
                        "note": c.note,
                    }
                )
                for c in a.success_criteria.all()
            ],
            "note": a.note,
        }
    )


class _PurePlanDumper(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:
        # A value used twice (the same date, say) is written out twice: the plan-file reader
        # refuses anchors and aliases (& and *), which are the stuff of "billion laughs" bombs.
        return True


# libyaml's emitter writes the same text about nine times faster (9 ms against 87 ms for the
# Randers plan; every save in the plan editor writes the file): used where PyYAML has it.
# plans/tests/test_plan_dumper.py checks that both write the same text.
class _PlanDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    ignore_aliases = _PurePlanDumper.ignore_aliases


def _represent_str(dumper, value: str):
    # Multi-line text reads best as a literal block, as a person would write it.
    if "\n" in value and not any(line != line.rstrip() for line in value.split("\n")):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_PurePlanDumper.add_representer(str, _represent_str)
_PlanDumper.add_representer(str, _represent_str)


def export_plan(plan: m.Plan, *, fmt: str = "yaml") -> str:
    data = plan_as_data(plan)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    return dump_plan_data(data)


def dump_plan_data(data: dict, *, dumper=_PlanDumper) -> str:
    """Plan data (the shape of plan_as_data) as a plan file in YAML."""
    text = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100, indent=2)
    # After a text block that keeps its final line breaks ("|+") libyaml ends the document with
    # "...", PyYAML's own emitter does not; the file is one document either way.
    return text.removesuffix("\n...\n") + "\n" if text.endswith("\n...\n") else text

"""Validate a plan file and name every problem with its path and line, in Danish."""

from collections import Counter

from pydantic import ValidationError

from helhedsplan.plans.planfile.errors import PlanFileError, PlanFileProblem
from helhedsplan.plans.planfile.schema import PlanIn
from helhedsplan.plans.planfile.source import ParsedSource, Path, format_path, parse

_MESSAGES = {
    "missing": "mangler",
    "extra_forbidden": "ukendt nøgle",
    "int_type": "skal være et helt tal",
    "int_parsing": "skal være et helt tal",
    "int_from_float": "skal være et helt tal",
    "string_type": "skal være tekst",
    "list_type": "skal være en liste",
    "dict_type": "skal være en samling af nøgler og værdier",
    "model_type": "skal være en samling af nøgler og værdier",
    "model_attributes_type": "skal være en samling af nøgler og værdier",
    "bool_type": "skal være true eller false",
    "string_too_short": "må ikke være tom",
    "string_pattern_mismatch": "skal være en nøgle: små bogstaver a-z, tal og bindestreger",
    "none_required": "skal være tom",
}


def _message(error: dict) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "literal_error":
        return f"skal være en af: {ctx.get('expected', '')}".replace("'", "")
    if kind == "greater_than_equal":
        return "må ikke være negativ" if ctx.get("ge") == 0 else f"skal være mindst {ctx['ge']}"
    if kind == "less_than_equal":
        return f"må højst være {ctx['le']}"
    return _MESSAGES.get(kind, error["msg"])


def validate_text(text: str) -> tuple[PlanIn, ParsedSource]:
    """Return the validated plan, or raise PlanFileError listing every problem found."""
    source = parse(text)
    problems = list(source.problems)
    if not isinstance(source.data, dict):
        raise PlanFileError([*problems, PlanFileProblem("", "skal være en samling af nøgler")])
    try:
        plan = PlanIn.model_validate(source.data)
    except ValidationError as error:
        for item in error.errors():
            path = tuple(item["loc"])
            problems.append(
                PlanFileProblem(format_path(path), _message(item), source.line_of(path))
            )
        raise PlanFileError(problems) from None
    problems += [
        PlanFileProblem(format_path(path), message, source.line_of(path))
        for path, message in check_consistency(plan)
    ]
    if problems:
        raise PlanFileError(problems)
    return plan, source


def _duplicates(items, path: Path, key_of, what: str):
    counts = Counter(key_of(item) for item in items)
    seen = set()
    for index, item in enumerate(items):
        key = key_of(item)
        if counts[key] > 1 and key in seen:
            yield (*path, index, "key"), f"{what} {key!r} findes allerede"
        seen.add(key)


def check_consistency(plan: PlanIn) -> list[tuple[Path, str]]:
    """Rules across the file: unique keys, references that resolve, sensible ranges."""
    problems: list[tuple[Path, str]] = []
    add = problems.append
    orgs = {org.key for org in plan.organisations}
    areas = {area.key for area in plan.areas}

    if plan.period.end <= plan.period.start:
        add((("period", "end"), "skal ligge efter period.start"))
    problems += _duplicates(plan.organisations, ("organisations",), lambda o: o.key, "nøglen")
    problems += _duplicates(plan.areas, ("areas",), lambda a: a.key, "nøglen")
    problems += _duplicates(plan.overall_goals, ("overall_goals",), lambda g: g.key, "nøglen")
    problems += _duplicates(plan.focus_areas, ("focus_areas",), lambda f: f.key, "nøglen")
    problems += _duplicates(plan.bodies, ("bodies",), lambda b: b.key, "nøglen")
    if plan.secretariat and plan.secretariat not in orgs:
        add((("secretariat",), f"ukendt organisation {plan.secretariat!r}"))

    for i, org in enumerate(plan.organisations):
        if org.parent and (org.parent not in orgs or org.parent == org.key):
            add((("organisations", i, "parent"), f"ukendt organisation {org.parent!r}"))
    for i, area in enumerate(plan.areas):
        for j, rule in enumerate(area.coverage):
            low, high = rule.from_number, rule.to_number
            if low is not None and high is not None and low > high:
                add((("areas", i, "coverage", j, "to"), f"skal være mindst {low} (fra-nummeret)"))
    seen_departments = set()
    for i, department in enumerate(plan.departments):
        if department.organisation not in orgs:
            add(
                (
                    ("departments", i, "organisation"),
                    f"ukendt organisation {department.organisation!r}",
                )
            )
        if department.area not in areas:
            add((("departments", i, "area"), f"ukendt boligområde {department.area!r}"))
        ident = (department.organisation, department.number)
        if ident in seen_departments:
            add(
                (
                    ("departments", i, "number"),
                    f"afdeling {department.number} findes allerede i {department.organisation!r}",
                )
            )
        seen_departments.add(ident)

    measure_keys: Counter = Counter()
    activity_keys: Counter = Counter()
    criterion_keys: Counter = Counter()
    for i, focus in enumerate(plan.focus_areas):
        base = ("focus_areas", i)
        if focus.valid and focus.valid.end <= focus.valid.start:
            add(((*base, "valid", "end"), "skal ligge efter valid.start"))
        for j, party in enumerate(focus.parties):
            if party.organisation and party.organisation not in orgs:
                add(
                    (
                        (*base, "parties", j, "organisation"),
                        f"ukendt organisation {party.organisation!r}",
                    )
                )
        for j, measure in enumerate(focus.local_measures):
            measure_keys[measure.key] += 1
            if measure_keys[measure.key] > 1:
                add(
                    ((*base, "local_measures", j, "key"), f"nøglen {measure.key!r} findes allerede")
                )
        for j, activity in enumerate(focus.activities):
            path = (*base, "activities", j)
            activity_keys[activity.key] += 1
            if activity_keys[activity.key] > 1:
                add(((*path, "key"), f"nøglen {activity.key!r} findes allerede"))
            if activity.responsible_organisation and activity.responsible_organisation not in orgs:
                add(
                    (
                        (*path, "responsible_organisation"),
                        f"ukendt organisation {activity.responsible_organisation!r}",
                    )
                )
            problems += _duplicates(
                activity.sub_activities, (*path, "sub_activities"), lambda s: s.key, "nøglen"
            )
            sub_keys = {sub.key for sub in activity.sub_activities}
            for k, criterion in enumerate(activity.success_criteria):
                criterion_keys[criterion.key] += 1
                cpath = (*path, "success_criteria", k)
                if criterion_keys[criterion.key] > 1:
                    add(((*cpath, "key"), f"nøglen {criterion.key!r} findes allerede"))
                problems += [((*cpath, *sub), msg) for sub, msg in _criterion_rules(criterion)]
                org = criterion.responsible_organisation
                if org and org not in orgs:
                    add(((*cpath, "responsible_organisation"), f"ukendt organisation {org!r}"))
                if criterion.sub_activity and criterion.sub_activity not in sub_keys:
                    add(
                        (
                            (*cpath, "sub_activity"),
                            f"ukendt delaktivitet {criterion.sub_activity!r}",
                        )
                    )
    for i, body in enumerate(plan.bodies):
        for j, member in enumerate(body.members):
            if member.organisation and member.organisation not in orgs:
                add(
                    (
                        ("bodies", i, "members", j, "organisation"),
                        f"ukendt organisation {member.organisation!r}",
                    )
                )
    return problems


_COMBINE_FOR_KIND = {
    "unique_participants": {"unique"},
    "average": {"average"},
    "share": {"share"},
    "count": {"sum", "max", "latest"},
    "level": {"latest", "max", "average"},
    "trend": {"latest", "max", "average", "sum"},
}


def _criterion_rules(criterion) -> list[tuple[Path, str]]:
    problems: list[tuple[Path, str]] = []
    if criterion.kind == "qualitative":
        for field in ("target", "target_max", "period_target", "combine"):
            if getattr(criterion, field) is not None:
                problems.append(((field,), "bruges ikke ved en kvalitativ vurdering"))
        return problems
    if criterion.combine is None:
        problems.append((("combine",), "mangler"))
    elif criterion.combine not in _COMBINE_FOR_KIND[criterion.kind]:
        allowed = ", ".join(sorted(_COMBINE_FOR_KIND[criterion.kind]))
        problems.append((("combine",), f"passer ikke til kind {criterion.kind}: brug {allowed}"))
    if criterion.kind != "trend" and criterion.target is None:
        problems.append((("target",), "mangler"))
    if criterion.target is not None and criterion.per is None:
        problems.append((("per",), "mangler: year eller period"))
    if criterion.target_max is not None:
        if criterion.target is None:
            problems.append((("target_max",), "kræver et target (nedre grænse)"))
        elif criterion.target_max < criterion.target:
            problems.append((("target_max",), f"skal være mindst {criterion.target} (target)"))
    if criterion.period_target is not None and criterion.per != "year":
        problems.append((("period_target",), "bruges kun, når target gælder pr. år (per: year)"))
    return problems

"""Validate a plan file and name every problem with its path and line, in Danish."""

from pydantic import ValidationError

from helhedsplan.plans.planfile.errors import PlanFileError, PlanFileProblem
from helhedsplan.plans.planfile.schema import PlanIn
from helhedsplan.plans.planfile.source import ParsedSource, Path, format_path, parse
from helhedsplan.plans.register_measures import REGISTER_PLACES

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


def check_consistency(plan: PlanIn) -> list[tuple[Path, str]]:
    """Rules across the file: unique keys, references that resolve, sensible ranges."""
    problems: list[tuple[Path, str]] = []
    # Every key, by what must be unique: (scope, path of the key, the key).
    keyed: list[tuple[str, Path, object]] = []
    # Every reference, by what it must name: (path, key, set of known keys, what it is).
    orgs = {org.key for org in plan.organisations}
    areas = {area.key for area in plan.areas}
    refs: list[tuple[Path, str | None, set, str]] = [
        (("secretariat",), plan.secretariat, orgs, "organisation")
    ]

    if plan.period.end <= plan.period.start:
        problems.append((("period", "end"), "skal ligge efter period.start"))
    if plan.predecessor and plan.predecessor == plan.slug:
        problems.append((("predecessor",), "en plan kan ikke afløse sig selv"))
    for kind in ("organisations", "areas", "overall_goals", "focus_areas", "bodies"):
        for i, item in enumerate(getattr(plan, kind)):
            keyed.append((kind, (kind, i, "key"), item.key))
    for i, org in enumerate(plan.organisations):
        others = orgs - {org.key}
        refs.append((("organisations", i, "parent"), org.parent, others, "organisation"))
    for i, area in enumerate(plan.areas):
        for j, rule in enumerate(area.coverage):
            low, high = rule.from_number, rule.to_number
            if low is not None and high is not None and low > high:
                problems.append((("areas", i, "coverage", j, "to"), f"skal være mindst {low}"))
    for i, department in enumerate(plan.departments):
        path = ("departments", i)
        refs.append(((*path, "organisation"), department.organisation, orgs, "organisation"))
        refs.append(((*path, "area"), department.area, areas, "boligområde"))
        ident = (department.organisation, department.number)
        keyed.append((f"afdeling i {department.organisation!r}", (*path, "number"), ident))

    for i, focus in enumerate(plan.focus_areas):
        base = ("focus_areas", i)
        keyed.append(("focus_area_number", (*base, "number"), focus.number))
        if focus.valid and focus.valid.end <= focus.valid.start:
            problems.append(((*base, "valid", "end"), "skal ligge efter valid.start"))
        for j, party in enumerate(focus.parties):
            refs.append(
                ((*base, "parties", j, "organisation"), party.organisation, orgs, "organisation")
            )
        for j, measure in enumerate(focus.local_measures):
            keyed.append(("local_measures", (*base, "local_measures", j, "key"), measure.key))
            if measure.register_series and measure.register_series.area:
                path = (*base, "local_measures", j, "register_series", "area")
                places = areas | set(REGISTER_PLACES)
                refs.append((path, measure.register_series.area, places, "område"))
        for j, activity in enumerate(focus.activities):
            path = (*base, "activities", j)
            keyed.append(("activities", (*path, "key"), activity.key))
            keyed.append((f"activity_number {focus.key}", (*path, "number"), activity.number))
            refs.append(
                (
                    (*path, "responsible_organisation"),
                    activity.responsible_organisation,
                    orgs,
                    "organisation",
                )
            )
            sub_keys = {sub.key for sub in activity.sub_activities}
            for k, sub in enumerate(activity.sub_activities):
                keyed.append((f"sub {activity.key}", (*path, "sub_activities", k, "key"), sub.key))
            for k, criterion in enumerate(activity.success_criteria):
                cpath = (*path, "success_criteria", k)
                keyed.append(("success_criteria", (*cpath, "key"), criterion.key))
                problems += [((*cpath, *sub), msg) for sub, msg in _criterion_rules(criterion)]
                org = criterion.responsible_organisation
                refs.append(((*cpath, "responsible_organisation"), org, orgs, "organisation"))
                refs.append(
                    ((*cpath, "sub_activity"), criterion.sub_activity, sub_keys, "delaktivitet")
                )
    for i, body in enumerate(plan.bodies):
        for j, member in enumerate(body.members):
            path = ("bodies", i, "members", j, "organisation")
            refs.append((path, member.organisation, orgs, "organisation"))
    if plan.preparedness:
        for i, contact in enumerate(plan.preparedness.press_contacts):
            path = ("preparedness", "press_contacts", i, "organisation")
            refs.append((path, contact.organisation, orgs, "organisation"))

    seen: set[tuple[str, object]] = set()
    for scope, path, key in keyed:
        if (scope, key) in seen:
            problems.append((path, _repeat_message(path, key)))
        seen.add((scope, key))
    problems += [
        (path, f"ukendt {what} {key!r}")
        for path, key, known, what in refs
        if key and key not in known
    ]
    return problems


def _repeat_message(path: Path, key) -> str:
    if path[-1] == "number" and isinstance(key, tuple):
        return f"afdeling {key[1]} findes allerede i {key[0]!r}"
    if path[-1] == "number":
        return f"nummeret {key} findes allerede"
    return f"nøglen {key!r} findes allerede"


_COMBINE_FOR_KIND = {
    "unique_participants": {"unique"},
    "average": {"average"},
    "share": {"share"},
    "count": {"sum", "max", "latest"},
    "level": {"latest", "max", "average"},
    "trend": {"latest", "max", "average", "sum"},
}


# Only to suggest a value in the message when counts_persons is missing: what is hidden is
# decided by the key the plan states (core/suppression.py), never by these words.
_PERSON_WORDS = (
    "børn",
    "unge",
    "familie",
    "husstand",
    "forældre",
    "mødre",
    "fædre",
    "drenge",
    "piger",
    "deltager",
    "person",
    "beboer",
    "besøgende",
    "elever",
    "frivillig",
    "borger",
    "kvinder",
    "mænd",
    "ledige",
    "lejere",
    "kursister",
)
_GROUP_WORDS = ("gruppe", "hold", "klasse", "pr. gang", "pr gang", "hvert forløb", "deltagere på")


def _likely_counts_persons(criterion) -> str:
    """A suggested value for a missing counts_persons, with its reason: for the message only."""
    unit = (criterion.unit or "").strip().lower()
    words = f"{criterion.key} {criterion.text} {unit}".lower()
    if unit.endswith("forløb"):
        if any(word in words for word in _GROUP_WORDS):
            return "false (et gruppeforløb er ét forløb, ikke én person)"
        return "true, hvis hvert forløb er én persons eller én families, ellers false"
    if any(word in unit for word in _PERSON_WORDS):
        return f"true («{unit}» er personer)"
    if unit:
        return f"false («{unit}» lyder som ting eller aktiviteter, ikke personer)"
    return "ingen (kriteriet har ingen enhed at gå ud fra)"


def _criterion_rules(criterion) -> list[tuple[Path, str]]:
    problems: list[tuple[Path, str]] = []
    if criterion.kind == "count" and criterion.counts_persons is None:
        problems.append(
            (
                ("counts_persons",),
                "mangler: true, når tallet er personer, familier eller husstande (eller forløb "
                "for én person eller familie), så små tal skjules uden for sekretariatet; "
                "false, når det er ting, møder eller gruppeforløb. Forslag: "
                + _likely_counts_persons(criterion),
            )
        )
    elif criterion.kind == "unique_participants" and criterion.counts_persons is False:
        problems.append(
            (("counts_persons",), "unikke deltagere tæller altid personer: skriv true eller udelad")
        )
    elif criterion.kind not in {"count", "unique_participants"} and (
        criterion.counts_persons is not None
    ):
        problems.append((("counts_persons",), "bruges kun ved kind count"))
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

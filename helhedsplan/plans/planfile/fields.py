"""Every field of the plan file, once: its name in the file, its Danish words, help, unit, widget,
the file's rules for it (required, default, type) and its database column, part by part.

Read by the plan file's schema (plans/planfile/schema.py builds its models from these), the
models' verbose names and help texts (plans/models.py, plans/focus_models.py), the load and the
export (plans/planfile/load.py, export.py), the editor (planning/parts.py) and the change wording
(governance/changes.py). Adding a field to the plan file is a line here, plus its column in the
models and the migration; plans/tests/test_plan_fields.py fails if the column or a label is
missing. A focus area and what sits inside it are in plans/planfile/focus_fields.py.
"""

from typing import Literal

from helhedsplan.plans.planfile.focus_fields import (
    ACTIVITY_PART,
    BASELINE_PART,
    COMPARISON_PART,
    CRITERION_PART,
    FOCUS_AREA_PART,
    MEASURE_PART,
    PARTY_PART,
    SUB_ACTIVITY_PART,
)
from helhedsplan.plans.planfile.types import Key, MeetingsPerYear, NonNegativeInt
from helhedsplan.plans.planfile.vocabulary import (
    AREA,
    CHOICE,
    DATE,
    INTEGER,
    LINES,
    LINES_HELP,
    NAME,
    NOT_STORED,
    NOTE,
    ORGANISATION,
    PLAN_REF,
    TEXTAREA,
    BodyKind,
    CoverageNumbers,
    Field,
    OrganisationKind,
    Part,
    budget_fields,
    by_name,
    joined,
)

PLAN = Part(
    "plan", "", "planen", "Planen", keyed=False,
    lead="Planens navn, vision, periode, nøgletal og budget: den strategiske samarbejdsaftales "
    "ramme.",
    describe=by_name,
    fields=(
        Field(
            "format",
            "Planfilens format",
            INTEGER,
            column=NOT_STORED,
            editable=False,
            type=Literal[1],
            default=1,
        ),
        Field("slug", "Kort navn", editable=False, required=True, type=Key),
        Field(
            "name",
            "Planens navn",
            help="Fx «Boligsocial helhedsplan for Randers Nordby 2017-21».",
            required=True,
        ),
        Field("vision", "Vision", help="Planens vision i én sætning."),
        Field("summary", "Forord", TEXTAREA, help="Planens forord eller indledning."),
        Field(
            "period.start",
            "Planperiode, start",
            DATE,
            help="Første dag i planen.",
            column="start",
            required=True,
        ),
        Field(
            "period.end",
            "Planperiode, slut",
            DATE,
            help="Sidste dag i planen.",
            column="end",
            required=True,
        ),
        Field(
            "residents",
            "Beboere",
            INTEGER,
            help="Antal beboere i planens område.",
            type=NonNegativeInt,
        ),
        Field(
            "tenancies",
            "Lejemål",
            INTEGER,
            help="Antal lejemål i planens område.",
            type=NonNegativeInt,
        ),
        Field(
            "residents_source",
            "Kilde til beboere og lejemål",
            help="Fx «Boligstatistiske nøgletal fra Danmarks Statistik, april 2016».",
        ),
        *budget_fields(),
        Field(
            "small_number_threshold",
            "Grænse for små tal",
            INTEGER,
            help="Antal personer under denne grænse vises som «<N» i rapporter, der forlader "
            "sekretariatet. Tom: 5.",
            default=5,
        ),
        Field(
            "secretariat",
            "Sekretariat",
            ORGANISATION,
            help="Den organisation, der koordinerer og udfører indsatsen.",
        ),
        # The slug of the plan this one continues; loaded as a link only when that plan is here.
        Field(
            "predecessor",
            "Afløser",
            PLAN_REF,
            help="Den plan, denne plan fortsætter.",
            editable=False,
        ),
        Field(
            "purposes",
            "Formål",
            LINES,
            help="Den strategiske aftales formål: ét punkt pr. linje. " + LINES_HELP,
        ),
        NOTE,
    ),
    # The lists are optional, so that an empty plan's export (empty lists are left out) is a
    # valid file again.
    children=(
        "organisations",
        "areas",
        "departments",
        "overall_goals",
        "focus_areas",
        "bodies",
        "preparedness",
    ),
    lists_last=True,  # the plan's own fields, its note too, come before its lists of parts
)  # fmt: skip

ORGANISATION_PART = Part(
    "organisation", "organisations", "organisation", "Organisationer", keyed=True,
    lead="En boligorganisation, kommunal enhed eller anden partner i planen.", describe=by_name,
    fields=(
        NAME,
        Field("kind", "Type", CHOICE, choices=OrganisationKind.choices, required=True),
        Field(
            "parent",
            "Del af",
            ORGANISATION,
            help="Den organisation, den hører under, fx Randers Kommune for PPR. Kan være tom.",
        ),
        NOTE,
    ),
)  # fmt: skip

AREA_PART = Part(
    "area", "areas", "boligområde", "Boligområder", keyed=True,
    lead="Et boligområde i planen og de adresser, der hører til det.", describe=by_name,
    fields=(
        NAME,
        Field(
            "aliases",
            "Andre navne",
            LINES,
            help="Navne, området også kaldes, fx «Jennumparken»: ét navn pr. linje.",
        ),
        NOTE,
    ),
    children=("coverage",),
)  # fmt: skip


def _coverage(item: dict) -> str:
    numbers = dict(CoverageNumbers.choices).get(item.get("numbers"), "")
    low, high = item.get("from"), item.get("to")
    span = f"{low or ''}-{high or ''}" if low or high else ""
    return " ".join(str(x) for x in (item.get("street", ""), numbers, span) if x)


COVERAGE_PART = Part(
    "coverage", "coverage", "adresseregel", "Adresseregler", keyed=False,
    lead="Én vej og hvilke husnumre på den, der hører til boligområdet.", describe=_coverage,
    fields=(
        Field("street", "Vej", help="Vejnavnet som i adressen, fx «Husarvej».", required=True),
        Field("numbers", "Husnumre", CHOICE, choices=CoverageNumbers.choices, required=True),
        Field(
            "from",
            "Fra nr.",
            INTEGER,
            help="Laveste husnummer (med). Tom: fra vejens begyndelse. Ét nummer: samme fra og til.",
            column="from_number",
        ),
        Field(
            "to",
            "Til nr.",
            INTEGER,
            help="Højeste husnummer (med). Tom: til vejens ende.",
            column="to_number",
        ),
        NOTE,
    ),
)  # fmt: skip

DEPARTMENT_PART = Part(
    "department", "departments", "afdeling", "Afdelinger", keyed=False,
    lead="En boligafdeling: boligorganisationen, afdelingens nummer og boligområdet.",
    describe=lambda item: f"afd. {item.get('number', '?')} ({item.get('organisation', '')})",
    fields=(
        Field("organisation", "Boligorganisation", ORGANISATION, required=True),
        Field(
            "number",
            "Afdelingsnummer",
            INTEGER,
            help="Nummeret er entydigt inden for boligorganisationen.",
            required=True,
        ),
        Field("area", "Boligområde", AREA, required=True),
        Field("name", "Navn", help="Afdelingens navn, hvis den har et."),
        NOTE,
    ),
)  # fmt: skip

GOAL_PART = Part(
    "overall_goal", "overall_goals", "overordnet mål", "Overordnede mål", keyed=True,
    lead="Et af den strategiske aftales overordnede mål, som bestyrelsen følger.",
    describe=lambda item: item.get("text", ""),
    fields=(
        Field(
            "text", "Mål", TEXTAREA, help="Fx «Øget uddannelsesgrad blandt unge».", required=True
        ),
        NOTE,
    ),
)  # fmt: skip


BODY_PART = Part(
    "body", "bodies", "organ", "Organer", keyed=True,
    lead="Et organ i planens organisering (kommissoriet): bestyrelse, styregruppe og andre.",
    describe=by_name,
    fields=(
        NAME,
        Field("kind", "Type", CHOICE, choices=BodyKind.choices, required=True),
        Field(
            "meets_per_year",
            "Møder pr. år",
            INTEGER,
            help="Fx 2 for bestyrelsen, 26 for «hver 14. dag».",
            type=MeetingsPerYear,
        ),
        Field(
            "meeting_rule", "Mødefrekvens", TEXTAREA, help="Planens ord om, hvornår organet mødes."
        ),
        Field("purpose", "Formål og opgaver", TEXTAREA),
        NOTE,
    ),
    children=("members",),
)  # fmt: skip

ROLE = Field("role", "Rolle", help="Fx «Direktør, Børn og Skole».", required=True)

MEMBER_PART = Part(
    "member", "members", "medlem", "Medlemmer", keyed=False,
    lead="Et medlem af organet, som planen nævner det. Telefonnumre og e-mail skrives ikke i "
    "planen, men under Organisering.",
    describe=joined("role", "name"),
    fields=(
        ROLE,
        Field("name", "Navn", help="Kan være tom, når planen kun nævner rollen."),
        Field("organisation", "Organisation", ORGANISATION),
        NOTE,
    ),
)  # fmt: skip

# The beredskabsplan's section is kept on the plan as the file writes it (Plan.preparedness); its
# people are kept in the app (preparedness.Contact), so the editor has no forms for it.
_KEPT_IN_PREPAREDNESS = (
    "beredskabsplanen rettes under Beredskab; planfilens afsnit gemmes, som det står"
)

PREPAREDNESS_PART = Part(
    "preparedness", "preparedness", "beredskabsplan", "Beredskabsplan", keyed=False, one=True,
    fields=(
        Field("coordinating_level", "Koordinerende niveau", TEXTAREA),
        Field("executing_level", "Udførende niveau", TEXTAREA),
        NOTE,
    ),
    children=("press_contacts", "resources"), not_in_editor=_KEPT_IN_PREPAREDNESS,
)  # fmt: skip

PRESS_CONTACT_PART = Part(
    "press_contact", "press_contacts", "pressekontakt", "Pressekontakter", keyed=False,
    describe=joined("role", "name"),
    fields=(ROLE, Field("organisation", "Organisation", ORGANISATION), Field("name", "Navn"), NOTE),
    not_in_editor=_KEPT_IN_PREPAREDNESS,
)  # fmt: skip

RESOURCE_PART = Part(
    "resource", "resources", "ressource", "Ressourcer", keyed=False, describe=by_name,
    fields=(NAME, NOTE), not_in_editor=_KEPT_IN_PREPAREDNESS,
)  # fmt: skip

PARTS: tuple[Part, ...] = (
    PLAN,
    ORGANISATION_PART,
    AREA_PART,
    COVERAGE_PART,
    DEPARTMENT_PART,
    GOAL_PART,
    FOCUS_AREA_PART,
    PARTY_PART,
    MEASURE_PART,
    BASELINE_PART,
    COMPARISON_PART,
    ACTIVITY_PART,
    SUB_ACTIVITY_PART,
    CRITERION_PART,
    BODY_PART,
    MEMBER_PART,
    PREPAREDNESS_PART,
    PRESS_CONTACT_PART,
    RESOURCE_PART,
)
# Every list of parts has its own name in the plan file, so the name tells the part.
BY_LIST: dict[str, Part] = {part.list_name: part for part in PARTS if part.list_name}
BY_CODE: dict[str, Part] = {part.code: part for part in PARTS}

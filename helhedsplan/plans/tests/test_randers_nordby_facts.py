# Over 400 lines: one independent checklist of the printed plan, fact by fact, in tables read from the PDF.
"""An independent checklist of the printed Randers Nordby plan 2017-21, fact by fact.

Every expected value in the tables below was read from the printed plan (the PDF text of
"Boligsocial helhedsplan for Randers Nordby 2017-21"), not copied from the plan file, and is
asserted against the plan as the `plan` fixture loads it into the database. Where the printed plan
is ambiguous and the plan file's reading is defensible, the table holds that reading and a comment
quotes the printed words.
"""

import re
from datetime import date
from decimal import Decimal

import pytest

from helhedsplan.plans.models import Body, MeasureFigure

YEAR, PERIOD = "year", "period"


def normalised(text: str) -> str:
    return " ".join(text.split())


def dec(value):
    return None if value is None else Decimal(value)


# --- the plan as a whole ----------------------------------------------------------------------

PLAN_FACTS = [
    # "Samarbejdsaftalen gælder fra: 01.06.2017 – 31.05.2021"
    pytest.param("start", date(2017, 6, 1), id="the period starts on 1 June 2017"),
    pytest.param("end", date(2021, 5, 31), id="the period ends on 31 May 2021"),
    # "1713 lejemål og 3868 beboere (jf. Boligstatistiske nøgletal ..., april 2016)"
    pytest.param("residents", 3868, id="the plan covers 3868 residents"),
    pytest.param("tenancies", 1713, id="the plan covers 1713 tenancies"),
    # "7 RESSOURCER": "Landsbyggefonden 16.055.000 kr. / Lokal medfinansiering 13.086.000 kr. /
    # Samlet budget for den boligsociale indsats 29.141.000 kr."
    pytest.param("budget_lbf", 16_055_000, id="Landsbyggefonden gives 16.055.000 kr"),
    pytest.param("budget_local", 13_086_000, id="the local co-financing is 13.086.000 kr"),
    pytest.param("budget_total", 29_141_000, id="the total budget is 29.141.000 kr"),
    pytest.param("vision", "Randers Nordby – Fremtiden lever her", id="the vision is printed"),
]


@pytest.mark.parametrize(("attribute", "expected"), PLAN_FACTS)
def test_the_plan_states_the_printed_fact(plan, attribute, expected):
    assert getattr(plan, attribute) == expected


# --- focus areas ----------------------------------------------------------------------------------

# (number in print order, name, priority, staff hours/week, LBF kr., local kr., printed total kr.)
# Priority: section 1, "Følgende tværgående indsatsområder skal (i prioriteret rækkefølge) ...":
# Forebyggelse og forældreansvar, Uddannelse og beskæftigelse, Kriminalpræventiv indsats,
# Tryghed og trivsel.
FOCUS_AREAS = [
    # "Der tilknyttes en boligsocial medarbejder 25 timer ugentligt til dette indsatsområde
    # (heraf udgør 5 timer ugentligt kommunikation)."
    pytest.param(
        1, "Tryghed og trivsel", 4, "25", 3_412_000, 895_000, 4_307_000, id="Tryghed og trivsel"
    ),
    # "Der tilknyttes en boligsocial medarbejder 37 timer pr. uge til dette indsatsområde."
    pytest.param(
        2,
        "Kriminalpræventiv indsats",
        3,
        "37",
        3_806_000,
        625_000,
        4_431_000,
        id="Kriminalpræventiv indsats",
    ),
    # "Der tilknyttes to boligsociale medarbejdere i hhv. 37 timer og 12 timer ugentligt" = 49
    pytest.param(
        3,
        "Uddannelse og beskæftigelse",
        2,
        "49",
        4_602_000,
        3_701_000,
        8_303_000,
        id="Uddannelse og beskæftigelse",
    ),
    # "Der tilknyttes en boligsocial medarbejder i 34 timer ugentligt til dette indsatsområde"
    pytest.param(
        4,
        "Forebyggelse og forældreansvar",
        1,
        "34",
        3_666_000,
        7_574_000,
        11_240_000,
        id="Forebyggelse og forældreansvar",
    ),
]
FOCUS_AREA_ARGS = ("number", "name", "priority", "hours", "lbf", "local", "total")


def test_the_plan_has_the_four_printed_focus_areas_in_print_order(plan):
    assert [(f.number, f.name) for f in plan.focus_areas.order_by("number")] == [
        (1, "Tryghed og trivsel"),
        (2, "Kriminalpræventiv indsats"),
        (3, "Uddannelse og beskæftigelse"),
        (4, "Forebyggelse og forældreansvar"),
    ]


@pytest.mark.parametrize(FOCUS_AREA_ARGS, FOCUS_AREAS)
def test_each_focus_area_has_its_printed_priority(
    plan, number, name, priority, hours, lbf, local, total
):
    assert plan.focus_areas.get(name=name).priority == priority


@pytest.mark.parametrize(FOCUS_AREA_ARGS, FOCUS_AREAS)
def test_each_focus_area_has_its_printed_staff_hours_per_week(
    plan, number, name, priority, hours, lbf, local, total
):
    sub_agreement = plan.focus_areas.get(name=name).sub_agreement
    assert sub_agreement.staff_hours_per_week == Decimal(hours)


@pytest.mark.parametrize(FOCUS_AREA_ARGS, FOCUS_AREAS)
def test_each_focus_area_has_its_printed_budget_split(
    plan, number, name, priority, hours, lbf, local, total
):
    sub_agreement = plan.focus_areas.get(name=name).sub_agreement
    assert (sub_agreement.budget_lbf, sub_agreement.budget_local) == (lbf, local)
    assert sub_agreement.budget_total == total


@pytest.mark.parametrize(FOCUS_AREA_ARGS, FOCUS_AREAS)
def test_each_sub_agreement_is_valid_for_the_printed_period(
    plan, number, name, priority, hours, lbf, local, total
):
    # "Delaftalen gælder fra: 1. juni 2017 – 31. maj 2021."
    sub_agreement = plan.focus_areas.get(name=name).sub_agreement
    assert (sub_agreement.valid_from, sub_agreement.valid_to) == (
        date(2017, 6, 1),
        date(2021, 5, 31),
    )


def test_the_focus_area_budgets_sum_to_860000_kr_less_than_the_plan_total(plan):
    # The four sub-agreements print 4.307.000 + 4.431.000 + 8.303.000 + 11.240.000 = 28.281.000
    # kr. (LBF 15.486.000 + local 12.795.000), against the plan's 29.141.000 kr.
    agreements = [f.sub_agreement for f in plan.focus_areas.all()]
    lbf = sum(a.budget_lbf for a in agreements)
    local = sum(a.budget_local for a in agreements)
    assert (lbf, local, lbf + local) == (15_486_000, 12_795_000, 28_281_000)
    assert lbf + local < plan.budget_total
    assert plan.budget_lbf - lbf == 569_000
    assert plan.budget_local - local == 291_000
    assert plan.budget_total - (lbf + local) == 860_000


# --- areas, organisations, departments -----------------------------------------------------------

AREA_COVERAGE = [
    pytest.param(
        "Vangdalsparken",
        {
            ("Rørhaven", "all", None, None),
            ("Sivhaven", "all", None, None),
            ("Basthaven", "all", None, None),
            ("Bambushaven", "all", None, None),
            ("Græshaven", "all", None, None),
            ("Ved Byskellet", "odd", None, None),  # "(ulige numre)"
        },
        id="Vangdalsparken",
    ),
    pytest.param(
        "Området omkring Glarbjergvej",
        {
            ("Falkevej", "all", None, None),
            ("Glarbjergvej", "even", 88, 156),
            # "Glarbjergvej 88-156 (kun lige numre) + 109-111": "109-111" carries no odd/even,
            # so the plan file reads it as all numbers 109-111 (a defensible reading).
            ("Glarbjergvej", "all", 109, 111),
            ("Nørrebrogade", "even", 96, 182),
            ("Hadsundvej", "odd", 85, 93),
            ("Infanterivej", "odd", 1, 31),
            ("Glentevej", "odd", 1, 9),
            ("Brigadevej", "odd", 1, 21),
        },
        id="Området omkring Glarbjergvej",
    ),
    pytest.param(
        "Gl. Jennumparken",
        {
            ("Flyvervej", "all", None, None),
            ("Husarvej", "odd", None, None),  # "alle ulige numre og lige numre 2-40"
            ("Husarvej", "even", 2, 40),
            ("Gl. Jennumvej", "even", None, None),
            ("Kompagnivej", "all", None, None),
            ("Garnisonsvej", "odd", 1, 3),  # "ulige numre 1-3, 7-35 og lige numre 30-40"
            ("Garnisonsvej", "odd", 7, 35),
            ("Garnisonsvej", "even", 30, 40),
        },
        id="Gl. Jennumparken",
    ),
]


def test_the_plan_covers_the_three_printed_areas(plan):
    # "I alt omfatter helhedsplanen 3 boligområder"
    assert {a.name for a in plan.areas.all()} == {
        "Vangdalsparken",
        "Området omkring Glarbjergvej",
        "Gl. Jennumparken",
    }


@pytest.mark.parametrize(("area", "rules"), AREA_COVERAGE)
def test_each_area_covers_the_printed_addresses(plan, area, rules):
    coverage = plan.areas.get(name=area).coverage.all()
    assert {(r.street, r.numbers, r.from_number, r.to_number) for r in coverage} == rules


MSB = "Boligorganisationen Møllevænget og Storgaarden"
RB1940 = "Randers Boligforening af 1940"
LEJERBO = "Lejerbo"
GUDENAA = "AB Gudenå"
VANGDAL, GLARBJERG, JENNUM = "Vangdalsparken", "Området omkring Glarbjergvej", "Gl. Jennumparken"

# "ADRESSER I OMRÅDET": how the four housing organisations and 17 departments are spread.
DEPARTMENTS = [
    (VANGDAL, RB1940, 29),  # "Afdeling 29. Randers Boligforening af 1940."
    (JENNUM, MSB, 27),  # "Afdeling 27, 28, 51 og 56. Boligorganisationen Møllevænget ..."
    (JENNUM, MSB, 28),
    (JENNUM, MSB, 51),
    (JENNUM, MSB, 56),
    (JENNUM, LEJERBO, 104),  # "Afdeling 104. Lejerbo."
    (GLARBJERG, MSB, 24),  # "Afdeling 24, 25, 26, 49 og 50. Boligorganisationen Møllevænget ..."
    (GLARBJERG, MSB, 25),
    (GLARBJERG, MSB, 26),
    (GLARBJERG, MSB, 49),
    (GLARBJERG, MSB, 50),
    (GLARBJERG, RB1940, 24),  # "Afdeling 24, 25, 27, 53 og 55. Randers Boligforening af 1940."
    (GLARBJERG, RB1940, 25),
    (GLARBJERG, RB1940, 27),
    (GLARBJERG, RB1940, 53),
    (GLARBJERG, RB1940, 55),
    (GLARBJERG, GUDENAA, 14),  # "Afdeling 14. AB Gudenå."
]


def test_the_plan_has_the_17_printed_departments(plan):
    # "17 afdelingsbestyrelser fordelt på 4 boligorganisationer"
    assert plan.departments.count() == 17
    assert {(d.area.name, d.organisation.name, d.number) for d in plan.departments.all()} == set(
        DEPARTMENTS
    )


@pytest.mark.parametrize(
    ("area", "organisation", "number"),
    [pytest.param(*row, id=f"afd. {row[2]}, {row[1]}, {row[0]}") for row in DEPARTMENTS],
)
def test_each_printed_department_belongs_to_its_organisation_and_area(
    plan, area, organisation, number
):
    department = plan.departments.get(organisation__name=organisation, number=number)
    assert department.area.name == area


@pytest.mark.parametrize(
    ("number", "organisations"),
    [
        pytest.param(24, {MSB, RB1940}, id="afd. 24"),
        pytest.param(25, {MSB, RB1940}, id="afd. 25"),
        pytest.param(27, {MSB, RB1940}, id="afd. 27"),
    ],
)
def test_a_department_number_that_exists_in_two_organisations_is_two_departments(
    plan, number, organisations
):
    departments = plan.departments.filter(number=number)
    assert {d.organisation.name for d in departments} == organisations
    assert departments.count() == 2


def test_the_departments_belong_to_the_four_printed_housing_organisations(plan):
    housing = {o.name for o in plan.organisations.filter(kind="housing")}
    assert housing == {MSB, RB1940, LEJERBO, GUDENAA}
    assert {d.organisation.name for d in plan.departments.all()} == housing


# --- overall goals --------------------------------------------------------------------------------


def test_the_plan_has_the_five_printed_overall_goals_in_order(plan):
    # Section 1: "... der blevet arbejdet med fem overordnede mål ..."
    assert [g.text for g in plan.overall_goals.order_by("order")] == [
        "Øget uddannelsesgrad blandt unge",
        "Færre anbringelser",
        "Øget tryghed i boligområderne",
        "Færre kontanthjælpsmodtagere",
        "Øget beskæftigelsesgrad",
    ]


# --- activities and success criteria --------------------------------------------------------------

NABOSKAB = "Aktivitet til styrkelse af naboskab"
BRANDING = "Formidling og branding: Fremtiden lever her"
HOTSPOT = "HotSpot Nordbyen"
FAMILIEVEJLEDNING = "Familieorienteret uddannelsesvejledning"
PARAT = "Parat til uddannelse og beskæftigelse for unge"
UDD_TILBUD = "Uddannelsestilbud for unge"
MOEDREGRUPPER = "Boligsociale mødregrupper"
NUSSA = "Neuroaffektiv udviklingspsykologisk struktureret social aktivitet (NUSSA)"
SPROG = "Tidlig sprogindsats i samarbejde med Randers Bibliotek"
FRAVAER = "Fra fravær til fremmøde"
FAMILIEKLASSEN = "Familieklassen"
FAMILIEKURSER = "Boligsociale familiekurser"

# (focus area, activity number within the focus area, printed name, printed success criteria)
ACTIVITIES = [
    ("Tryghed og trivsel", 1, NABOSKAB, 5),
    ("Tryghed og trivsel", 2, BRANDING, 4),
    # Headed "HOTSPOT NORDBYEN"; the focus area lists it as "HotSpot i Nordbyen - opsøgende
    # relationsarbejde blandt unge" and the description says "Aktiviteten HotSpot Nordbyen".
    ("Kriminalpræventiv indsats", 1, HOTSPOT, 3),
    ("Uddannelse og beskæftigelse", 1, FAMILIEVEJLEDNING, 2),
    # Seven rows are printed, but the last ("Ultimo oktober 2016 er 36 % af de unge i 9. og 10.
    # klasse registreret ikke-uddannelsesparate.") is the baseline of the row before it.
    ("Uddannelse og beskæftigelse", 2, PARAT, 6),
    ("Uddannelse og beskæftigelse", 3, UDD_TILBUD, 3),
    ("Forebyggelse og forældreansvar", 1, MOEDREGRUPPER, 4),
    ("Forebyggelse og forældreansvar", 2, NUSSA, 3),
    ("Forebyggelse og forældreansvar", 3, SPROG, 1),
    # Three rows are printed: the second ("Mødeaktiviteten vil være særlig intensiv den første
    # tid ...") qualifies the meetings row, and the third holds two targets (40 børn årligt; 3
    # årlige kursusforløb svarende til 12), so the plan file has three criteria.
    ("Forebyggelse og forældreansvar", 4, FRAVAER, 3),
    ("Forebyggelse og forældreansvar", 5, FAMILIEKLASSEN, 5),
    ("Forebyggelse og forældreansvar", 6, FAMILIEKURSER, 4),
]


def test_the_plan_has_the_twelve_printed_activities(plan):
    assert plan.activities.count() == 12
    assert {a.name for a in plan.activities.all()} == {row[2] for row in ACTIVITIES}


@pytest.mark.parametrize(
    ("focus_area", "number", "name", "criteria"),
    [pytest.param(*row, id=row[2]) for row in ACTIVITIES],
)
def test_each_printed_activity_belongs_to_its_focus_area_in_print_order(
    plan, focus_area, number, name, criteria
):
    activity = plan.activities.get(name=name)
    assert (activity.focus_area.name, activity.number) == (focus_area, number)


@pytest.mark.parametrize(
    ("focus_area", "number", "name", "criteria"),
    [pytest.param(*row, id=f"{row[2]} has {row[3]}") for row in ACTIVITIES],
)
def test_each_activity_has_the_printed_number_of_success_criteria(
    plan, focus_area, number, name, criteria
):
    assert plan.activities.get(name=name).success_criteria.count() == criteria


def test_the_plan_has_43_success_criteria(plan):
    assert plan.success_criteria.count() == sum(row[3] for row in ACTIVITIES) == 43


# (activity, printed words that pick the criterion, target, target_max, per, period_target)
CRITERIA = [
    (NABOSKAB, "Minimum 17 beboere er udøvende beboerambassadører", "17", None, PERIOD, None),
    (NABOSKAB, "gennemføres minimum 16 aktiviteter i hele perioden", "16", None, PERIOD, None),
    (NABOSKAB, "Kontakt til minimum 100 nytilflyttede beboere", "100", None, PERIOD, None),
    (
        NABOSKAB,
        "Mindst gennemsnitligt 25 deltagere til hver fællesspisning",
        "25",
        None,
        PERIOD,
        None,
    ),
    # "... opretholdes, så der i 2021 er samme niveau som i 2016. Til sammenligning er der i
    # 2016 7 aktive lokale foreninger med medlemstal over 25."
    (NABOSKAB, "Antal aktive lokale foreninger med medlemstal over 25", "7", None, PERIOD, None),
    (BRANDING, "aktivitetsomslag med 5 eksemplarer årligt", "5", None, YEAR, "20"),
    # "Nyhedsmail én gang månedligt svarende til 48 i hele perioden.": 12 a year (48 / 4 years).
    (BRANDING, "Nyhedsmail én gang månedligt", "12", None, YEAR, "48"),
    (BRANDING, "Stigende antal besøgende på Bysekretariatets hjemmeside", None, None, PERIOD, None),
    (BRANDING, "Minimum to positive historier i den lokale presse årligt", "2", None, YEAR, "8"),
    (HOTSPOT, "Der skabes kontakt til 80 unikke børn om året", "80", None, YEAR, "320"),
    (HOTSPOT, "25 børn/unge årligt svarende til 100", "25", None, YEAR, "100"),
    # "8-10 ugers varighed" is the length of a course, not a range of the target.
    (HOTSPOT, "mindst 2 gruppeforløb årligt af 8-10 ugers varighed", "2", None, YEAR, "8"),
    (
        FAMILIEVEJLEDNING,
        "Forældre til minimum 6 unge modtager årligt rådgivning",
        "6",
        None,
        YEAR,
        "24",
    ),
    # "(Succeskriteriet kvalificeres i styregruppen inden udgangen af 2017)": no number yet.
    (FAMILIEVEJLEDNING, "Familien føler sig bedre rustet", None, None, "", None),
    (PARAT, "Minimum 16 unge kommer på årsbasis i fritidsjobs", "16", None, YEAR, "64"),
    # "3 opkvalificeringsforløb med 7-10 unge pr gang, svarende til 12 forløb og 84-120 unge":
    # the target counts courses; 7-10 / 84-120 count participants.
    (PARAT, "Der afvikles årligt 3 opkvalificeringsforløb", "3", None, YEAR, "12"),
    (PARAT, "Minimum 13 unge på årsbasis har fastholdt deres job", "13", None, YEAR, "52"),
    (PARAT, "Der afvikles årligt 2 Brandkadetforløb", "2", None, YEAR, "8"),
    # "... svarende til 3-4 forløb årligt afhængig af antal klasser. For hele perioden giver det
    # samlet set 12-16 forløb": the period range has no upper field, so 12 (its lower bound).
    (PARAT, "mindst 1 MILIFE forløb", "3", "4", YEAR, "12"),
    (PARAT, "Andelen af ikke-uddannelsesparate unge i 9. og 10. klasse", None, None, "", None),
    (UDD_TILBUD, "20 unge fra området vil blive tilknyttet værkstederne", "20", None, YEAR, "80"),
    (UDD_TILBUD, "95 % af de tilknyttede unge", "95", None, PERIOD, None),
    # "5 netværksskabende arrangementer årligt med deltagelse af 10 unge svarende til 20
    # arrangementer og 40 unge i hele perioden"
    (UDD_TILBUD, "Der afholdes 5 netværksskabende arrangementer årligt", "5", None, YEAR, "20"),
    (MOEDREGRUPPER, "Der afvikles 5 forløb årligt", "5", None, YEAR, "20"),
    (
        MOEDREGRUPPER,
        "Mindst 25 unikke børn og deres forældre deltager årligt",
        "25",
        None,
        YEAR,
        "100",
    ),
    (
        MOEDREGRUPPER,
        "Mindst 80 % af deltagerne gennemfører hele forløbet",
        "80",
        None,
        PERIOD,
        None,
    ),
    (MOEDREGRUPPER, "Mindst 75 % af deltagerne vurderer", "75", None, PERIOD, None),
    (NUSSA, "Oplevet forandring hos instruktører og pædagoger", None, None, "", None),
    (NUSSA, "Der gennemføres i alt 21 NUSSA-forløb", "21", None, PERIOD, None),
    # "Fordelt på de tre institutioner gennemfører 144 - 240 børn ... i hele perioden."
    (NUSSA, "Fordelt på de tre institutioner gennemfører", "144", "240", PERIOD, None),
    (SPROG, "Mindst 8 årlige forløbsaktiviteter", "8", None, YEAR, "32"),
    (FRAVAER, "Fraværsteamet mødes hver anden uge", "20", None, YEAR, "80"),
    # "40 børn ... indgår årligt i forløbet i løbet af hele perioden": no period figure printed.
    (FRAVAER, "40 børn fra Helhedsplanens områder", "40", None, YEAR, None),
    (FRAVAER, "Der afholdes 3 årlige kursusforløb", "3", None, YEAR, "12"),
    (FAMILIEKLASSEN, "12 familier vil årligt påbegynde et forløb", "12", None, YEAR, "48"),
    (FAMILIEKLASSEN, "90 % af familierne gennemfører forløbet", "90", None, PERIOD, None),
    (FAMILIEKLASSEN, "Oplevet forandring målt ved forældrenes tilfredshed", None, None, "", None),
    (FAMILIEKLASSEN, "Barnets skolefravær reduceres", None, None, "", None),
    (FAMILIEKLASSEN, "Barnet bevarer tilknytning til sin stamklasse", None, None, "", None),
    (FAMILIEKURSER, "Oplevet forandring målt ved forældrenes tilfredshed", None, None, "", None),
    # "Minimum 24 unikke børns forældre deltager ... i løbet af hele perioden. Heraf skal 20
    # gennemføre." (The description's "24-32 familier" is not the criterion.)
    (FAMILIEKURSER, "Minimum 24 unikke børns forældre deltager", "24", None, PERIOD, None),
    (FAMILIEKURSER, "Oplevet forandring hos frontpersonale", None, None, "", None),
    (FAMILIEKURSER, "Der gennemføres mindst 3 netværksforløb årligt", "3", None, YEAR, "12"),
]


def find_criterion(plan, activity, words):
    found = [
        c
        for c in plan.activities.get(name=activity).success_criteria.all()
        if normalised(words) in normalised(c.text)
    ]
    assert len(found) == 1, f"{len(found)} criteria of {activity!r} read {words!r}"
    return found[0]


def test_the_checklist_names_every_success_criterion_once(plan):
    picked = [find_criterion(plan, row[0], row[1]).pk for row in CRITERIA]
    assert len(picked) == len(set(picked)) == plan.success_criteria.count()


@pytest.mark.parametrize(
    ("activity", "words", "target", "target_max", "per", "period_target"),
    [pytest.param(*row, id=f"{row[0]}: {row[1]}") for row in CRITERIA],
)
def test_each_success_criterion_has_its_printed_target(
    plan, activity, words, target, target_max, per, period_target
):
    criterion = find_criterion(plan, activity, words)
    assert criterion.target == dec(target)
    assert criterion.target_max == dec(target_max)
    assert criterion.per == per
    assert criterion.period_target == dec(period_target)


# --- local measures ---------------------------------------------------------------------------

RK = "Randers Kommune"

# (focus area, number, printed words, direction, target value, target year,
#  baselines [(period, value)], comparisons [(label, period, value)])
MEASURES = [
    # "Fraflytningsprocenten er i 2021 fastholdt på niveau svarende til 2015/16." No number is
    # printed; the plan file holds the latest level, "2016 (oktober) udgjorde 227 (13%)".
    (
        "Tryghed og trivsel",
        1,
        "Fraflytningsprocenten er i 2021 fastholdt",
        "maintain",
        "13",
        2021,
        # "Fraflyttere i 2014 udgjorde 261 (15%), 2015 udgjorde 235 (ca. 14%), 2016 (oktober)
        # udgjorde 227 (13%)"
        [("2014", "15"), ("2015", "14"), ("2016 (oktober)", "13")],
        [],
    ),
    # "... reduceres svarede til niveauet fra 2014." and "2014: 57 sager"
    (
        "Tryghed og trivsel",
        2,
        "Antallet af registrerede klagesager",
        "decrease",
        "57",
        2021,
        # "2014: 57 sager / 2015: 64 sager / 2016(oktober): 60 sager"
        [("2014", "57"), ("2015", "64"), ("2016 (oktober)", "60")],
        [],
    ),
    # "... reduceret med en tredjedel til 7,6 børn og unge svarende til 1,46 % af beboerne"
    (
        "Kriminalpræventiv indsats",
        1,
        "Andelen af 10-17 årige, som er blevet sigtet",
        "decrease",
        "1.46",
        2021,
        # "... i perioden 2011-2015. Det svarer til 2,2 % af beboerne i aldersgruppen."
        [("2011-2015", "2.2")],
        # "Det tilsvarende tal for Randers Kommune som helhed er 86,4 svarende til 0,9 %"
        [(RK, "2011-2015", "0.9")],
    ),
    # "15 % af de 10-14 årige er i dagtilbud i 2021."
    (
        "Kriminalpræventiv indsats",
        2,
        "15 % af de 10-14 årige er i dagtilbud",
        "decrease",
        "15",
        2021,
        # Baseline: "I 2015 udgjorde andelen ... 21,6 % i Randers Nordby og 10,2 % i Randers
        # Kommune". The 2011 figures come from the problem complex's table (Boligstatistiske
        # Nøgletal tabel 5): "Andel 10-14 årige i dagtilbud 29 % 17 % 21,6 % 10,2 %".
        [("2011", "29"), ("2015", "21.6")],
        [(RK, "2011", "17"), (RK, "2015", "10.2")],
    ),
    (
        "Uddannelse og beskæftigelse",
        1,
        "77 % af 9. klasses afgangselever",
        "increase",
        "77",
        2021,
        # "Andel af 9. klasses afgangselever fra juni 2014 ... var 68 % på Nørrevangsskolen og
        # 86 % for elever i Randers udenfor Nordbyen."
        [("2014", "68")],
        [("Randers udenfor Nordbyen", "2014", "86")],
    ),
    (
        "Uddannelse og beskæftigelse",
        2,
        "skal reduceres til 30 % i 2021",
        "decrease",
        "30",
        2021,
        # "I Randers Nordby har 40,6 % (målt i perioden 2011-2015) ... Det tilsvarende tal for
        # Randes Kommune er på 19,2 %."
        [("2011-2015", "40.6")],
        [(RK, "2011-2015", "19.2")],
    ),
    (
        "Uddannelse og beskæftigelse",
        3,
        "skal være 43 % i 2021",
        "increase",
        "43",
        2021,
        # "Den nuværende andel af unge i beskæftigelse mellem 18-29 år udgør 38 %. Den
        # tilsvarende andel for hele Randers er 60,1 %". The period is not printed here; the
        # problem complex gives 38 % "pr. ultimo november 2014" (tabel 9).
        [("2014 (ultimo november)", "38")],
        [(RK, "2014 (ultimo november)", "60.1")],
    ),
    (
        "Forebyggelse og forældreansvar",
        1,
        "reduceres til gennemsnitlig 10 fraværsdage pr. elev",
        "decrease",
        "10",
        2021,
        # "Det nuværende tal er 14,2 fraværsdage pr. elev ... fraværet for hele Randers Kommune
        # i skoleåret 2015/16 gennemsnitlig på 10,6 dage"
        [("2015/16", "14.2")],
        [(RK, "2015/16", "10.6")],
    ),
    # "... reduceres med 10 % i 2021": relative, no resulting value printed.
    (
        "Forebyggelse og forældreansvar",
        2,
        "2-5 årige børn i daginstitution",
        "decrease",
        None,
        2021,
        # "28 børn svarende 10,69 % af aldersgruppen ... øvrige Randers på 222 børn svarende til
        # 5,8 %"; the date "maj 2016" is from the problem complex's table.
        [("2016 (maj)", "10.69")],
        [("Øvrige Randers", "2016 (maj)", "5.8")],
    ),
    # "... reduceres med 10 procent frem mod 2021" (relative, no value printed);
    # "Medio 2016 er der i de tre institutioner 22 børn"
    (
        "Forebyggelse og forældreansvar",
        3,
        "primære udfordringer er sprogligt betinget",
        "decrease",
        None,
        2021,
        [("2016 (medio)", "22")],
        [],
    ),
    # "Medio 2016 er der i de tre institutioner ... 58 børn"
    (
        "Forebyggelse og forældreansvar",
        4,
        "primære udfordringer er sociale- og miljøbetinget",
        "decrease",
        None,
        2021,
        [("2016 (medio)", "58")],
        [],
    ),
]
MEASURE_ARGS = (
    "focus_area",
    "number",
    "words",
    "direction",
    "target",
    "year",
    "baselines",
    "comparisons",
)
MEASURE_PARAMS = [pytest.param(*row, id=f"{row[0]} {row[1]}: {row[2]}") for row in MEASURES]


def find_measure(plan, focus_area, number, words):
    measure = plan.local_measures.get(focus_area__name=focus_area, number=number)
    assert normalised(words) in normalised(measure.text)
    return measure


def test_the_plan_has_the_eleven_printed_local_measures(plan):
    assert plan.local_measures.count() == len(MEASURES) == 11


@pytest.mark.parametrize(MEASURE_ARGS, MEASURE_PARAMS)
def test_each_local_measure_has_its_printed_target(
    plan, focus_area, number, words, direction, target, year, baselines, comparisons
):
    measure = find_measure(plan, focus_area, number, words)
    assert measure.direction == direction
    assert measure.target_value == dec(target)
    assert measure.target_year == year


@pytest.mark.parametrize(MEASURE_ARGS, MEASURE_PARAMS)
def test_each_local_measure_has_its_printed_baseline_figures(
    plan, focus_area, number, words, direction, target, year, baselines, comparisons
):
    measure = find_measure(plan, focus_area, number, words)
    figures = measure.figures.filter(role=MeasureFigure.Role.BASELINE).order_by("order")
    assert [(f.period, f.value) for f in figures] == [(p, Decimal(v)) for p, v in baselines]


@pytest.mark.parametrize(MEASURE_ARGS, MEASURE_PARAMS)
def test_each_local_measure_has_its_printed_comparison_figures(
    plan, focus_area, number, words, direction, target, year, baselines, comparisons
):
    measure = find_measure(plan, focus_area, number, words)
    figures = measure.figures.filter(role=MeasureFigure.Role.COMPARISON).order_by("order")
    assert [(f.label, f.period, f.value) for f in figures] == [
        (label, p, Decimal(v)) for label, p, v in comparisons
    ]


# --- the board and the steering group -------------------------------------------------------------


def belongs_to(organisation, printed: str) -> bool:
    """The member's organisation is, or is part of, the organisation printed beside the name."""
    while organisation is not None:
        if organisation.name.startswith(printed):
            return True
        organisation = organisation.parent
    return False


# Section 2, "Bysekretariatets bestyrelse består af:" (name, printed title, printed organisation)
BOARD = [
    ("Michael Maaløe", "Direktør, Børn og Skole", RK),
    ("Kenneth Taylor Hansen", "Direktør", "RandersBolig"),
    ("Pia Hesselvig", "Forretningsfører", LEJERBO),
    ("Ann Hermansen", "Familiechef", RK),
    ("Henrik Johansen", "Skolechef", RK),
    ("Ole Andersen", "Arbejdsmarkedschef", RK),
    # "Repræsentant fra organisationsbestyrelsen (MSBolig), Vibeke Leensbak (observatørstatus)"
    ("Vibeke Leensbak", "Repræsentant fra organisationsbestyrelsen", "MSBolig"),
    # "Sekretariatsleder, Bysekretariatet, Louise Hou Kragh (sekretærfunktion)"
    ("Louise Hou Kragh", "Sekretariatsleder", "Bysekretariatet"),
]

# Section 2, "Styregruppens medlemmer vedr. boligsocial helhedsplan 2017-21" (the closing
# "Evt. ad hoc personer kan inviteres efter behov" names no member).
STEERING_GROUP = [
    # Printed here without organisation; the board list reads "Direktør, Børn og Skole, Randers
    # Kommune, Michael Maaløe".
    ("Michael Maaløe", "Direktør, Børn og Skole", RK),
    ("Martin Hyldgaard", "Skoleleder", "Nørrevangsskolen"),
    ("Elsebeth Andersen", "Skoleleder", "Vestervangsskolen"),
    ("Peter Nellemann", "Skoleleder", "Østervangsskolen"),
    ("Bent Raun", "Forstander", "Randers Produktionshøjskole"),
    ("Peter Larsen", "Afdelingsleder", "Randers Ungdomsskole"),
    ("Claus Hansen", "SSP-konsulent", RK),
    ("Maria Virhøj Madsen", "Leder af PPR", RK),
    ("Anne Lise Buus Nielsen", "Leder af Sundhedsplejen", RK),
    ("Morten Skivild", "Leder af Ungdommens Uddannelsesvejledning", RK),
    ("Kristian Bro Jensen", "Institutionsleder", "Børnehuset Jennumparken"),
    ("Rikke Karlov Jørgensen", "Institutionsleder", "Børnehaven Glentevej"),
    ("Helle Jantzen", "Dagtilbudsleder", "Dagtilbud Nordvest"),
    # Spelled "Peter Pedersen" here and "Peder Petersen" in the sub-agreement and the
    # preparedness plan; the steering group keeps this list's spelling.
    ("Peter Pedersen", "Inspektør", "RandersBolig"),
    ("Karin Jensen", "Forvaltningskonsulent", "RandersBolig"),
    ("Karina Brøndum", "Teamleder", LEJERBO),
    ("Lene Byrialsen", "Bibliotekschef", "Randers Bibliotek"),
    ("Allan Aarslev", "Politikommissær", "Østjyllands Politi"),
    ("Louise Hou Kragh", "Sekretariatsleder", "Bysekretariatet"),
    ("Marlene Schaap-Kristensen", "Projektleder", "Bysekretariatet"),
]


def the_board(plan):
    return plan.bodies.get(kind=Body.Kind.BOARD)


def the_steering_group(plan):
    return plan.bodies.get(kind=Body.Kind.STEERING_GROUP, name="Styregruppen")


def test_the_board_meets_twice_a_year(plan):
    # "Bestyrelsen mødes to gange årligt." / "Bestyrelsen mødes ved 2 faste møder årligt."
    assert the_board(plan).meets_per_year == 2


def test_the_board_has_the_eight_printed_members(plan):
    assert sorted(m.name for m in the_board(plan).members.all()) == sorted(row[0] for row in BOARD)


@pytest.mark.parametrize(
    ("name", "title", "organisation"), [pytest.param(*row, id=row[0]) for row in BOARD]
)
def test_each_printed_board_member_sits_on_the_board(plan, name, title, organisation):
    member = the_board(plan).members.get(name=name)
    assert title in member.role
    assert belongs_to(member.organisation, organisation)


def test_the_steering_group_meets_three_times_a_year(plan):
    # "Styregruppen mødes tre gange årligt" / "Styregruppen mødes ved 3 faste møder årligt."
    assert the_steering_group(plan).meets_per_year == 3


def test_the_steering_group_has_the_twenty_printed_members(plan):
    assert sorted(m.name for m in the_steering_group(plan).members.all()) == sorted(
        row[0] for row in STEERING_GROUP
    )


@pytest.mark.parametrize(
    ("name", "title", "organisation"), [pytest.param(*row, id=row[0]) for row in STEERING_GROUP]
)
def test_each_printed_steering_group_member_sits_in_the_steering_group(
    plan, name, title, organisation
):
    member = the_steering_group(plan).members.get(name=name)
    assert title in member.role
    assert belongs_to(member.organisation, organisation)


# --- the preparedness plan ("Boligsocial beredskabsplan 2017-2021") -------------------------------

# "Deltagere i den boligsociale beredskabsplan for Randers Nordby 2017-2021": six members and,
# in parentheses, two deputies.
PREPAREDNESS_GROUP = [
    ("Peter Larsen", "Afdelingsleder og SSP-koordinator", "Randers Ungdomsskole"),
    ("Claus Hansen", "SSP-konsulent", RK),
    ("Allan Aarslev", "Politikommissær", "Østjyllands Politi"),
    # "(Suppleant politiassistent i Randers: Niels Jørgensen, tlf. ...)"
    ("Niels Jørgensen", "suppleant for politikommissær Allan Aarslev", "Østjyllands Politi"),
    ("Lene Gorm Jørgensen", "Leder af Unge- og Familieudføreområdet", RK),
    # "(Else-Marie Revsbeck, teamleder og suppleant for Lene Gorm Jørgensen, tlf. ...)"
    ("Else-Marie Revsbeck", "suppleant for Lene Gorm Jørgensen", RK),
    ("Louise Hou Kragh", "Sekretariatsleder", "Bysekretariatet"),
    ("Peder Petersen", "Inspektør, RandersBolig/driften", "RandersBolig"),
]


def the_preparedness_group(plan):
    return plan.bodies.get(kind=Body.Kind.PREPAREDNESS)


def test_the_preparedness_group_meets_once_a_year_for_its_status_meeting(plan):
    # "Herudover vil styregruppen mødes én gang årligt til et statusmøde"
    assert the_preparedness_group(plan).meets_per_year == 1


def test_the_preparedness_group_has_the_eight_printed_participants(plan):
    assert sorted(m.name for m in the_preparedness_group(plan).members.all()) == sorted(
        row[0] for row in PREPAREDNESS_GROUP
    )


@pytest.mark.parametrize(
    ("name", "role", "organisation"), [pytest.param(*row, id=row[0]) for row in PREPAREDNESS_GROUP]
)
def test_each_printed_participant_sits_in_the_preparedness_group(plan, name, role, organisation):
    member = the_preparedness_group(plan).members.get(name=name)
    assert role in member.role
    assert belongs_to(member.organisation, organisation)


def test_the_press_is_handled_by_the_two_printed_housing_leaders(plan):
    # "Forretningsfører, Lejerbo, Pia Hesselvig, tlf. ... / Direktør, RandersBolig Kenneth Taylor
    # Hansen, tlf. ..."
    organisations = {o.key: o.name for o in plan.organisations.all()}
    press = [
        (c["role"], organisations[c["organisation"]], c["name"])
        for c in plan.preparedness["press_contacts"]
    ]
    assert press == [
        ("Forretningsfører", "Lejerbo", "Pia Hesselvig"),
        ("Direktør", "RandersBolig", "Kenneth Taylor Hansen"),
    ]


def test_the_ad_hoc_resources_are_the_printed_examples(plan):
    # "(Eksempelvis brandvæsnet, daginstitutioner, skolen, opsøgende medarbejdere,
    # klubmedarbejdere, viceværter, m.fl.)"
    assert [r["name"].lower() for r in plan.preparedness["resources"]] == [
        "brandvæsnet",
        "daginstitutioner",
        "skolen",
        "opsøgende medarbejdere",
        "klubmedarbejdere",
        "viceværter",
    ]
    assert "m.fl." in plan.preparedness["note"]


def test_the_preparedness_plan_has_the_two_printed_levels(plan):
    # "organiseret på to niveauer: Det koordinerende niveau / Det udførende niveau"
    coordinating = normalised(plan.preparedness["coordinating_level"])
    executing = normalised(plan.preparedness["executing_level"])
    assert coordinating.startswith("På det koordinerende niveau er det selve styregruppen")
    assert "sekretariatslederen, som er tovholder" in coordinating
    assert "SSP-konsulentens ansvar at aktivere SSP-netværket" in executing


# --- no phone numbers -------------------------------------------------------------------------

# The preparedness plan prints these numbers ("tlf. ..."); none may be carried into the file.
PRINTED_PHONE_NUMBERS = [
    pytest.param("20218240", id="Peter Larsen 20218240"),
    pytest.param("40867408", id="Claus Hansen 40867408"),
    pytest.param("22701226", id="Allan Aarslev 22701226"),
    pytest.param("72581869", id="Niels Jørgensen 72581869"),
    pytest.param("27535119", id="Lene Gorm Jørgensen 27535119"),
    pytest.param("51211105", id="Else-Marie Revsbeck 51211105"),
    pytest.param("4214 8600", id="Louise Hou Kragh 4214 8600"),
    pytest.param("89122924", id="Peder Petersen 89122924"),
    pytest.param("20758355", id="Peder Petersen 20758355"),
    pytest.param("38121466", id="Pia Hesselvig 38121466"),
    pytest.param("89122901", id="Kenneth Taylor Hansen 89122901"),
]

# Eight digits, optionally grouped 4+4 or 2+2+2+2, optionally after +45, not part of a longer
# number or a decimal ("20218240", "4214 8600", "42 14 86 00", "+45 20218240"); two years side by
# side, as in the printed table header "2011 2015", are not a phone number.
DANISH_PHONE_NUMBER = re.compile(
    r"(?<!\d)(?<!\d[.,])(?!(?:19|20)\d\d (?:19|20)\d\d(?!\d))"
    r"(?:\+45 ?)?\d{2}(?: ?\d{2}){3}(?!\d|[.,]\d)"
)
# Money is whole kroner, so the budget amounts are eight-digit integers too; they are not phones.
MONEY = re.compile(r"\b(lbf|local): *\d+")


@pytest.mark.parametrize("number", PRINTED_PHONE_NUMBERS)
def test_the_phone_number_pattern_recognises_each_printed_phone_number(number):
    assert DANISH_PHONE_NUMBER.search(f"tlf. {number})")
    assert DANISH_PHONE_NUMBER.search(f"tlf. +45 {number}.")


def test_the_phone_number_pattern_leaves_money_decimals_and_years_alone():
    text = "16.055.000 kr., 14,2 dage, 2011 2015, 01.06.2017-31.05.2021, lbf: 16055000"
    assert DANISH_PHONE_NUMBER.findall(MONEY.sub(r"\1: kr", text)) == []


@pytest.mark.parametrize("number", PRINTED_PHONE_NUMBERS)
def test_no_printed_phone_number_appears_in_the_plan_file(plan_text, number):
    assert number not in plan_text
    assert number.replace(" ", "") not in re.sub(r"\s", "", plan_text)


def test_no_eight_digit_danish_phone_number_appears_anywhere_in_the_plan_file(plan_text):
    assert DANISH_PHONE_NUMBER.findall(MONEY.sub(r"\1: kr", plan_text)) == []

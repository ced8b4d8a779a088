"""The fields of a focus area and of what sits inside it (its sub-agreement's parties, its local
measures with their figures, its activities with their sub-activities and success criteria): the
delaftale's part of plans/planfile/fields.py."""

from helhedsplan.plans.planfile.types import Label
from helhedsplan.plans.planfile.vocabulary import (
    CHOICE,
    CRITERION_DIRECTIONS,
    DATE,
    INTEGER,
    LINES,
    LINES_HELP,
    NAME,
    NOTE,
    NUMBER,
    NUMBER_HELP,
    ORDER_IN_FOCUS_AREA,
    ORGANISATION,
    SUB_ACTIVITY,
    TEXTAREA,
    YES_NO,
    Combine,
    CriterionKind,
    Direction,
    Field,
    Part,
    Per,
    budget_fields,
    by_name,
    joined,
    numbered,
)
from helhedsplan.plans.register_measures import REGISTER_CHOICES

# A focus area's sub-agreement (delaftale) is kept beside it in the database (SubAgreement).
_AGREEMENT = "sub_agreement."

FOCUS_AREA_PART = Part(
    "focus_area", "focus_areas", "indsatsområde", "Indsatsområder", keyed=True,
    lead="Et indsatsområde med sin delaftale: budget, medarbejdertimer, formål og parter.",
    describe=numbered,
    fields=(
        Field("number", "Nummer", INTEGER, help="Rækkefølgen i planen: 1, 2, 3 …", required=True),
        NAME,
        Field(
            "priority",
            "Prioritet",
            INTEGER,
            help="1 er højest, efter den strategiske aftales rangordning. Kan være tom.",
        ),
        Field(
            "staff_hours_per_week",
            "Medarbejdertimer pr. uge",
            NUMBER,
            help="Boligsociale medarbejderes timer pr. uge i alt. " + NUMBER_HELP,
            column=_AGREEMENT + "staff_hours_per_week",
        ),
        Field(
            "staff_note",
            "Note om timerne",
            help="Fx «heraf 5 timer til kommunikation».",
            column=_AGREEMENT + "staff_note",
        ),
        *budget_fields(_AGREEMENT),
        Field(
            "valid.start",
            "Delaftalen gælder fra",
            DATE,
            help="Tom: som planen. Udfyld både fra og til.",
            column=_AGREEMENT + "valid_from",
        ),
        Field("valid.end", "Delaftalen gælder til", DATE, column=_AGREEMENT + "valid_to"),
        Field("purpose", "Formål", TEXTAREA, help="Formålets indledende sætning(er)."),
        Field(
            "goals",
            "Konkrete mål",
            LINES,
            help="Ét mål pr. linje. Et mål over flere linjer: sæt en tom linje mellem målene.",
        ),
        Field("background", "Problemkompleks", TEXTAREA, help="Baggrunden for indsatsområdet."),
        Field(
            "municipal_interplay",
            "Samspil med den kommunale indsats",
            TEXTAREA,
            help="Hvordan indsatsen supplerer kommunens tilbud.",
            column=_AGREEMENT + "municipal_interplay",
        ),
        NOTE,
    ),
    children=("parties", "local_measures", "activities"),
)  # fmt: skip

PARTY_PART = Part(
    "party", "parties", "aftalepart", "Aftalens parter", keyed=False,
    lead="En person, der har underskrevet delaftalen.", describe=joined("name", "title"),
    fields=(
        NAME,
        Field("title", "Titel", help="Fx «Direktør»."),
        Field("organisation", "Organisation", ORGANISATION),
        NOTE,
    ),
)  # fmt: skip

MEASURE_PART = Part(
    # The printed plan's own words: «Lokalt opstillede målinger».
    "local_measure", "local_measures", "lokalt opstillet måling", "Lokalt opstillede målinger",
    keyed=True,
    # The file's order: the baselines come before the target, the comparisons after it.
    file_order=(
        "key", "number", "text", "data_source", "register_series", "unit", "direction", "tolerance",
        "baselines", "target", "comparisons", "baseline_text", "note",
    ),
    lead="En lokalt opstillet måling ud fra registerdata: baseline, mål og retning.",
    describe=lambda item: item.get("text", ""),
    fields=(
        ORDER_IN_FOCUS_AREA,
        Field(
            "text",
            "Måling",
            TEXTAREA,
            help="Målingen som i planen, fx «Fraflytningsprocenten …».",
            required=True,
        ),
        Field("data_source", "Datakilde", help="Fx «Boligstatistiske Nøgletal»."),
        Field(
            "register_series.measure",
            "Registermåling",
            CHOICE,
            help="Hentes målingens værdier fra registerdata, vælges registermålingen her; så "
            "tastes de ikke, men kommer fra de importerede registerdata.",
            choices=REGISTER_CHOICES,
            column="register_measure",
        ),
        Field(
            "register_series.area",
            "Registerdata for",
            help="Et boligområdes nøgle, «plan» (hele planens område) eller «kommune». Tom: "
            "hele planens område.",
            column="register_place",
        ),
        Field("unit", "Enhed", help="Kort enhed, fx «%», «sager» eller «børn»."),
        Field(
            "direction",
            "Retning",
            CHOICE,
            help="Skal tallet stige, falde eller fastholdes?",
            choices=Direction.choices,
            required=True,
        ),
        Field(
            "tolerance",
            "Tolerance",
            NUMBER,
            help="Kun ved «skal fastholdes»: hvor langt fra baseline tallet må være, i enheden. "
            + NUMBER_HELP,
        ),
        Field("target.value", "Mål, værdi", NUMBER, help=NUMBER_HELP),
        Field("target.year", "Mål, år", INTEGER, help="Det år, målet skal være nået, fx 2021."),
        Field(
            "target.note", "Note om målet", TEXTAREA, help="Fx hvorfor planen ikke giver en værdi."
        ),
        Field("baseline_text", "Baseline (tekst)", TEXTAREA, help="Planens afsnit om baseline."),
        NOTE,
    ),
    children=("baselines", "comparisons"),
)  # fmt: skip

PERIOD = Field(
    "period",
    "Periode",
    help="Tekst, fx «2014», «2011-2015» eller «2015/16».",
    required=True,
    type=Label,
)

BASELINE_PART = Part(
    "baseline", "baselines", "baseline", "Baselines", keyed=False,
    lead="Et udgangstal for målingen: en periode og en værdi.",
    describe=lambda item: f"{item.get('period', '')}: {item.get('value', '–')}",
    fields=(
        PERIOD,
        Field("value", "Værdi", NUMBER, help=NUMBER_HELP + " Tom, hvis planen ikke giver et tal."),
        Field("note", "Note", TEXTAREA, help="Fx «261 fraflyttere»."),
    ),
)  # fmt: skip

COMPARISON_PART = Part(
    "comparison", "comparisons", "sammenligningstal", "Sammenligningstal", keyed=False,
    lead="Et tal at sammenligne med, fx kommunens gennemsnit.",
    describe=lambda item: (
        f"{item.get('label', '')} {item.get('period', '')}: {item.get('value', '–')}"
    ),
    fields=(
        Field("label", "Hvad", help="Fx «Randers Kommune».", required=True),
        Field("period", "Periode", help="Tekst, fx «2015».", required=True, type=Label),
        Field("value", "Værdi", NUMBER, help=NUMBER_HELP),
        NOTE,
    ),
)  # fmt: skip

ACTIVITY_PART = Part(
    "activity", "activities", "aktivitet", "Aktiviteter", keyed=True,
    lead="En aktivitet i indsatsområdet: indhold, formål, målgrupper og ansvar.",
    describe=numbered,
    fields=(
        ORDER_IN_FOCUS_AREA,
        NAME,
        Field(
            "description",
            "Indhold og praksis",
            TEXTAREA,
            help="Aktivitetsbeskrivelsen som i planen.",
        ),
        Field("purpose", "Formål", LINES, help="Ét formål pr. linje. " + LINES_HELP),
        Field("target_groups", "Målgrupper", LINES, help="Én målgruppe pr. linje."),
        Field("organisation_text", "Organisering", TEXTAREA),
        Field("responsible", "Ansvar", TEXTAREA, help="Planens tekst om, hvem der har ansvaret."),
        Field(
            "responsible_organisation",
            "Leverer data",
            ORGANISATION,
            help="Den organisation, der registrerer leverancerne for aktiviteten.",
        ),
        Field("roles", "Rollefordeling", TEXTAREA),
        NOTE,
    ),
    children=("sub_activities", "success_criteria"),
)  # fmt: skip

SUB_ACTIVITY_PART = Part(
    "sub_activity", "sub_activities", "delaktivitet", "Delaktiviteter", keyed=True,
    lead="En del af aktiviteten, som succeskriterier kan høre til.", describe=by_name,
    fields=(NAME, Field("description", "Beskrivelse", TEXTAREA), NOTE),
)  # fmt: skip

COUNTS_PERSONS_HELP = (
    "Skal angives ved typen «antal». Ja, når tallet er et antal personer, familier eller "
    "husstande, eller forløb for én person eller én familie ad gangen: så vises små tal (under "
    "planens grænse, normalt 1-4) som «<5» i alt, hvad der går uden for sekretariatet. Nej, når "
    "tallet tæller ting, møder, arrangementer eller gruppeforløb: et gruppeforløb for 8-10 unge er "
    "ét forløb, ikke én person, og vises som det er. Enheden afgør det ikke. Unikke deltagere "
    "tæller altid personer."
)

CRITERION_PART = Part(
    "success_criterion", "success_criteria", "succeskriterium", "Succeskriterier", keyed=True,
    lead="Et succeskriterium: hvad der måles, målet, og hvordan tallene lægges sammen.",
    describe=lambda item: item.get("text", ""),
    fields=(
        Field("text", "Succeskriterium", TEXTAREA, help="Kriteriet som i planen.", required=True),
        Field(
            "kind",
            "Type",
            CHOICE,
            help="Antal leverancer, unikke deltagere, gennemsnit, andel, niveau, udvikling "
            "eller en kvalitativ vurdering i styregruppen.",
            choices=CriterionKind.choices,
            required=True,
        ),
        Field(
            "combine",
            "Sammentælling",
            CHOICE,
            help="Hvordan tal over tid bliver til ét tal. Passer til typen, fx «lægges sammen» "
            "ved antal. Tom ved kvalitativ vurdering.",
            choices=Combine.choices,
        ),
        Field(
            "target",
            "Mål",
            NUMBER,
            help="Ved et interval («24-32») den nedre grænse. Tom ved udvikling og kvalitativ "
            "vurdering. " + NUMBER_HELP,
        ),
        Field(
            "target_max",
            "Mål, øvre grænse",
            NUMBER,
            help="Kun ved et interval: den øvre grænse, mindst lig med målet.",
        ),
        Field(
            "per",
            "Målet gælder",
            CHOICE,
            help="Pr. planår (1. juni – 31. maj) eller for hele planperioden.",
            choices=Per.choices,
        ),
        Field(
            "direction",
            "Retning",
            CHOICE,
            help="«Skal falde», når mindre er bedre, fx fravær.",
            choices=CRITERION_DIRECTIONS,
            default="increase",
        ),
        Field(
            "period_target",
            "Mål for hele perioden",
            NUMBER,
            help="Kun når målet gælder pr. planår og planen også nævner et tal for hele "
            "perioden, fx «5 årligt svarende til 20 i alt».",
        ),
        Field("unit", "Enhed", help="Fx «forløb», «deltagere» eller «%»."),
        Field(
            "counts_persons",
            "Tæller tallet personer?",
            YES_NO,
            help=COUNTS_PERSONS_HELP,
            choices=(
                ("true", "Ja, personer, familier eller husstande"),
                ("false", "Nej, ting, møder eller gruppeforløb"),
            ),
        ),
        Field("data_source", "Datakilde", help="Fx «Egen leverance og måling»."),
        Field(
            "responsible_organisation",
            "Ansvarlig for tallet",
            ORGANISATION,
            help="Den organisation, der leverer tallet.",
        ),
        Field(
            "sub_activity",
            "Delaktivitet",
            SUB_ACTIVITY,
            help="Den delaktivitet, kriteriet hører til. Kan være tom.",
        ),
        NOTE,
    ),
)  # fmt: skip

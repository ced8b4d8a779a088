"""The parts of a plan that the secretariat edits in forms, described once.

A part is one object of the plan file: the plan itself, an organisation, an area, one coverage
rule of an area, a focus area, an activity, a success criterion and so on. Each kind names the
list it lives in, whether it is found by its key (keyed lists) or by its position (lists without
keys), its fields (with label, Danish help text and widget) and the lists of parts inside it.
The rules that decide what a valid value is are NOT here: they are the plan file's own
(plans.planfile), and the editor only asks them.
"""

import typing
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel

from helhedsplan.plans import models as m
from helhedsplan.plans.planfile import schema

# Widgets: what a field looks like and how its text becomes a plan-file value (edit_forms.py).
TEXT = "text"  # one line of text
TEXTAREA = "textarea"  # longer text, kept as written
LINES = "lines"  # a list of texts: one item per line
NUMBER = "number"  # a number, Danish style ("1.234,5")
INTEGER = "integer"  # a whole number without thousands separators (a year, a house number)
DATE = "date"
CHOICE = "choice"  # one of the field's choices
YES_NO = "yes_no"  # true or false, from the field's two choices ("true", "false")
ORGANISATION = "organisation"  # the key of one of the plan's organisations
AREA = "area"  # the key of one of the plan's areas
SUB_ACTIVITY = "sub_activity"  # the key of one of the activity's sub-activities

NOTE_HELP = "Fri tekst, fx hvor den trykte plan er uklar. Vises, men ændrer ingen beregning."
NUMBER_HELP = "Brug komma som decimaltegn, fx 14,2."
KRONER_HELP = "Hele kroner, fx 3.412.000."


def _choices(text_choices) -> tuple[tuple[str, str], ...]:
    return tuple((value, label[:1].upper() + label[1:]) for value, label in text_choices.choices)


@dataclass(frozen=True)
class Field:
    """One field of a part. `name` is its place inside the part, dotted for nested values
    (`budget.lbf` is `budget: {lbf: ...}` in the file)."""

    name: str
    label: str
    widget: str = TEXT
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()

    @property
    def form_name(self) -> str:
        return self.name.replace(".", "__")


def _short(text, length: int = 70) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= length else text[: length - 1] + "…"


@dataclass(frozen=True)
class PartKind:
    code: str
    list_name: str  # the list the part sits in ("" for the plan itself)
    label: str  # singular, lower case: "succeskriterium"
    plural: str  # capitalised: "Succeskriterier"
    keyed: bool  # found by its key (else by its position in the list)
    schema: type[BaseModel]
    fields: tuple[Field, ...]
    children: tuple[str, ...] = ()  # list names of the parts inside it
    describe: Callable[[dict], str] = field(default=lambda item: "")
    lead: str = ""  # one line on the edit page: what this part is

    @property
    def label_cap(self) -> str:
        return self.label[:1].upper() + self.label[1:]

    def text(self, item: dict) -> str:
        """The part's own words, shortened for a list: an activity's name, a criterion's text."""
        return _short(self.describe(item))

    def key_of(self, item: dict) -> str:
        """The part's key (for the technically minded, shown small beside its text)."""
        return str(item.get("key") or "") if self.keyed else ""

    def title(self, item: dict) -> str:
        """How a person recognises the part: by its text, "Succeskriterium: Minimum 17 …". The
        key only when the part has no text of its own."""
        text = self.text(item)
        if text:
            return f"{self.label_cap}: {text}"
        key = self.key_of(item)
        return f"{self.label_cap} «{key}»" if key else self.label_cap

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def _schema_fields(self, name: str):
        """The plan file schema's field info for each step of a dotted field name."""
        model, infos = self.schema, []
        for part in name.split("."):
            fields = model.model_fields if model else {}
            info = next((f for key, f in fields.items() if part in (key, f.alias)), None)
            if info is None:
                return [*infos, None]
            infos.append(info)
            # `DateRange | None` holds a model too.
            candidates = [info.annotation, *typing.get_args(info.annotation)]
            model = next(
                (c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None
            )
        return infos

    def is_required(self, name: str) -> bool:
        """Whether the plan file requires the field: read from the plan file's own schema."""
        infos = self._schema_fields(name)
        return all(info is not None and info.is_required() for info in infos)

    def default(self, name: str):
        """The value the plan file assumes when the field is left out (None if none)."""
        info = self._schema_fields(name)[-1]
        if info is None or info.is_required() or info.default in (None, [], {}):
            return None
        return info.default


PLAN = PartKind(
    code="plan",
    list_name="",
    label="planen",
    plural="Planen",
    keyed=False,
    schema=schema.PlanIn,
    lead="Planens navn, vision, periode, nøgletal og budget: den strategiske samarbejdsaftales "
    "ramme.",
    describe=lambda item: item.get("name", ""),
    fields=(
        Field(
            "name", "Planens navn", help="Fx «Boligsocial helhedsplan for Randers Nordby 2017-21»."
        ),
        Field("vision", "Vision", help="Planens vision i én sætning."),
        Field("summary", "Forord", TEXTAREA, help="Planens forord eller indledning."),
        Field("period.start", "Planperiode, start", DATE, help="Første dag i planen."),
        Field("period.end", "Planperiode, slut", DATE, help="Sidste dag i planen."),
        Field("residents", "Beboere", INTEGER, help="Antal beboere i planens område."),
        Field("tenancies", "Lejemål", INTEGER, help="Antal lejemål i planens område."),
        Field(
            "residents_source",
            "Kilde til beboere og lejemål",
            help="Fx «Boligstatistiske nøgletal fra Danmarks Statistik, april 2016».",
        ),
        Field("budget.lbf", "Budget, Landsbyggefonden (kr.)", NUMBER, help=KRONER_HELP),
        Field("budget.local", "Budget, lokal medfinansiering (kr.)", NUMBER, help=KRONER_HELP),
        Field(
            "small_number_threshold",
            "Grænse for små tal",
            INTEGER,
            help="Antal personer under denne grænse vises som «<N» i rapporter, der forlader "
            "sekretariatet. Tom: 5.",
        ),
        Field(
            "secretariat",
            "Sekretariat",
            ORGANISATION,
            help="Den organisation, der koordinerer og udfører indsatsen.",
        ),
        Field(
            "purposes",
            "Formål",
            LINES,
            help="Den strategiske aftales formål: ét punkt pr. linje. Et punkt over flere "
            "linjer: sæt en tom linje mellem punkterne.",
        ),
        Field("note", "Note", TEXTAREA, help=NOTE_HELP),
    ),
    children=(
        "organisations",
        "areas",
        "departments",
        "overall_goals",
        "focus_areas",
        "bodies",
    ),
)

ORGANISATION_KIND = PartKind(
    code="organisation",
    list_name="organisations",
    label="organisation",
    plural="Organisationer",
    keyed=True,
    schema=schema.OrganisationIn,
    lead="En boligorganisation, kommunal enhed eller anden partner i planen.",
    describe=lambda item: item.get("name", ""),
    fields=(
        Field("name", "Navn"),
        Field("kind", "Type", CHOICE, choices=_choices(m.Organisation.Kind)),
        Field(
            "parent",
            "Del af",
            ORGANISATION,
            help="Den organisation, den hører under, fx Randers Kommune for PPR. Kan være tom.",
        ),
        Field("note", "Note", TEXTAREA, help=NOTE_HELP),
    ),
)

AREA_KIND = PartKind(
    code="area",
    list_name="areas",
    label="boligområde",
    plural="Boligområder",
    keyed=True,
    schema=schema.AreaIn,
    lead="Et boligområde i planen og de adresser, der hører til det.",
    describe=lambda item: item.get("name", ""),
    fields=(
        Field("name", "Navn"),
        Field(
            "aliases",
            "Andre navne",
            LINES,
            help="Navne, området også kaldes, fx «Jennumparken»: ét navn pr. linje.",
        ),
        Field("note", "Note", TEXTAREA, help=NOTE_HELP),
    ),
    children=("coverage",),
)

COVERAGE_KIND = PartKind(
    code="coverage",
    list_name="coverage",
    label="adresseregel",
    plural="Adresseregler",
    keyed=False,
    schema=schema.CoverageIn,
    lead="Én vej og hvilke husnumre på den, der hører til boligområdet.",
    describe=lambda item: " ".join(
        str(x)
        for x in (
            item.get("street", ""),
            dict(m.CoverageRule.Numbers.choices).get(item.get("numbers"), ""),
            f"{item.get('from', '')}-{item.get('to', '')}"
            if item.get("from") or item.get("to")
            else "",
        )
        if x
    ),
    fields=(
        Field("street", "Vej", help="Vejnavnet som i adressen, fx «Husarvej»."),
        Field("numbers", "Husnumre", CHOICE, choices=_choices(m.CoverageRule.Numbers)),
        Field(
            "from",
            "Fra nr.",
            INTEGER,
            help="Laveste husnummer (med). Tom: fra vejens begyndelse. Ét nummer: samme fra og til.",
        ),
        Field("to", "Til nr.", INTEGER, help="Højeste husnummer (med). Tom: til vejens ende."),
        Field("note", "Note", TEXTAREA, help=NOTE_HELP),
    ),
)

DEPARTMENT_KIND = PartKind(
    code="department",
    list_name="departments",
    label="afdeling",
    plural="Afdelinger",
    keyed=False,
    schema=schema.DepartmentIn,
    lead="En boligafdeling: boligorganisationen, afdelingens nummer og boligområdet.",
    describe=lambda item: f"afd. {item.get('number', '?')} ({item.get('organisation', '')})",
    fields=(
        Field("organisation", "Boligorganisation", ORGANISATION),
        Field(
            "number",
            "Afdelingsnummer",
            INTEGER,
            help="Nummeret er entydigt inden for boligorganisationen.",
        ),
        Field("area", "Boligområde", AREA),
        Field("name", "Navn", help="Afdelingens navn, hvis den har et."),
        Field("note", "Note", TEXTAREA, help=NOTE_HELP),
    ),
)

GOAL_KIND = PartKind(
    code="overall_goal",
    list_name="overall_goals",
    label="overordnet mål",
    plural="Overordnede mål",
    keyed=True,
    schema=schema.OverallGoalIn,
    lead="Et af den strategiske aftales overordnede mål, som bestyrelsen følger.",
    describe=lambda item: item.get("text", ""),
    fields=(
        Field("text", "Mål", TEXTAREA, help="Fx «Øget uddannelsesgrad blandt unge»."),
        Field("note", "Note", TEXTAREA, help=NOTE_HELP),
    ),
)

FOCUS_AREA_KIND = PartKind(
    code="focus_area",
    list_name="focus_areas",
    label="indsatsområde",
    plural="Indsatsområder",
    keyed=True,
    schema=schema.FocusAreaIn,
    lead="Et indsatsområde med sin delaftale: budget, medarbejdertimer, formål og parter.",
    describe=lambda item: f"{item.get('number', '')}. {item.get('name', '')}",
    fields=(
        Field("number", "Nummer", INTEGER, help="Rækkefølgen i planen: 1, 2, 3 …"),
        Field("name", "Navn"),
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
        ),
        Field("staff_note", "Note om timerne", help="Fx «heraf 5 timer til kommunikation»."),
        Field("budget.lbf", "Budget, Landsbyggefonden (kr.)", NUMBER, help=KRONER_HELP),
        Field("budget.local", "Budget, lokal medfinansiering (kr.)", NUMBER, help=KRONER_HELP),
        Field(
            "valid.start",
            "Delaftalen gælder fra",
            DATE,
            help="Tom: som planen. Udfyld både fra og til.",
        ),
        Field("valid.end", "Delaftalen gælder til", DATE),
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
        ),
        Field("note", "Note", TEXTAREA, help=NOTE_HELP),
    ),
    children=("parties", "local_measures", "activities"),
)

PARTY_KIND = PartKind(
    code="party",
    list_name="parties",
    label="aftalepart",
    plural="Aftalens parter",
    keyed=False,
    schema=schema.PartyIn,
    lead="En person, der har underskrevet delaftalen.",
    describe=lambda item: ", ".join(x for x in (item.get("name"), item.get("title")) if x),
    fields=(
        Field("name", "Navn"),
        Field("title", "Titel", help="Fx «Direktør»."),
        Field("organisation", "Organisation", ORGANISATION),
        Field("note", "Note", TEXTAREA, help=NOTE_HELP),
    ),
)

MEASURE_KIND = PartKind(
    code="local_measure",
    list_name="local_measures",
    label="lokal måling",
    plural="Lokale målinger",
    keyed=True,
    schema=schema.LocalMeasureIn,
    lead="En lokalt opstillet måling ud fra registerdata: baseline, mål og retning.",
    describe=lambda item: item.get("text", ""),
    fields=(
        Field("number", "Nummer", INTEGER, help="Rækkefølgen i indsatsområdet."),
        Field(
            "text", "Måling", TEXTAREA, help="Målingen som i planen, fx «Fraflytningsprocenten …»."
        ),
        Field("data_source", "Datakilde", help="Fx «Boligstatistiske Nøgletal»."),
        Field("unit", "Enhed", help="Kort enhed, fx «%», «sager» eller «børn»."),
        Field(
            "direction",
            "Retning",
            CHOICE,
            help="Skal tallet stige, falde eller fastholdes?",
            choices=_choices(m.LocalMeasure.Direction),
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
        Field("note", "Note", TEXTAREA, help=NOTE_HELP),
    ),
    children=("baselines", "comparisons"),
)

BASELINE_KIND = PartKind(
    code="baseline",
    list_name="baselines",
    label="baseline",
    plural="Baselines",
    keyed=False,
    schema=schema.FigureIn,
    lead="Et udgangstal for målingen: en periode og en værdi.",
    describe=lambda item: f"{item.get('period', '')}: {item.get('value', '–')}",
    fields=(
        Field("period", "Periode", help="Tekst, fx «2014», «2011-2015» eller «2015/16»."),
        Field("value", "Værdi", NUMBER, help=NUMBER_HELP + " Tom, hvis planen ikke giver et tal."),
        Field("note", "Note", TEXTAREA, help="Fx «261 fraflyttere»."),
    ),
)

COMPARISON_KIND = PartKind(
    code="comparison",
    list_name="comparisons",
    label="sammenligningstal",
    plural="Sammenligningstal",
    keyed=False,
    schema=schema.ComparisonIn,
    lead="Et tal at sammenligne med, fx kommunens gennemsnit.",
    describe=lambda item: (
        f"{item.get('label', '')} {item.get('period', '')}: {item.get('value', '–')}"
    ),
    fields=(
        Field("label", "Hvad", help="Fx «Randers Kommune»."),
        Field("period", "Periode", help="Tekst, fx «2015»."),
        Field("value", "Værdi", NUMBER, help=NUMBER_HELP),
        Field("note", "Note", TEXTAREA, help=NOTE_HELP),
    ),
)

ACTIVITY_KIND = PartKind(
    code="activity",
    list_name="activities",
    label="aktivitet",
    plural="Aktiviteter",
    keyed=True,
    schema=schema.ActivityIn,
    lead="En aktivitet i indsatsområdet: indhold, formål, målgrupper og ansvar.",
    describe=lambda item: f"{item.get('number', '')}. {item.get('name', '')}",
    fields=(
        Field("number", "Nummer", INTEGER, help="Rækkefølgen i indsatsområdet."),
        Field("name", "Navn"),
        Field(
            "description",
            "Indhold og praksis",
            TEXTAREA,
            help="Aktivitetsbeskrivelsen som i planen.",
        ),
        Field(
            "purpose",
            "Formål",
            LINES,
            help="Ét formål pr. linje. Et punkt over flere linjer: sæt en tom linje mellem "
            "punkterne.",
        ),
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
        Field("note", "Note", TEXTAREA, help=NOTE_HELP),
    ),
    children=("sub_activities", "success_criteria"),
)

SUB_ACTIVITY_KIND = PartKind(
    code="sub_activity",
    list_name="sub_activities",
    label="delaktivitet",
    plural="Delaktiviteter",
    keyed=True,
    schema=schema.SubActivityIn,
    lead="En del af aktiviteten, som succeskriterier kan høre til.",
    describe=lambda item: item.get("name", ""),
    fields=(
        Field("name", "Navn"),
        Field("description", "Beskrivelse", TEXTAREA),
        Field("note", "Note", TEXTAREA, help=NOTE_HELP),
    ),
)

CRITERION_KIND = PartKind(
    code="success_criterion",
    list_name="success_criteria",
    label="succeskriterium",
    plural="Succeskriterier",
    keyed=True,
    schema=schema.SuccessCriterionIn,
    lead="Et succeskriterium: hvad der måles, målet, og hvordan tallene lægges sammen.",
    describe=lambda item: item.get("text", ""),
    fields=(
        Field("text", "Succeskriterium", TEXTAREA, help="Kriteriet som i planen."),
        Field(
            "kind",
            "Type",
            CHOICE,
            help="Antal leverancer, unikke deltagere, gennemsnit, andel, niveau, udvikling "
            "eller en kvalitativ vurdering i styregruppen.",
            choices=_choices(m.SuccessCriterion.Kind),
        ),
        Field(
            "combine",
            "Sammentælling",
            CHOICE,
            help="Hvordan tal over tid bliver til ét tal. Passer til typen, fx «lægges sammen» "
            "ved antal. Tom ved kvalitativ vurdering.",
            choices=_choices(m.SuccessCriterion.Combine),
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
            choices=_choices(m.SuccessCriterion.Per),
        ),
        Field(
            "direction",
            "Retning",
            CHOICE,
            help="«Skal falde», når mindre er bedre, fx fravær.",
            choices=tuple(c for c in _choices(m.LocalMeasure.Direction) if c[0] != "maintain"),
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
            help="Skal angives ved typen «antal». Ja, når tallet er et antal personer, "
            "familier eller husstande, eller forløb for én person eller én familie ad gangen: "
            "så vises små tal (under planens grænse, normalt 1-4) som «<5» i alt, hvad der går "
            "uden for sekretariatet. Nej, når tallet tæller ting, møder, arrangementer eller "
            "gruppeforløb: et gruppeforløb for 8-10 unge er ét forløb, ikke én person, og "
            "vises som det er. Enheden afgør det ikke. Unikke deltagere tæller altid personer.",
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
        Field("note", "Note", TEXTAREA, help=NOTE_HELP),
    ),
)

BODY_KIND = PartKind(
    code="body",
    list_name="bodies",
    label="organ",
    plural="Organer",
    keyed=True,
    schema=schema.BodyIn,
    lead="Et organ i planens organisering (kommissoriet): bestyrelse, styregruppe og andre.",
    describe=lambda item: item.get("name", ""),
    fields=(
        Field("name", "Navn"),
        Field("kind", "Type", CHOICE, choices=_choices(m.Body.Kind)),
        Field(
            "meets_per_year",
            "Møder pr. år",
            INTEGER,
            help="Fx 2 for bestyrelsen, 26 for «hver 14. dag».",
        ),
        Field(
            "meeting_rule", "Mødefrekvens", TEXTAREA, help="Planens ord om, hvornår organet mødes."
        ),
        Field("purpose", "Formål og opgaver", TEXTAREA),
        Field("note", "Note", TEXTAREA, help=NOTE_HELP),
    ),
    children=("members",),
)

MEMBER_KIND = PartKind(
    code="member",
    list_name="members",
    label="medlem",
    plural="Medlemmer",
    keyed=False,
    schema=schema.MemberIn,
    lead="Et medlem af organet, som planen nævner det. Telefonnumre og e-mail skrives ikke i "
    "planen, men under Organisering.",
    describe=lambda item: ", ".join(x for x in (item.get("role"), item.get("name")) if x),
    fields=(
        Field("role", "Rolle", help="Fx «Direktør, Børn og Skole»."),
        Field("name", "Navn", help="Kan være tom, når planen kun nævner rollen."),
        Field("organisation", "Organisation", ORGANISATION),
        Field("note", "Note", TEXTAREA, help=NOTE_HELP),
    ),
)

KINDS: tuple[PartKind, ...] = (
    PLAN,
    ORGANISATION_KIND,
    AREA_KIND,
    COVERAGE_KIND,
    DEPARTMENT_KIND,
    GOAL_KIND,
    FOCUS_AREA_KIND,
    PARTY_KIND,
    MEASURE_KIND,
    BASELINE_KIND,
    COMPARISON_KIND,
    ACTIVITY_KIND,
    SUB_ACTIVITY_KIND,
    CRITERION_KIND,
    BODY_KIND,
    MEMBER_KIND,
)
# Every list of parts has its own name in the plan file, so the name tells the kind.
BY_LIST: dict[str, PartKind] = {kind.list_name: kind for kind in KINDS if kind.list_name}
BY_CODE: dict[str, PartKind] = {kind.code: kind for kind in KINDS}

KEY_HELP = (
    "Et kort navn til import, rapporter og adresser: små bogstaver a-z, tal og bindestreger, fx "
    "«hotspot-kontakt». Nøglen kan ikke ændres senere, for registreringer og målinger hænger "
    "på den."
)

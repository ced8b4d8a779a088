"""The words a plan-file field is described in: its widget, its choices, and the Field and Part
records that plans/planfile/fields.py fills in once for every field of the plan file.

The choices live here (not in plans/models.py) so that the models, the plan file's schema, the
editor and the change wording all read the same ones; the models name them as before
(`SuccessCriterion.Per`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models

# Widgets: what a field looks like in the editor and how its text becomes a plan-file value
# (planning/edit_forms.py); the load and the export read them too (a reference is a key).
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
PLAN_REF = "plan"  # the slug of another plan (not edited in forms)
REFERENCES = (ORGANISATION, AREA, SUB_ACTIVITY, PLAN_REF)
NOT_STORED = "-"  # a Field's column when the database does not keep it
# Widgets whose empty value is "" in the database (a text or an optional choice).
EMPTY_IS_TEXT = (TEXT, TEXTAREA, CHOICE)


class OrganisationKind(models.TextChoices):
    HOUSING = "housing", "Boligorganisation"
    MUNICIPALITY = "municipality", "Kommune"
    OTHER = "other", "Anden"


class CoverageNumbers(models.TextChoices):
    ALL = "all", "alle numre"
    ODD = "odd", "ulige numre"
    EVEN = "even", "lige numre"


class Direction(models.TextChoices):
    INCREASE = "increase", "skal stige"
    DECREASE = "decrease", "skal falde"
    MAINTAIN = "maintain", "skal fastholdes"


class CriterionKind(models.TextChoices):
    COUNT = "count", "antal"
    UNIQUE_PARTICIPANTS = "unique_participants", "unikke deltagere"
    AVERAGE = "average", "gennemsnit"
    SHARE = "share", "andel"
    LEVEL = "level", "niveau"
    TREND = "trend", "udvikling"
    QUALITATIVE = "qualitative", "kvalitativ vurdering"


class Combine(models.TextChoices):
    SUM = "sum", "lægges sammen"
    UNIQUE = "unique", "unikke deltagere"
    LATEST = "latest", "seneste værdi"
    MAX = "max", "højeste værdi"
    AVERAGE = "average", "gennemsnit"
    SHARE = "share", "andel"


class Per(models.TextChoices):
    YEAR = "year", "pr. planår"
    PERIOD = "period", "i hele perioden"


class BodyKind(models.TextChoices):
    BOARD = "board", "bestyrelse"
    STEERING_GROUP = "steering_group", "styregruppe"
    POLITICAL_GROUP = "political_group", "politisk følgegruppe"
    RESIDENTS_COUNCIL = "residents_council", "beboerråd"
    PREPAREDNESS = "preparedness", "beredskabsstyregruppe"
    WORKING_GROUP = "working_group", "arbejdsgruppe"
    OTHER = "other", "andet"


# A criterion's direction: a trend may rise or fall; "maintain" is a local measure's only.
CRITERION_DIRECTIONS = tuple(c for c in Direction.choices if c[0] != Direction.MAINTAIN)


@dataclass(frozen=True)
class Field:
    """One field of a plan-file part, described once.

    `name` is its place inside the part, dotted for nested values (`budget.lbf` is
    `budget: {lbf: ...}` in the file). `text` is what it is called in Danish (the editor's
    label, the admin's, a change's wording); `unit`, when given, follows it in brackets. `column`
    is where the database keeps it (the name with "_" for "." unless given; dotted through a
    relation, "sub_agreement.budget_lbf"). A field that is not `editable` is read and written
    with the file but has no place in the editor's form (the slug, the format)."""

    name: str
    text: str
    widget: str = TEXT
    help: str = ""
    unit: str = ""
    column: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    editable: bool = True
    # The plan file's rules (plans/planfile/schema.py builds its models from them): whether the
    # file must give it, what it assumes when left out, and the type where the widget's is not
    # the one (a whole number from 0, the format's 1).
    required: bool = False
    default: object = None
    type: object = None

    @property
    def label(self) -> str:
        """The label as a form shows it: "Budget, Landsbyggefonden (kr.)"."""
        return f"{self.text} ({self.unit})" if self.unit else self.text

    @property
    def form_name(self) -> str:
        return self.name.replace(".", "__")

    @property
    def attr(self) -> str:
        return self.column or self.name.replace(".", "_")

    @property
    def stored(self) -> bool:
        """Whether the database keeps it (the file's `format` it does not: always 1)."""
        return self.column != NOT_STORED

    def words(self, *, capital: bool) -> str:
        """The name inside a sentence ("mål ændret fra …"), or at its start."""
        first = self.text[:1].upper() if capital else self.text[:1].lower()
        return first + self.text[1:]


def _short(text, length: int = 70) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= length else text[: length - 1] + "…"


@dataclass(frozen=True)
class Part:
    """One kind of object of the plan file: the plan itself, an organisation, a criterion … It
    names the list it sits in, whether it is found by its key (keyed lists) or by its position,
    its fields, and the lists of parts inside it (`children`)."""

    code: str
    list_name: str  # the list the part sits in ("" for the plan itself)
    label: str  # singular, lower case: "succeskriterium"
    plural: str  # capitalised: "Succeskriterier"
    keyed: bool  # found by its key (else by its position in the list)
    fields: tuple[Field, ...]
    children: tuple[str, ...] = ()  # names of the parts (lists, or one section) inside it
    describe: Callable[[dict], str] = field(default=lambda item: "")
    lead: str = ""  # one line on the edit page: what this part is
    # Why the editor has no forms for this part ("" when it has).
    not_in_editor: str = ""
    one: bool = False  # one object in its parent (a section), not a list of them
    # The part's names in the file's order, where it is not its fields' order with the lists
    # of parts before a last `note` (or, with `lists_last`, after it).
    file_order: tuple[str, ...] = ()
    lists_last: bool = False

    def layout(self) -> tuple[str, ...]:
        """The part's names in the plan file, in order: "key", "name", "budget", "activities" …"""
        if self.file_order:
            return self.file_order
        names = ["key"] if self.keyed else []
        for f in self.fields:
            top = f.name.split(".")[0]
            if top not in names:
                names.append(top)
        last = [names.pop()] if names[-1:] == ["note"] and not self.lists_last else []
        return (*names, *self.children, *last)

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

    def by_column(self, column: str) -> Field:
        return next(f for f in self.fields if f.attr == column)

    def django(self, column: str) -> dict:
        """The model field's verbose_name and help_text, from the field stored in `column`."""
        found = self.by_column(column)
        return {"verbose_name": found.label, "help_text": found.help}


# --- what many parts share -------------------------------------------------------------------

NOTE_HELP = "Fri tekst, fx hvor den trykte plan er uklar. Vises, men ændrer ingen beregning."
NUMBER_HELP = "Brug komma som decimaltegn, fx 14,2."
KRONER_HELP = "Hele kroner, fx 3.412.000."
KEY_HELP = (
    "Et kort navn til import, rapporter og adresser: små bogstaver a-z, tal og bindestreger, fx "
    "«hotspot-kontakt». Nøglen kan ikke ændres senere, for registreringer og målinger hænger "
    "på den."
)
LINES_HELP = "Et punkt over flere linjer: sæt en tom linje mellem punkterne."

NAME = Field("name", "Navn", required=True)
NOTE = Field("note", "Note", TEXTAREA, help=NOTE_HELP)
ORDER_IN_FOCUS_AREA = Field(
    "number", "Nummer", INTEGER, help="Rækkefølgen i indsatsområdet.", required=True
)


def budget_fields(prefix: str = "") -> tuple[Field, Field]:
    """A budget: `budget: {lbf, local}` in the file, whole kroner (plans/planfile/types.Money)."""
    return tuple(
        Field(
            f"budget.{name}",
            text,
            NUMBER,
            KRONER_HELP,
            "kr.",
            f"{prefix}budget_{name}",
            required=True,
        )
        for name, text in (
            ("lbf", "Budget, Landsbyggefonden"),
            ("local", "Budget, lokal medfinansiering"),
        )
    )


def by_name(item: dict) -> str:
    return item.get("name", "")


def numbered(item: dict) -> str:
    return f"{item.get('number', '')}. {item.get('name', '')}"


def joined(*names: str):
    return lambda item: ", ".join(str(item[n]) for n in names if item.get(n))

"""A report, assembled once from the data, as plain values that every renderer reads.

The assemblers (assemble.py) build a `Report` of sections holding text, tables and charts; the
renderers turn the same `Report` into HTML (and PDF from it), Word and Excel. Table cells keep
their real values (numbers stay numbers for Excel) and a column kind that says how to show them
in Danish; a person count that must not leave the secretariat is a `Suppressed` value.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from helhedsplan.core import formats
from helhedsplan.core.suppression import Suppressed

# Column kinds: how a cell's value is shown and stored.
TEXT, NUMBER, MONEY, PERCENT, DATE = "text", "number", "money", "percent", "date"


@dataclass
class Column:
    label: str
    kind: str = TEXT


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    total: list | None = None
    note: str = ""
    sheet: str = ""  # the Excel sheet's name; defaults to the title
    empty: str = "Ingen rækker."

    block = "table"

    def formatted_rows(self) -> list[list[str]]:
        return [self.format_row(row) for row in self.rows]

    def formatted_total(self) -> list[str] | None:
        return self.format_row(self.total) if self.total else None

    def format_row(self, row: list) -> list[str]:
        return [
            format_value(value, column.kind)
            for value, column in zip(row, self.columns, strict=True)
        ]

    def numeric(self) -> list[bool]:
        return [column.kind != TEXT for column in self.columns]


@dataclass
class Series:
    """One line or set of points of a chart; `style` picks a line, a marker and a pattern."""

    label: str
    points: list[tuple[float, Decimal]]
    style: str  # "baseline" | "measured" | "target" | "comparison"


@dataclass
class Chart:
    title: str
    alt: str  # the text alternative: every figure the chart shows, in words
    unit: str
    series: list[Series]
    png: bytes | None = field(default=None, repr=False)  # rendered once, by charts.chart_png

    block = "chart"


@dataclass
class Text:
    paragraphs: list[str]
    empty: str = ""  # shown (in italics) when there is no text, e.g. "Ingen beretning skrevet."

    block = "text"


@dataclass
class Items:
    """A bulleted list."""

    items: list[str]

    block = "items"


@dataclass
class Section:
    heading: str
    level: int = 2
    blocks: list = field(default_factory=list)

    def add(self, block):
        self.blocks.append(block)
        return block


@dataclass
class Report:
    kind: str
    title: str
    plan_name: str
    period_label: str
    period_start: datetime.date
    period_end: datetime.date
    as_of: datetime.date
    made_at: datetime.datetime
    suppressed: bool  # True when small person counts are shown as "<N"
    threshold: int
    sections: list[Section] = field(default_factory=list)
    # Documents that are not reports over a period (an agenda, minutes, an agreement) say
    # their own facts in the heading, audience line and footer.
    facts: list[tuple[str, str]] | None = None
    audience: str | None = None
    footer: str | None = None
    # Who made the document (the plan's secretariat): the author in the Word file's properties.
    organisation: str = ""

    def section(self, heading: str, level: int = 2) -> Section:
        section = Section(heading, level)
        self.sections.append(section)
        return section

    @property
    def period_text(self) -> str:
        return formats.period_words(self.period_start, self.period_end)

    @property
    def meta_items(self) -> list[tuple[str, str]]:
        if self.facts is not None:
            return self.facts
        return [
            ("Periode", self.period_text),
            ("Data pr.", formats.date_words(self.as_of)),
            ("Dannet", formats.datetime_words(self.made_at)),
        ]

    @property
    def audience_text(self) -> str:
        if self.audience is not None:
            return self.audience
        if self.suppressed:
            # The outward rules of core/outward.py, said where the figures are read.
            return (
                f"Antal personer under {self.threshold} er vist som «<{self.threshold}», andre "
                f"antal personer afrundet til nærmeste {self.threshold}; status følger det viste "
                "tal. Et planårs eget tal vises, når året er slut, og «skjult», hvor det sammen "
                "med tallene til dato ville afsløre et lille antal."
            )
        return (
            "Sekretariatets udgave: alle tal vises, også små antal personer. Må ikke videregives."
        )

    @property
    def footer_text(self) -> str:
        if self.footer is not None:
            return self.footer
        return (
            f"{self.plan_name} · {self.title} · Periode {self.period_label} "
            f"({self.period_text}) · Data pr. {formats.date_words(self.as_of)} · "
            f"Dannet {formats.datetime_words(self.made_at)}"
        )

    def tables(self) -> list[Table]:
        return [
            block for section in self.sections for block in section.blocks if block.block == "table"
        ]


def format_value(value, kind: str) -> str:
    """A cell in Danish: 16.055.000 kr., 14,2, 10,7 %, 1. juni 2017, "<5", "–" for nothing."""
    if value is None or value == "":
        return "–" if kind != TEXT else ""
    if isinstance(value, Suppressed | str):
        return str(value)
    if kind == MONEY:
        return formats.amount(value)
    if kind == PERCENT:
        return formats.percent(value, 1)
    if kind == DATE:
        return formats.date_words(value)
    if isinstance(value, Decimal | float):
        return formats.number(value, 2)
    if isinstance(value, int) and not isinstance(value, bool):
        return formats.number(value)
    return str(value)

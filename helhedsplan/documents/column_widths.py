"""How wide a table's columns should be, from what each column holds: shared by the Word edition
(`docx_layout`) and the printed HTML and PDF (`render_html`).

Widths are in twips (1/20 pt). Text widths are estimated from Arial's character widths
(Liberation Sans has the same), which is close enough to tell whether a word fits a column
without the font at hand; a wider font is measured as Arial at a larger size.
"""

import math
from dataclasses import dataclass
from functools import lru_cache

# ---- how wide text is ------------------------------------------------------------------------

# Arial's advance widths in 1/1000 em, by group; other characters take the first figure.
_WIDTHS = {
    False: (
        556,
        {
            222: "ijl'|",
            278: "ftI .,:;/!",
            333: "r-()·",
            500: "cksvxyzJ",
            611: "øFTZ",
            667: "ABEKPSVXYÅÉ&",
            722: "wCDHNRU",
            778: "GOQØ",
            833: "mM",
            889: "æ%",
            944: "W",
            1000: "Æ",
        },
    ),
    True: (
        611,
        {
            278: "ijlI .,/'|",
            333: "ft:;-()!·",
            389: "r*",
            500: "z",
            556: "aceksvxyåéäJ0123456789–«»_",
            667: "EPSVXYÉ",
            722: "ABCDHKNRUÅ&",
            778: "wGOQØ",
            833: "M",
            889: "mæ%",
            944: "W",
            1000: "Æ",
        },
    ),
}
_ADVANCE = {
    bold: (default, {char: width for width, chars in groups.items() for char in chars})
    for bold, (default, groups) in _WIDTHS.items()
}
SAFETY = 1.04  # rounding in the layout engines: better a hair too wide than a broken word


@lru_cache(maxsize=4096)
def text_width(text: str, size: float, bold: bool = False) -> int:
    """The width of `text` on one line, in twips."""
    default, advance = _ADVANCE[bold]
    thousandths = sum(advance.get(char, default) for char in text)
    return math.ceil(thousandths * size * 20 * SAFETY / 1000)


# ---- tables ----------------------------------------------------------------------------------


@dataclass
class Cells:
    """A table's cells as text, formatted once for the layout and the document."""

    labels: list[str]
    body: list[list[str]]
    total: list[str] | None
    numeric: list[bool]

    @classmethod
    def of(cls, table) -> "Cells":
        return cls(
            [column.label for column in table.columns],
            table.formatted_rows(),
            table.formatted_total(),
            table.numeric(),
        )


@dataclass
class ColumnNeed:
    least: int  # the longest word (a figure: its whole value), padding included
    typical: int  # a typical value on one line, padding included
    is_text: bool


HYPHENATED_LETTERS = 8  # the shortest heading word that may be broken at a hyphen


@dataclass(frozen=True)
class TableFont:
    """The table text's size in pt, as Arial (a wider font gives a larger figure), its bold's
    size the same way, the padding of a cell, both sides together, in twips, and whether the
    column headings may break a long word at a hyphen (the PDF's `hyphens: auto`)."""

    size: float
    bold_size: float
    padding: int
    hyphenated_headings: bool = False

    def width(self, text: str, bold: bool = False) -> int:
        return text_width(text, self.bold_size if bold else self.size, bold)

    def heading_width(self, word: str) -> int:
        """The least width of a heading's word: whole, or on two lines at the hyphenation point
        that makes the wider line narrowest ("Udgangs-" / "punkt"). The layout fills the first
        line as far as it can, so what goes to the second is never wider."""
        whole = self.width(word, bold=True)
        # A short word is kept whole ("En-hed" saves little and reads badly).
        if not self.hyphenated_headings or len(word) < HYPHENATED_LETTERS:
            return whole
        return min(
            [whole]
            + [
                max(self.width(f"{word[:at]}-", bold=True), self.width(word[at:], bold=True))
                for at in _danish_hyphenation().positions(word)
            ]
        )


@lru_cache(maxsize=1)
def _danish_hyphenation():
    import pyphen  # WeasyPrint's own hyphenation, with its defaults: 2 letters at least each side

    return pyphen.Pyphen(lang="da_DK", left=2, right=2)


def column_needs(cells: Cells, font: TableFont) -> list[ColumnNeed]:
    width, padding = font.width, font.padding
    needs = []
    for index, (label, is_number) in enumerate(zip(cells.labels, cells.numeric, strict=True)):
        values = [(row[index], False) for row in cells.body]
        if cells.total:
            values.append((cells.total[index], True))  # the total row is bold
        header = max((font.heading_width(word) for word in label.split()), default=0)
        if is_number:
            # A figure is never wrapped: "16.055.000 kr." stays on one line.
            widest = max((width(value, bold) for value, bold in values), default=0)
            least = max(header, widest) + padding
            needs.append(ColumnNeed(least, least, False))
            continue
        word = max(
            (width(w, bold) for value, bold in values for w in value.split()),
            default=0,
        )
        lengths = sorted(width(value, bold) for value, bold in values if value) or [0]
        # Typical: four values in five fit on one line at this width.
        typical = lengths[(len(lengths) - 1) * 4 // 5] + padding
        least = max(header, word) + padding
        needs.append(ColumnNeed(least, max(least, typical), True))
    return needs


def column_widths(needs: list[ColumnNeed], available: int) -> list[int] | None:
    """Widths that fill `available`, or None when even the least widths do not fit.

    Every column first gets its longest word. The room left goes to the columns whose typical
    value is longer than that, none beyond its typical value: the small wants first, each in
    full while an equal share covers it (a short status gets onto one line); what is left is
    shared by the long texts in proportion to what each lacks, so that the longest, which sets
    the rows' height, gets the most. Room beyond every typical value goes to the text columns
    (figures stay narrow)."""
    widths = [need.least for need in needs]
    room = available - sum(widths)
    if room < 0:
        return None
    wants = {i: need.typical - need.least for i, need in enumerate(needs)}
    if sum(wants.values()) > room:
        waiting = sorted((i for i in wants if wants[i] > 0), key=wants.get)
        while waiting and wants[waiting[0]] <= room // len(waiting):
            i = waiting.pop(0)
            widths[i] += wants[i]
            room -= wants[i]
        lacking = sum(wants[i] for i in waiting)
        for i in waiting:
            widths[i] += room * wants[i] // lacking
    else:
        widths = [need.typical for need in needs]
        spare = available - sum(widths)
        takers = [i for i, need in enumerate(needs) if need.is_text] or list(range(len(needs)))
        weight = sum(widths[i] for i in takers)
        for i in takers:
            widths[i] += spare * widths[i] // weight
    widths[-1] += available - sum(widths)  # what the rounding left
    return widths


def shared_needs(tables: list, cells: dict, font: TableFont) -> dict:
    """Each table's column needs; tables of one section with the same columns (the results of
    each focus area) share them, so that their columns line up from one table to the next."""
    own = {id(t): column_needs(cells[id(t)], font) for t in tables}
    shared = {}
    for table in tables:
        labels = cells[id(table)].labels
        alike = [own[id(t)] for t in tables if cells[id(t)].labels == labels]
        shared[id(table)] = [
            ColumnNeed(
                max(needs[i].least for needs in alike),
                max(needs[i].typical for needs in alike),
                own[id(table)][i].is_text,
            )
            for i in range(len(labels))
        ]
    return shared

"""A report as HTML: in the app's layout on screen, and standalone for download and for the PDF
(`render_pdf`)."""

import base64
import dataclasses
import hashlib
import math
from functools import cache
from pathlib import Path

from django.template.loader import render_to_string

from helhedsplan.documents.charts import chart_png
from helhedsplan.documents.column_widths import Cells, TableFont, column_widths, shared_needs
from helhedsplan.documents.document import Report

CSS = Path(__file__).with_name("report.css")

# The printed page's text width in twips (report.css: A4, 15 mm side margins), upright and for
# the aktivitetsskema's landscape pages.
_TWIPS_PER_MM = 1440 / 25.4
PRINT_WIDTH = {False: round(180 * _TWIPS_PER_MM), True: round(267 * _TWIPS_PER_MM)}
# The tables' DejaVu Sans at 8.5 pt: up to 15 % wider than Arial, its bold up to 26 % wider than
# Arial's (in figures; measured on letters and figures); a cell's padding is .35rem of 9.5 pt on
# each side.
TABLE_PT, MIN_TABLE_PT = 8.5, 7.0  # report.css: table { font-size }
PRINT_FONT = TableFont(size=TABLE_PT * 1.15, bold_size=TABLE_PT * 1.26, padding=140)
# Where the columns' longest words alone take most of the width (the local measures' ten
# columns), a long heading word may break at a hyphen ("Udgangs-" / "punkt"), so that it does
# not take the room that the long texts beside it need. Elsewhere headings stay whole.
CROWDED = 0.8
HYPHENATING_FONT = dataclasses.replace(PRINT_FONT, hyphenated_headings=True)


@cache
def report_css() -> str:
    """report.css: the same for every report (the PDF parses it once per process)."""
    return CSS.read_text(encoding="utf-8")


def chart_data_uri(chart) -> str:
    # PNG, not SVG: WeasyPrint lays a raster image out in no time, where 11 SVG charts took it a
    # second and a half (the text alternative goes with it).
    return f"data:image/png;base64,{base64.b64encode(chart_png(chart)).decode('ascii')}"


def _printed_tables(report: Report):
    """Each section's tables that have rows, each with its id in the document ("tabel-3")."""
    number = 0
    for section in report.sections:
        tables = [block for block in section.blocks if block.block == "table" and block.rows]
        yield [(f"tabel-{number + place}", table) for place, table in enumerate(tables, 1)]
        number += len(tables)


def report_context(report: Report, chart_src=chart_data_uri) -> dict:
    """What the templates need beyond the report: chart images and cells ready to print.
    `chart_src` gives each chart's image address: a data: URI, so the file stands alone."""
    for tables in _printed_tables(report):
        for name, table in tables:
            table.html_id = name
    for section in report.sections:
        for block in section.blocks:
            if block.block == "chart":
                block.data_uri = chart_src(block)
            elif block.block == "table":
                numeric = block.numeric()
                block.cells = [
                    list(zip(row, numeric, strict=True)) for row in block.formatted_rows()
                ]
                total = block.formatted_total()
                block.total_cells = list(zip(total, numeric, strict=True)) if total else None
    return {"report": report}


def column_css(report: Report) -> str:
    """Each table's column widths on paper, worked out from what its columns hold as for the
    Word edition (tables of a section with the same columns line up). A fixed table layout with
    set widths spares WeasyPrint measuring every word of every cell twice, a fifth of a PDF's
    time, and puts the room where the long texts are."""
    available = PRINT_WIDTH[report.kind == "aktivitetsskema"]
    rules = []
    for tables in _printed_tables(report):
        cells = {id(table): Cells.of(table) for _, table in tables}
        needs = shared_needs([table for _, table in tables], cells, PRINT_FONT)
        if any(sum(n.least for n in need) > CROWDED * available for need in needs.values()):
            needs = shared_needs([table for _, table in tables], cells, HYPHENATING_FONT)
            rules.extend(f"#{name} thead th {{ hyphens: auto }}" for name, _ in tables)
        for name, table in tables:
            widths = column_widths(needs[id(table)], available)
            if widths is None:
                widths, smaller = _narrowed(
                    name, [need.least for need in needs[id(table)]], available
                )
                rules.extend(smaller)
            total = sum(widths)
            columns = " ".join(
                f"#{name} col:nth-child({place}) {{ width: {100 * width / total:.3f}% }}"
                for place, width in enumerate(widths, 1)
            )
            rules.append(f"#{name} {{ table-layout: fixed }} {columns}")
    return "@media print {\n" + "\n".join(rules) + "\n}\n" if rules else ""


def _narrowed(name: str, least: list[int], available: int) -> tuple[list[int], list[str]]:
    """A table whose longest words and figures do not fit side by side gets a smaller type, as
    small as it must (down to 7 pt), and its columns their least widths at that size. Below 7 pt
    a word too long for its cell breaks. The widths, and the table's rules for its type."""
    padding = PRINT_FONT.padding
    scale = (available - padding * len(least)) / (sum(least) - padding * len(least))
    size = max(MIN_TABLE_PT, math.floor(TABLE_PT * scale * 10) / 10)
    rules = [f"#{name} {{ font-size: {size:.1f}pt }}"]
    if size == MIN_TABLE_PT:
        rules.append(f"#{name} th, #{name} td {{ overflow-wrap: anywhere }}")
    return [(width - padding) * scale + padding for width in least], rules


def own_css(report: Report) -> str:
    """What is the report's own in the document's stylesheet: the running footer on every page,
    the first included (a string-set would start late), and the tables' printed widths."""
    footer = report.footer_text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return f'@page {{ @bottom-left {{ content: "{footer}"; }} }}\n{column_css(report)}'


def document_css(report: Report) -> str:
    """The standalone document's one stylesheet: report.css and the report's own rules."""
    return f"{report_css()}\n{own_css(report)}"


def document_policy(css: str) -> str:
    """The standalone document's own Content-Security-Policy: nothing but its one stylesheet
    (allowed by its hash, so no 'unsafe-inline') and its charts (PNG data: URIs). It sits in a
    <meta> in the file, so it holds where the downloaded file is opened from disk, and the
    download's header says the same (the site's policy allows no inline style at all)."""
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def render_document(report: Report, chart_src=chart_data_uri, *, with_stylesheet=True) -> str:
    """The standalone HTML document, with its stylesheet inside: the `html` format. The PDF
    hands WeasyPrint the stylesheet apart (`with_stylesheet=False`), parsed once."""
    context = report_context(report, chart_src)
    if with_stylesheet:
        css = document_css(report)
        context.update(css=css, policy=document_policy(css))
    return render_to_string("documents/document.html", context)

"""A report as HTML: in the app's layout on screen, standalone for download, and as PDF."""

import base64
import hashlib
from functools import cache
from pathlib import Path

from django.template.loader import render_to_string

from helhedsplan.reports.charts import chart_png
from helhedsplan.reports.document import Report

CSS = Path(__file__).with_name("report.css")


@cache
def _css() -> str:
    return CSS.read_text(encoding="utf-8")


def chart_data_uri(chart) -> str:
    # PNG, not SVG: WeasyPrint lays a raster image out in no time, where 11 SVG charts took it a
    # second and a half (the text alternative goes with it).
    return f"data:image/png;base64,{base64.b64encode(chart_png(chart)).decode('ascii')}"


def report_context(report: Report, chart_src=chart_data_uri) -> dict:
    """What the templates need beyond the report: chart images and cells ready to print.
    `chart_src` gives each chart's image address: a data: URI, so the file stands alone."""
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


def document_css(report: Report) -> str:
    """The standalone document's one stylesheet: report.css and the report's running footer."""
    footer = report.footer_text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    # The running footer on every page, the first included (a string-set would start late).
    return f'{_css()}\n@page {{ @bottom-left {{ content: "{footer}"; }} }}\n'


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


def render_document(report: Report, chart_src=chart_data_uri) -> str:
    """The standalone HTML document, with its stylesheet inside: the `html` format."""
    css = document_css(report)
    context = {**report_context(report, chart_src), "css": css, "policy": document_policy(css)}
    return render_to_string("reports/document.html", context)


def _chart_fetcher(charts: dict[str, bytes]):
    """Hands WeasyPrint the report's chart PNGs by name ("chart:3") and nothing else. A data: URI
    per chart would have it parse, decode and hash half a megabyte of base64 for the årsrapport;
    and the PDF cannot load any other file or address, whatever a text in the report says."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # 1.5 s to import: on first use

    class ChartFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url not in charts:
                raise ValueError(f"Not a chart of this report: {url}")
            return URLFetcherResponse(url, charts[url], {"Content-Type": "image/png"})

    return ChartFetcher()


def render_pdf(report: Report) -> bytes:
    import weasyprint

    charts: dict[str, bytes] = {}

    def chart_src(chart) -> str:
        name = f"chart:{len(charts)}"
        charts[name] = chart_png(chart)
        return name

    html = render_document(report, chart_src)
    # pdf/ua-1 makes a tagged PDF: headings, tables and the charts' text alternatives are
    # available to screen readers.
    return weasyprint.HTML(
        string=html, base_url=str(CSS.parent), url_fetcher=_chart_fetcher(charts)
    ).write_pdf(pdf_variant="pdf/ua-1")

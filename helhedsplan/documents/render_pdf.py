"""A report as PDF, through WeasyPrint, from the standalone HTML document (`render_html`).

A PDF is asked for while a meeting waits, so what does not change from one PDF to the next is
made once per process: the font set-up, report.css parsed, and the charts' images, kept by their
content. Only the report's own rules (its running footer and its tables' column widths) are
parsed for each PDF. WeasyPrint's modules are kept out of the garbage collector's walks
(`core.memory`).

One PDF at a time per process: WeasyPrint's font set-up is not safe to share between threads,
and laying out a PDF is Python work that holds the interpreter anyway, so a second thread would
not make PDFs sooner. (gunicorn's sync workers have one thread each; the development server
starts a thread per request, which now finds the set-up made.)
"""

import hashlib
import threading
from dataclasses import dataclass

from helhedsplan.core.memory import collection_paused, freeze_what_is_loaded
from helhedsplan.documents.charts import chart_jpeg
from helhedsplan.documents.document import Report
from helhedsplan.documents.render_html import CSS, own_css, render_document, report_css

# WeasyPrint keeps about three entries per image (the image, its data and its PDF stream): this
# bounds the kept charts at about a hundred, a few megabytes.
IMAGE_ENTRIES = 300


@dataclass
class _Kept:
    fonts: object  # weasyprint.text.fonts.FontConfiguration
    stylesheet: object  # weasyprint.CSS of report.css
    images: dict


_one_at_a_time = threading.RLock()
_made: _Kept | None = None


def _kept() -> _Kept:
    """The process's set-up, made on first use; only with `_one_at_a_time` held."""
    global _made
    if _made is None:
        from weasyprint import CSS as Stylesheet  # 1.5 s to import: on first use
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()
        stylesheet = Stylesheet(string=report_css(), base_url=str(CSS.parent), font_config=fonts)
        _made = _Kept(fonts, stylesheet, {})
        freeze_what_is_loaded()  # WeasyPrint, just imported, stays loaded for good
    if len(_made.images) > IMAGE_ENTRIES:
        _made.images.clear()  # read again from the chart cache when next asked for
    return _made


def _chart_fetcher(charts: dict[str, bytes]):
    """Hands WeasyPrint the report's chart pictures by name and nothing else. A data: URI per
    chart would have it parse, decode and hash half a megabyte of base64 for the årsrapport; and
    the PDF cannot load any other file or address, whatever a text in the report says."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ChartFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url not in charts:
                raise ValueError(f"Not a chart of this report: {url}")
            return URLFetcherResponse(url, charts[url], {"Content-Type": "image/jpeg"})

    return ChartFetcher()


# pdf/ua-1 makes a tagged PDF: headings, tables and the charts' text alternatives are available
# to screen readers.
OPTIONS = {"pdf_variant": "pdf/ua-1"}


def laid_out(report: Report):
    """The report laid out on pages by WeasyPrint (a weasyprint.Document), ready to be written."""
    with _one_at_a_time:
        return _lay_out(report, _kept())


def _lay_out(report: Report, kept: _Kept):
    import weasyprint

    charts: dict[str, bytes] = {}

    def chart_src(chart) -> str:
        jpeg = chart_jpeg(chart)
        # Named by content: WeasyPrint keeps images by name, so an unchanged chart is not
        # read again, and a changed one gets a new name.
        name = f"chart:{hashlib.sha256(jpeg).hexdigest()}"
        charts[name] = jpeg
        return name

    html = render_document(report, chart_src, with_stylesheet=False)
    own = weasyprint.CSS(string=own_css(report), font_config=kept.fonts)
    return weasyprint.HTML(
        string=html, base_url=str(CSS.parent), url_fetcher=_chart_fetcher(charts)
    ).render(
        stylesheets=[kept.stylesheet, own],
        font_config=kept.fonts,
        cache=kept.images,
        **OPTIONS,
    )


def render_pdf(report: Report) -> bytes:
    with _one_at_a_time, collection_paused():
        return laid_out(report).write_pdf(**OPTIONS)

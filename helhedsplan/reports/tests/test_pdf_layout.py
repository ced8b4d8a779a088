"""The app's own PDF edition as WeasyPrint lays it out: each table's columns get set widths from
what they hold (render_html.column_css), and no text may run out of its cell at those widths;
the charts' pictures are kept by their content from one PDF to the next."""

import hashlib
import re
import threading

import pytest
from django.db import transaction
from weasyprint.formatting_structure import boxes

from helhedsplan.documents.charts import chart_jpeg
from helhedsplan.documents.render_html import HYPHENATING_FONT, PRINT_FONT, column_css
from helhedsplan.documents.render_pdf import _kept, laid_out, render_pdf
from helhedsplan.reports.tests.conftest import DEMO_REPORTS, pdf_pages
from helhedsplan.reports.tests.demo_documents import DOCUMENTS, demo_documents

# xdist_group: the module's data is made once, so all its tests run in one xdist worker.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("pdf-layout")]

TOLERANCE = 0.5  # CSS px: rounding in the layout


@pytest.fixture(scope="module")
def documents(django_db_setup, django_db_blocker) -> dict:
    """Every document of the demo plan: the report and its pages as WeasyPrint laid them out.
    Made once for the module; the data is rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        made = {kind: (report, laid_out(report)) for kind, report in demo_documents().items()}
        transaction.set_rollback(True)
    return made


def _descendants(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)


def _cells(document):
    for page in document.pages:
        for box in _descendants(page._page_box):
            if isinstance(box, boxes.TableCellBox):
                yield box


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_no_text_runs_out_of_its_table_cell(documents, kind):
    """At the set column widths every word fits its cell: a word wider than its column would
    run over the next cell's text (WeasyPrint does not break words)."""
    _report, document = documents[kind]
    checked = 0
    for cell in _cells(document):
        left = cell.content_box_x()
        right = left + cell.width
        for text in _descendants(cell):
            if isinstance(text, boxes.TextBox) and text.text.strip():
                checked += 1
                assert text.position_x >= left - TOLERANCE, text.text
                assert text.position_x + text.width <= right + TOLERANCE, (
                    f"{kind}: {text.text!r} is {text.width:.0f} px in a cell {cell.width:.0f} wide"
                )
    if kind in DEMO_REPORTS:  # the agenda and the minutes have few tables or none
        assert checked > 20


def test_each_table_fills_the_text_width_with_its_long_texts_widest(documents):
    """The columns' widths add up to the page's text width (18 cm, 26.7 cm on the aktivitets-
    skema's landscape pages), and a column of long texts is wider than a column of figures."""
    for kind, (_report, document) in documents.items():
        for page in document.pages:
            text_width_px = (267 if page.width > page.height else 180) * 96 / 25.4
            for box in _descendants(page._page_box):
                if isinstance(box, boxes.TableBox):
                    assert abs(box.width - text_width_px) < 1, kind
    assert (
        documents["aktivitetsskema"][1].pages[0].width
        > documents["aktivitetsskema"][1].pages[0].height
    )
    report, _document = documents["fremdrift"]
    css = column_css(report)
    assert css.count("table-layout: fixed") == sum(1 for t in report.tables() if t.rows)
    printed = [table for table in report.tables() if table.rows]
    place = next(i for i, t in enumerate(printed, 1) if t.columns[0].label == "Succeskriterium")
    labels = [column.label for column in printed[place - 1].columns]
    assert labels == ["Succeskriterium", "Mål", "Forventet til dato", "Opnået", "Status"]
    pattern = rf"#tabel-{place} col:nth-child\(\d+\) {{ width: ([\d.]+)% }}"
    widths = [float(width) for width in re.findall(pattern, css)]
    assert len(widths) == 5 and abs(sum(widths) - 100) < 0.01
    assert widths[0] > 2 * widths[2] and widths[0] > 2 * widths[3]


def test_a_table_too_wide_for_the_page_gets_a_smaller_type(documents):
    """The projektledelse's budget has eight columns of amounts: at 8.5 pt their figures do not
    fit side by side on an upright page, so the table is set smaller (and still fits, above)."""
    report, document = documents["projektledelse"]
    css = column_css(report)
    sizes = [float(size) for size in re.findall(r"font-size: ([\d.]+)pt", css)]
    assert sizes and all(7 <= size < 8.5 for size in sizes)
    budget = next(
        box
        for page in document.pages
        for box in _descendants(page._page_box)
        if isinstance(box, boxes.TextBox) and box.text.startswith("16.055.000")
    )
    assert budget.style["font_size"] < 8.5 * 96 / 72


def test_a_chart_is_kept_by_its_picture_from_one_pdf_to_the_next(documents):
    report, _document = documents["aarsrapport"]
    charts = [
        block for section in report.sections for block in section.blocks if block.block == "chart"
    ]
    assert len(charts) > 5
    render_pdf(report)
    images = _kept().images
    names = {f"chart:{hashlib.sha256(chart_jpeg(chart)).hexdigest()}" for chart in charts}
    assert names <= set(images)
    kept = {name: images[name] for name in names}
    render_pdf(report)
    assert all(images[name] is image for name, image in kept.items())  # not loaded again


def test_pdfs_made_in_other_threads_share_the_process_set_up(documents):
    """The development server starts a thread per request: each PDF finds the fonts, report.css
    and the kept charts made, and PDFs asked for at once are made one after the other."""
    report, _document = documents["monitorering"]
    made, set_ups = {}, set()

    def make(number):
        made[number] = render_pdf(report)
        set_ups.add(id(_kept()))

    threads = [threading.Thread(target=make, args=(number,)) for number in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(made) == [0, 1, 2]
    assert all(report.title in pdf_pages(pdf)[0] for pdf in made.values())
    assert set_ups == {id(_kept())}


def test_only_a_crowded_table_breaks_a_long_heading_at_a_hyphen(documents):
    """The årsrapport's local measures (ten columns) may set "Udgangspunkt" as "Udgangs-" /
    "punkt", to leave room for the measures' texts; the fremdrift's tables of success criteria
    keep every heading whole ("Forventet til dato"), and a short heading word is never broken."""
    report, document = documents["aarsrapport"]
    assert "hyphens: auto" in column_css(report)
    fremdrift = documents["fremdrift"][0]
    printed = [table for table in fremdrift.tables() if table.rows]
    criteria = [n for n, t in enumerate(printed, 1) if t.columns[0].label == "Succeskriterium"]
    assert len(criteria) > 10
    css = column_css(fremdrift)
    assert not any(f"#tabel-{n} thead th {{ hyphens" in css for n in criteria)
    texts = [
        box.text
        for page in document.pages
        for box in _descendants(page._page_box)
        if isinstance(box, boxes.TextBox)
    ]
    assert any(text.startswith("Udgangs") and text != "Udgangspunkt" for text in texts)
    assert "punkt" in texts
    assert "Enhed" in texts and "Målår" in texts
    assert HYPHENATING_FONT.heading_width("Udgangspunkt") < PRINT_FONT.heading_width("Udgangspunkt")
    assert HYPHENATING_FONT.heading_width("Enhed") == PRINT_FONT.heading_width("Enhed")

"""The Word edition as a receiver opens it: LibreOffice turns the .docx of every report kind, an
agenda and minutes for the demo plan into PDF, which must hold up against the app's own PDF
edition and against the words of the document itself."""

import io
import re
from dataclasses import dataclass

import pytest
from django.db import transaction

from helhedsplan.documents.render_docx import render_docx
from helhedsplan.documents.render_pdf import render_pdf
from helhedsplan.reports.tests.conftest import docx_text, pdf_pages
from helhedsplan.reports.tests.demo_documents import DOCUMENTS, demo_documents
from helhedsplan.reports.tests.office import convert_all_to_pdf, needs_libreoffice

# django_db: pytest-django makes the test database only for a run with a test that asks for it.
# xdist_group: the module's data is made once, so all its tests run in one xdist worker.
pytestmark = [
    pytest.mark.libreoffice,
    needs_libreoffice,
    pytest.mark.django_db,
    pytest.mark.xdist_group("word-in-libreoffice"),
]

WORD = re.compile(r"[^\W\d_]+")  # a run of letters: what is left of a word split by a line end


@dataclass
class Edition:
    pdf: bytes  # the app's own PDF edition (WeasyPrint)
    docx: bytes
    word_pdf: bytes = b""  # the .docx as LibreOffice prints it


@pytest.fixture(scope="module")
def editions(django_db_setup, django_db_blocker) -> dict[str, Edition]:
    """Every document of the demo plan in both editions, made once for the module; the data
    is rolled back afterwards. LibreOffice prints all the .docx files in one call (its start is
    most of the time a conversion takes)."""
    with django_db_blocker.unblock(), transaction.atomic():
        made = {
            kind: Edition(render_pdf(report), render_docx(report))
            for kind, report in demo_documents().items()
        }
        transaction.set_rollback(True)
    printed = convert_all_to_pdf({kind: (edition.docx, ".docx") for kind, edition in made.items()})
    for kind, edition in made.items():
        edition.word_pdf = printed[kind]
    return made


def _page_count(pdf: bytes) -> int:
    return len(pdf_pages(pdf))


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_the_word_edition_takes_at_most_a_third_more_pages_than_the_pdf(editions, kind):
    edition = editions[kind]
    word, pdf = _page_count(edition.word_pdf), _page_count(edition.pdf)
    assert word <= 1.3 * pdf, f"{kind}: Word {word} pages against {pdf} in the PDF"


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_no_word_is_broken_inside_itself(editions, kind):
    """Every run of letters LibreOffice printed is a whole word of the document: a word split
    at a line end inside a narrow cell ("Succeskriteriu" / "m") leaves fragments it lacks."""
    edition = editions[kind]
    words = set(WORD.findall(docx_text(edition.docx)))
    words |= set(WORD.findall(_header_text(edition.docx)))
    printed = WORD.findall("\n".join(pdf_pages(edition.word_pdf)))
    assert printed
    fragments = sorted({word for word in printed if word not in words})
    assert not fragments, f"{kind}: broken words {fragments[:20]}"


def _header_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    return "\n".join(p.text for p in document.sections[0].header.paragraphs)


@pytest.mark.parametrize("kind", ["fremdrift", "aarsrapport"])
def test_a_long_report_opens_with_its_table_of_contents(editions, kind):
    first = pdf_pages(editions[kind].word_pdf)[0]
    assert "Indhold" in first
    after = first.split("Indhold", 1)[1]
    for heading in ("Sammenfatning", "Indsatsområde 1: Tryghed og trivsel"):
        assert heading in after


def test_the_agenda_and_minutes_have_no_table_of_contents(editions):
    for kind in ("dagsorden", "referat"):
        assert "Indhold" not in pdf_pages(editions[kind].word_pdf)[0]


def test_the_aktivitetsskema_is_printed_on_landscape_pages(editions):
    from pypdf import PdfReader

    for page in PdfReader(io.BytesIO(editions["aktivitetsskema"].word_pdf)).pages:
        assert page.mediabox.width > page.mediabox.height

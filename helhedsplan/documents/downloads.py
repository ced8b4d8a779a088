"""A document as a PDF or Word file to download: the answer every document page gives."""

from django.http import Http404, HttpResponse
from django.utils.text import slugify

from helhedsplan.documents.render_docx import render_docx
from helhedsplan.documents.render_pdf import render_pdf

DOWNLOADS = {
    "pdf": ("application/pdf", render_pdf),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        render_docx,
    ),
}


def download(report, name: str, file_format: str) -> HttpResponse:
    if file_format not in DOWNLOADS:
        raise Http404("Ukendt format.")
    content_type, render_file = DOWNLOADS[file_format]
    response = HttpResponse(render_file(report), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}.{file_format}"'
    return response

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """The documents the system issues, as PDF, Word, Excel and HTML: the document model
    (sections, tables, charts, texts) and its renderers. Below the domain apps, so that reports,
    governance (agreements, agendas, minutes) and the beredskab may all use it; it knows no plan."""

    name = "helhedsplan.documents"
    verbose_name = "dokumenter"

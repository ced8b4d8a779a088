"""The kinds of report the plan issues. Here, below the domain apps, because governance names the
report a meeting follows up on and the start pages link to them, and neither may import reports."""

from django.db import models


class ReportKind(models.TextChoices):
    FREMDRIFT = "fremdrift", "Fremdriftsrapport"
    PROJEKTLEDELSE = "projektledelse", "Projektledelsesrapport"
    AARSRAPPORT = "aarsrapport", "Årsrapport"
    MONITORERING = "monitorering", "Monitoreringsrapport"
    AKTIVITETSSKEMA = "aktivitetsskema", "Aktivitetsskema (LBF)"

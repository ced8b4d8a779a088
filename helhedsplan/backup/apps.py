from django.apps import AppConfig


class BackupConfig(AppConfig):
    """The top layer: backup and restore of every app's tables in one portable file."""

    name = "helhedsplan.backup"
    verbose_name = "Sikkerhedskopi"

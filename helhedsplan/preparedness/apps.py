from django.apps import AppConfig


class PreparednessConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "helhedsplan.preparedness"
    verbose_name = "beredskab"

from django.apps import AppConfig


class EconomyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "helhedsplan.economy"
    verbose_name = "Økonomi"

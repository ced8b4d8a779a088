from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "helhedsplan.governance"
    verbose_name = "møder og beslutninger"

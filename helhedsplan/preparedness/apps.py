from django.apps import AppConfig


class PreparednessConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "helhedsplan.preparedness"
    verbose_name = "beredskab"

    def ready(self):
        from helhedsplan.preparedness import signals  # noqa: F401  (connects the receivers)

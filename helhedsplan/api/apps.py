from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "helhedsplan.api"
    label = "api"
    verbose_name = "API"

    def ready(self):
        # Keys are revoked on a new password and on removed access (the receivers).
        from helhedsplan.api import signals  # noqa: F401

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "helhedsplan.api"
    label = "api"
    verbose_name = "API"

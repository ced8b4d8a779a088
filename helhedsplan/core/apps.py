from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "helhedsplan.core"
    verbose_name = "Fælles"

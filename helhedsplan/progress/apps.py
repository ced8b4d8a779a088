from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "helhedsplan.progress"
    verbose_name = "Fremdrift"

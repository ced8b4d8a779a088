from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "helhedsplan.registrations"
    verbose_name = "Registreringer"

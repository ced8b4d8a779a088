from django.apps import AppConfig


class SSOConfig(AppConfig):
    name = "helhedsplan.sso"
    label = "sso"
    verbose_name = "Kommunens login"

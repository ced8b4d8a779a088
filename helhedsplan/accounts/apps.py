from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "helhedsplan.accounts"
    verbose_name = "Brugere og roller"

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "helhedsplan.accounts"
    verbose_name = "Brugere og roller"

    def ready(self):
        # The security log's signal receivers.
        from helhedsplan.accounts import security  # noqa: F401

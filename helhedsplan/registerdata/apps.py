from django.apps import AppConfig


class RegisterDataConfig(AppConfig):
    """Register data: the register-based measures Landsbyggefonden, Danmarks Statistik and the
    partners publish per area (strategic agreement, section 4), and each area's standing under
    almenboligloven §§ 61 a-b."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "helhedsplan.registerdata"
    verbose_name = "registerdata"

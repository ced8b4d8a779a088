from django.apps import AppConfig


class PlanningConfig(AppConfig):
    """Starting, copying and editing plans in the app; above plans and governance, because an
    edit to a plan in force becomes a change request."""

    name = "helhedsplan.planning"
    verbose_name = "Planlægning"

from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    """The top layer: pages that gather from every domain app (start pages, the dashboard)."""

    name = "helhedsplan.workspace"
    verbose_name = "Arbejdsflade"

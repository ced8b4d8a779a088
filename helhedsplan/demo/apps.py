from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The top layer's demo data: one deterministic set across every app, for the demo and the
    benchmarks."""

    name = "helhedsplan.demo"
    verbose_name = "Demodata"

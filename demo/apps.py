from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (`manage.py laad_demo`, loaded by `make run`): on top, it may know every app."""

    name = "demo"
    verbose_name = "Demo"

from django.apps import AppConfig


class InteropConfig(AppConfig):
    """Exchange with InforMEA: its read API's shapes and OData options, and the harvester of its records."""

    name = "liaison.interop"
    label = "interop"
    verbose_name = "InforMEA exchange"

from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    """A country's coordination room: its focal points, what it owes each convention, its working groups."""

    name = "liaison.coordination"
    label = "coordination"
    verbose_name = "National coordination"

    def ready(self) -> None:
        from liaison.coordination import alerting

        alerting.register()

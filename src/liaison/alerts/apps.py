from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """Follows, notifications and their e-mails: what changed, told to those who may see it."""

    name = "liaison.alerts"
    label = "alerts"
    verbose_name = "Follows and notifications"

    def ready(self) -> None:
        from liaison.alerts import signals  # noqa: F401  (connects the receivers of the other areas' events)

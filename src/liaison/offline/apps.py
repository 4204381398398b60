from django.apps import AppConfig


class OfflineConfig(AppConfig):
    """National reports offline: download as Word and Excel, upload back with a preview of what changes."""

    name = "liaison.offline"
    label = "offline"
    verbose_name = "Offline reports (Word and Excel)"

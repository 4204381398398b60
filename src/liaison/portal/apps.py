from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The pages that read every area at once (home, about the data): above the areas, as STYLE.md asks."""

    name = "liaison.portal"
    label = "portal"
    verbose_name = "Portal"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    """Meetings of the conventions' bodies (COP, MOP, Standing Committee, Scientific Council) as records."""

    name = "liaison.meetings"
    label = "meetings"
    verbose_name = "Meetings of the conventions"
    liaison_loaders = ["liaison.meetings.loaders.meetings_load"]
    nav = [(_("Meetings"), "meetings:list")]

    def ready(self) -> None:
        from liaison.meetings import signals  # noqa: F401 (connects the decision -> meeting link)

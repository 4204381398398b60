from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "liaison.decisions"
    label = "decisions"
    verbose_name = "Decisions and mandates"
    liaison_loaders = ["liaison.decisions.loaders.decisions_load"]
    nav = [(_("Decisions"), "decisions:decision_list"), (_("Mandates"), "decisions:mandate_list")]

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "liaison.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships and joint work plans"
    liaison_loaders = ["liaison.partnerships.loaders.partnerships_load"]
    nav = [(_("Partnerships"), "partnerships:partnership_list")]  # the calendar is linked from there

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "liaison.frameworks"
    label = "frameworks"
    verbose_name = "Frameworks, targets and crosswalks"
    liaison_loaders = ["liaison.frameworks.loaders.frameworks_load", "liaison.frameworks.listings.listings_load"]
    nav = [(_("Frameworks"), "frameworks:framework_list")]  # the crosswalk is linked from there

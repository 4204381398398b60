from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "liaison.catalogue"
    label = "catalogue"
    verbose_name = "Conventions, countries and organizations"
    liaison_loaders = ["liaison.catalogue.loaders.catalogue_load"]
    nav = [(_("Conventions"), "catalogue:convention_list"), (_("Countries"), "catalogue:country_list")]

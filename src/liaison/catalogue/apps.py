from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "liaison.catalogue"
    label = "catalogue"
    verbose_name = "Conventions, countries and organizations"

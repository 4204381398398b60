from django.apps import AppConfig


class ContactsConfig(AppConfig):
    """National focal-point contacts of every convention, per country, in InforMEA's Contact shape."""

    name = "liaison.contacts"
    label = "contacts"
    verbose_name = "National focal-point contacts"
    liaison_loaders = ["liaison.contacts.loaders.demo_contacts_load"]

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "liaison.reporting"
    label = "reporting"
    verbose_name = "Harmonized national reporting"
    liaison_loaders = [
        "liaison.reporting.loaders.questionnaires_load",
        "liaison.reporting.loaders.question_links_load",
        "liaison.reporting.loaders.demo_reports_load",
    ]
    nav = [(_("Reporting"), "reporting:workspace")]

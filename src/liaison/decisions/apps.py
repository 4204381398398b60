from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "liaison.decisions"
    label = "decisions"
    verbose_name = "Decisions and mandates"

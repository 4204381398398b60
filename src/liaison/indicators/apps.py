from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    """Indicator data series (the CBD Online Reporting Tool's templates) and analysis across countries."""

    name = "liaison.indicators"
    label = "indicators"
    verbose_name = "Indicator data and analysis"

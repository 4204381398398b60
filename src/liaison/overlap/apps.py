from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _  # noqa: F401  (labels of nav entries)


class OverlapConfig(AppConfig):
    name = "liaison.overlap"
    label = "overlap"
    liaison_loaders: list[str] = []  # dotted paths of idempotent loaders run by `liaison load`
    nav: list = []  # (label, url name) entries of the top navigation

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "liaison.search"
    label = "search"
    verbose_name = "Search"
    # Last of the loaders (the app is last in INSTALLED_APPS): the index is rebuilt from what they loaded.
    liaison_loaders = ["liaison.search.loaders.search_load"]

    def ready(self) -> None:
        from liaison.search import signals  # noqa: F401  (connects the receivers that keep the index current)

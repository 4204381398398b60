from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "liaison.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
    liaison_loaders = ["liaison.accounts.loaders.demo_accounts_load"]

    def ready(self):
        from liaison.accounts import middleware, throttle  # noqa: F401  (connect their signal receivers)

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "duediligence.accounts"
    verbose_name = "Accounts and organisations"

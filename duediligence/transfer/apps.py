from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "duediligence.transfer"
    verbose_name = "Assessment export and import"

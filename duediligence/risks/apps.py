from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "duediligence.risks"
    verbose_name = "Risk register"

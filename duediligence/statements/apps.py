from django.apps import AppConfig


class StatementsConfig(AppConfig):
    name = "duediligence.statements"
    verbose_name = "Annual statements"

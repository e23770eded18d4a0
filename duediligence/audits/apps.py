from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "duediligence.audits"
    verbose_name = "Independent audits"

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "duediligence.reports"
    verbose_name = "Reports"

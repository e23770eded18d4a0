from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "duediligence.dashboard"
    verbose_name = "Dashboard"

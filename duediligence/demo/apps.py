from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "duediligence.demo"
    verbose_name = "Demo data"

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "duediligence.api"
    verbose_name = "REST API"

    def ready(self) -> None:
        from duediligence.api import schema  # noqa: F401  (registers the token scheme with drf-spectacular)

from django.apps import AppConfig


class GrievancesConfig(AppConfig):
    name = "duediligence.grievances"
    verbose_name = "Grievance mechanism"

    def ready(self) -> None:
        from duediligence.grievances import signals  # noqa: F401  (connects the receivers)

from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "duediligence.assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from duediligence.assessments.owned import OWNED
        from duediligence.assessments.ownership import register

        register(*OWNED)

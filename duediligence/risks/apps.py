from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "duediligence.risks"
    verbose_name = "Risk register"

    def ready(self) -> None:
        from duediligence.assessments.ownership import register
        from duediligence.risks.owned import OWNED

        register(*OWNED)

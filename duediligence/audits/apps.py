from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "duediligence.audits"
    verbose_name = "Independent audits"

    def ready(self) -> None:
        from duediligence.assessments.ownership import register
        from duediligence.audits.owned import OWNED

        register(*OWNED)

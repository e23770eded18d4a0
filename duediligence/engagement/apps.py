from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "duediligence.engagement"
    verbose_name = "Stakeholder engagement and information requests"

    def ready(self) -> None:
        from duediligence.assessments.ownership import register
        from duediligence.engagement.owned import OWNED

        register(*OWNED)

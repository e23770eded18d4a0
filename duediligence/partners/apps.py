from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "duediligence.partners"
    verbose_name = "Partners and screening"

    def ready(self) -> None:
        from duediligence.assessments.ownership import register
        from duediligence.partners.owned import OWNED

        register(*OWNED)

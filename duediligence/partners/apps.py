from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "duediligence.partners"
    verbose_name = "Partners and screening"

    def ready(self) -> None:
        from duediligence.assessments.ownership import register, register_not_owned
        from duediligence.partners.models import ListNotice
        from duediligence.partners.owned import OWNED

        register(*OWNED)
        register_not_owned(ListNotice, "a notice about a frozen revision, written after it froze; never its content")

from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "duediligence.partners"
    verbose_name = "Partners and screening"

    def ready(self) -> None:
        # The review's change view and snapshots include partners and their screening decisions.
        from duediligence.partners.content import register_review_content

        register_review_content()

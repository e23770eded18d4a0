from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AssessmentsConfig(AppConfig):
    name = "duediligence.assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from duediligence.assessments import frozen
        from duediligence.assessments.content_version import install_after_migrate
        from duediligence.assessments.owned import OWNED
        from duediligence.assessments.ownership import register

        register(*OWNED)
        # The content-version triggers follow the registry, which every app fills in its own ready().
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="assessments.content_version")
        # So do the triggers that freeze reviewed content once an assessment leaves an editable status.
        post_migrate.connect(frozen.install_after_migrate, sender=self, dispatch_uid="assessments.frozen")

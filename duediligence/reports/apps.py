from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "duediligence.reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from duediligence.assessments.ownership import register_not_owned
        from duediligence.reports.models import PublishedReport, RenderJob

        # Outputs, not content: a correction or an import renders its own reports from what it owns.
        register_not_owned(PublishedReport, "frozen output of one revision; a copy publishes its own")
        register_not_owned(RenderJob, "a request to the render worker")

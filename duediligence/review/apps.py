from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "duediligence.review"
    verbose_name = "Review"

    def ready(self) -> None:
        from duediligence.assessments.ownership import register
        from duediligence.review.owned import OWNED

        register(*OWNED)

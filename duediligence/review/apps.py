from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "duediligence.review"
    verbose_name = "Review"

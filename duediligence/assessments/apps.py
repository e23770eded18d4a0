from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "duediligence.assessments"
    verbose_name = "Assessments"

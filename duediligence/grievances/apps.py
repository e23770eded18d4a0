from django.apps import AppConfig


class GrievancesConfig(AppConfig):
    name = "duediligence.grievances"
    verbose_name = "Grievance mechanism"

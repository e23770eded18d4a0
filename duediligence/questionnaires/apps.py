from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "duediligence.questionnaires"
    verbose_name = "Questionnaires"

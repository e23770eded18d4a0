from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "duediligence.records"
    verbose_name = "Organisation records"
    default_auto_field = "django.db.models.BigAutoField"

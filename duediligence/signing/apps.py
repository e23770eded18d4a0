from django.apps import AppConfig


class SigningConfig(AppConfig):
    name = "duediligence.signing"
    verbose_name = "Signing of published PDFs"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "duediligence.security"
    verbose_name = "Security: sign-in protection and the security log"

    def ready(self) -> None:
        from duediligence.security import signals  # noqa: F401  (connects the login signal receivers)

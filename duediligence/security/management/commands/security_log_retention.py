from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duediligence.security.retention import retention_run


class Command(BaseCommand):
    help = "Remove security log events older than SECURITY_LOG_RETENTION_DAYS (run daily); logs that it ran."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, help="Keep this many days instead of the setting.")

    def handle(self, *args: Any, days: int | None = None, **options: Any) -> None:
        try:
            count = retention_run(days=days)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Removed {count} security event{'s' if count != 1 else ''} past retention.")

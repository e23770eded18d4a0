from django.contrib import admin
from django.http import HttpRequest

from duediligence.security.models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence, so nobody edits or deletes it from here."""

    list_display = ["occurred_at", "kind", "actor_email", "organisation", "ip_address", "subject"]
    list_filter = ["kind"]
    search_fields = ["actor_email", "subject"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SecurityEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SecurityEvent | None = None) -> bool:
        return False

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from duediligence.lib.acting import Acting
from duediligence.security import two_factor
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


class DeviceAdmin(admin.ModelAdmin):
    """Who has which second factor, and nothing that would let anyone else use it.

    django-otp's own admins show a TOTP device's key, its otpauth:// configuration URI and QR code, and every
    recovery code; these list the devices only. A device is never added here (its key would show on the add
    form): people set up their own on the sign-in security page. Deleting one resets the person's second factor
    as an organisation admin's reset does (two_factor.remove): the app and the recovery codes go together.
    """

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__email", "user__full_name"]
    fields = readonly_fields = ("user", "name", "confirmed", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: TOTPDevice | StaticDevice | None = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: TOTPDevice | StaticDevice) -> None:
        two_factor.remove(obj.user, acting=Acting.from_request(request))

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        acting = Acting.from_request(request)
        for user in {device.user for device in queryset.select_related("user")}:
            two_factor.remove(user, acting=acting)


for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, DeviceAdmin)

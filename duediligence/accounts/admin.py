from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Model
from django.http import HttpRequest

from duediligence.accounts import services
from duediligence.accounts.models import Invitation, Membership, Organisation, User
from duediligence.lib.acting import Acting


class ReadOnly:
    """Shown, never added, changed or deleted from the admin."""

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class MembershipInline(ReadOnly, admin.TabularInline):
    # Members join by invitation only, by their own consent: the admin shows memberships and cannot make one.
    model = Membership
    extra = 0
    fields = readonly_fields = ("organisation", "role", "created_at")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "created_at"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]


class InvitationAddForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["organisation", "email", "role"]

    def clean_email(self) -> str:
        # Addresses are kept in lower case (a constraint holds it), as the members page writes them.
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        organisation, email = cleaned.get("organisation"), cleaned.get("email")
        if organisation and email:
            refusal = services.invitation_refusal(organisation=organisation, email=email)
            if refusal:
                raise forms.ValidationError(refusal)
        return cleaned


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """The operator's one way to bring a person into an organisation (its first admin, say): an invitation,
    which the person accepts or declines as any other. Existing invitations are read-only here; the
    organisation's admins withdraw them on the members page."""

    list_display = ["email", "organisation", "role", "status", "created_at"]
    list_filter = ["status", "role"]
    search_fields = ["email", "organisation__name"]
    form = InvitationAddForm
    readonly_fields = ["organisation", "email", "role", "status", "invited_by", "created_at", "answered_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Invitation | None = None) -> list[str]:
        return list(self.readonly_fields) if obj is not None else []

    def has_change_permission(self, request: HttpRequest, obj: Invitation | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Invitation | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Invitation, form: forms.ModelForm, change: bool) -> None:
        # Through the service, as the members page does: the email goes out and the security log records it.
        created = services.invitation_create(
            organisation=form.cleaned_data["organisation"],
            email=form.cleaned_data["email"],
            full_name="",
            role=form.cleaned_data["role"],
            base_url=settings.SITE_URL,
            acting=Acting.from_request(request),
        )
        obj.pk = created.pk

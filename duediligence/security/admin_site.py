"""The operator's door, /admin/: Django's admin behind two factors (django-otp's OTPAdminSite).

A password alone opens nothing here: the login form asks for the code from the operator's authenticator app
(or a recovery code) and django-axes counts wrong passwords as on the app's sign-in page, with the same pause.
Every change made through the admin reaches the security log: PostgreSQL copies each row Django's admin log
gets into it (migration security 0011), with the address this site hands the database for the request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

from django import forms
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from duediligence.accounts.models import User
from duediligence.lib.acting import Acting

# The session setting the admin-log trigger reads the client's address from (migration security 0011).
ADDRESS_SETTING = "duediligence.client_address"


class OperatorLoginForm(OTPAdminAuthenticationForm):
    """Email, password and the code in one form. The device is the one the code fits, as on the app's
    second step: six digits are the authenticator app's, anything else a recovery code."""

    otp_error_messages = dict(
        OTPAdminAuthenticationForm.otp_error_messages,
        token_required=_("Enter the code your authenticator app shows, or a recovery code."),
        invalid_token=_("That code did not match. Enter the newest code your app shows."),
        device_required=_("This account has no authenticator app: set one up on the app's Account page first."),
    )
    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)

    def _chosen_device(self, user: User) -> TOTPDevice | StaticDevice | None:
        token = (self.cleaned_data.get("otp_token") or "").replace(" ", "")
        kind = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
        return kind.objects.filter(user=user, confirmed=True).first()

    def _verify_token(
        self, user: User, token: str, device: TOTPDevice | StaticDevice | None = None
    ) -> TOTPDevice | StaticDevice | None:
        if device is not None and kind_of(device) == "static":
            token = "".join(ch for ch in token.lower() if ch.isalnum())
        try:
            return super()._verify_token(user, token, device)
        except forms.ValidationError as error:
            if error.code == "invalid_token":
                from duediligence.security import events
                from duediligence.security.models import EventKind

                events.record(EventKind.TWO_FACTOR_FAILED, request=self.request, actor=user, detail="At /admin/.")
            raise


def kind_of(device: Any) -> str:
    return "static" if device._meta.model_name == "staticdevice" else "totp"


@contextmanager
def address_for_the_log(request: HttpRequest) -> Iterator[None]:
    """Hand the client's address to the database for this request, so the admin-log trigger records it."""
    address = Acting.from_request(request).ip_address or ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, false)", [ADDRESS_SETTING, address])
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, '', false)", [ADDRESS_SETTING])
        except DatabaseError:
            pass  # the connection is gone, and the setting with it


class OperatorSite(OTPAdminSite):
    site_header = _("duediligence operations")
    site_title = _("duediligence operations")
    login_form = OperatorLoginForm
    login_template = "admin/operator_login.html"

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)

    def admin_view(self, view: Callable, cacheable: bool = False) -> Callable:
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def with_address(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            with address_for_the_log(request):
                return inner(request, *args, **kwargs)

        return with_address

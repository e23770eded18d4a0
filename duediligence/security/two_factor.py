"""Two-factor sign-in with an authenticator app (TOTP, through django-otp).

Anyone may turn it on. Managers and admins must: they sign reports off and decide who sees what, so a stolen
password alone must not be enough. Once a person has a confirmed device, every session of theirs asks for a
code after the password, whatever their role.
"""

from __future__ import annotations

import base64
from binascii import unhexlify
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import segno
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from duediligence.accounts.access import SignedInRequest, memberships_for_request
from duediligence.accounts.models import Membership, Organisation, Role, User
from duediligence.lib.acting import Acting
from duediligence.security import events
from duediligence.security.models import EventKind

ROLES_REQUIRING_TWO_FACTOR = {Role.MANAGER, Role.ADMIN}
DEVICE_NAME = "Authenticator app"

# Pages a signed-in person may open before the second step: the second step itself, and signing out.
OPEN_BEFORE_SECOND_STEP = {
    "security:two_factor_setup",
    "security:two_factor_verify",
    "accounts:logout",
}


def is_required_for(user: User) -> bool:
    """True when any of the person's roles, in any organisation, requires two-factor sign-in, and for site
    operators (staff), whose door, /admin/, opens only with two factors."""
    return user.is_staff or Membership.objects.filter(user=user, role__in=ROLES_REQUIRING_TWO_FACTOR).exists()


def _required_for_request(request: HttpRequest) -> bool:
    # The request's memberships are read once and shared with the view and the navigation.
    return request.user.is_staff or any(
        membership.role in ROLES_REQUIRING_TWO_FACTOR for membership in memberships_for_request(request)
    )


def has_device(user: User) -> bool:
    """Whether the person has a confirmed authenticator app or recovery codes (the two kinds of device in
    INSTALLED_APPS). Asked on every page of a person without one, so one query over both, not django-otp's one
    query per kind."""
    # In SQL written out: the ORM took 1.3 ms of Python to build this union on every such page, this 0.1 ms.
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT EXISTS (SELECT 1 FROM "{TOTPDevice._meta.db_table}" WHERE user_id = %s AND confirmed)'
            f' OR EXISTS (SELECT 1 FROM "{StaticDevice._meta.db_table}" WHERE user_id = %s AND confirmed)',
            [user.pk, user.pk],
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def pending_device(user: User) -> TOTPDevice:
    """The device being set up: one unconfirmed device per person, made on first visit to the set-up page."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def key_for_typing(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed: base32, in groups of four."""
    secret = base64.b32encode(unhexlify(device.key)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2)


WRONG_CODE = (
    "That code did not match. Enter the newest code your app shows; if it keeps failing, check that the time "
    "on your phone is set automatically."
)


def _refusal(device: TOTPDevice | StaticDevice) -> str | None:
    """Why no code is checked right now: django-otp doubles the wait after each wrong code."""
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (data or {}).get("locked_until")
    seconds = max(1, int((locked_until - timezone.now()).total_seconds()) + 1) if locked_until else 1
    return (
        f"Too many wrong codes in a row: wait {seconds} second{'s' if seconds != 1 else ''}, then try the newest code."
    )


@transaction.atomic
def confirm(request: HttpRequest, device: TOTPDevice, code: str) -> str | None:
    """Confirm a new device with a code from it; the session counts as verified from then on.

    Returns why the code was refused, or None when it was accepted.
    """
    refusal = _refusal(device)
    if refusal:
        return refusal
    if not device.verify_token(_digits(code)):
        return WRONG_CODE
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    events.record(EventKind.TWO_FACTOR_ENABLED, request=request, actor=device.user)
    return None


RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "Recovery codes"


def _recovery_form(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def recovery_codes_issue(user: User, *, acting: Acting) -> list[str]:
    """Ten new one-time recovery codes, replacing any earlier ones. Shown once: only django-otp keeps them."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    events.record(EventKind.RECOVERY_CODES_ISSUED, acting=acting, actor=user)
    # Shown in two halves, which is easier to copy by hand.
    return [f"{code[:4]}-{code[4:]}" for code in codes]


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify(request: SignedInRequest, code: str) -> tuple[str | None, bool]:
    """Check a code from the app, or a recovery code; mark the session verified on success.

    Returns why the code was refused (None when accepted) and whether a recovery code was used.
    """
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None and recovery is None:
        return "You have no authenticator app set up.", False
    digits = _digits(code)
    # App codes are six digits; recovery codes are eight letters and digits.
    if device is not None and len(digits) == 6 and digits == code.replace(" ", ""):
        refusal = _refusal(device)
        if refusal:
            return refusal, False
        if device.verify_token(digits):
            otp_login(request, device)
            return None, False
    elif recovery is not None:
        refusal = _refusal(recovery)
        if refusal:
            return refusal, False
        if recovery.verify_token(_recovery_form(code)):
            otp_login(request, recovery)
            events.record(EventKind.RECOVERY_CODE_USED, request=request, actor=user)
            return None, True
    events.record(EventKind.TWO_FACTOR_FAILED, request=request, actor=user)
    return WRONG_CODE, False


@transaction.atomic
def remove(user: User, *, acting: Acting, organisation: Organisation | None = None) -> int:
    """Delete the person's devices (lost phone, or turning it off). Returns how many there were."""
    count, _ = TOTPDevice.objects.filter(user=user).delete()
    # Recovery codes belong to the app they back up: with it gone, they would be a second factor on their own.
    StaticDevice.objects.filter(user=user).delete()
    if count:
        by = acting.user
        detail = f"Removed by {by}." if by is not None and by != user else ""
        events.record(
            EventKind.TWO_FACTOR_REMOVED,
            acting=acting,
            actor=by or user,
            organisation=organisation,
            subject=user.email,
            detail=detail,
        )
    return count


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())


class TwoFactorMiddleware:
    """Sends a signed-in person to the second step until their session is verified.

    Runs after django-otp's OTPMiddleware, which sets `request.user.is_verified()`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = request.user
        # django-otp's middleware gives every request's user is_verified().
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is None or match.view_name in OPEN_BEFORE_SECOND_STEP or match.namespace == "public":
            return None
        if match.view_name == "healthz":
            return None
        if has_device(user):
            target = "security:two_factor_verify"
        elif _required_for_request(request):
            target = "security:two_factor_setup"
        else:
            return None
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")

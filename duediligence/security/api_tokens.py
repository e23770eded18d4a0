"""Personal API tokens: made and revoked by their owner, checked on every API request, rate limited.

A token is "dd_" and 43 URL-safe characters (256 random bits). Only its SHA-256 is stored. Each use costs one
indexed read and one UPDATE that counts the request in the token's one-minute window and sets when it was last
used; a use from an address the token has not come from before goes to the security log.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from duediligence.accounts.models import Membership
from duediligence.lib.acting import Acting
from duediligence.security import events, two_factor
from duediligence.security.models import ApiToken, EventKind

PREFIX = "dd_"
LIFETIMES_DAYS = (30, 90, 365)
# Enough to recognise the places a script runs from; the oldest is forgotten first.
ADDRESSES_KEPT = 20


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str  # shown to its owner once, kept nowhere


ROLE_CHANGED = "Your role changed since this token was made: make a new one on your Account page."


class TokenRefused(Exception):
    """The token is unknown, expired, revoked, or no longer matches its owner's membership."""


@transaction.atomic
def token_create(*, membership: Membership, name: str, days: int, acting: Acting, verified: bool) -> IssuedToken:
    """A new token for the person's membership. `verified`: they passed two-factor sign-in in this session."""
    name = name.strip()
    if not name:
        raise ValidationError("Say what the token is for, for example “ERP partner sync”.")
    if days not in LIFETIMES_DAYS:
        raise ValidationError(f"A token lasts {', '.join(map(str, LIFETIMES_DAYS))} days.")
    if two_factor.is_required_for(membership.user) and not verified:
        raise ValidationError("Your role requires two-factor sign-in: sign in with your code before making a token.")
    raw = PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        membership=membership,
        name=name[:100],
        role=membership.role,
        digest=digest_of(raw),
        prefix=raw[:10],
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )
    events.record(
        EventKind.API_TOKEN_CREATED,
        acting=acting,
        organisation=membership.organisation,
        subject=str(token),
        detail=f"Role {membership.get_role_display().lower()}, expires {token.expires_at:%Y-%m-%d}",
    )
    return IssuedToken(token, raw)


@transaction.atomic
def token_revoke(*, token: ApiToken, acting: Acting) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    events.record(
        EventKind.API_TOKEN_REVOKED,
        acting=acting,
        organisation=token.membership.organisation,
        subject=str(token),
    )


@dataclass(frozen=True)
class TokenUse:
    token: ApiToken
    # Requests made with it in the current minute, this one included.
    count_this_minute: int


def token_use(raw: str, *, ip_address: str | None, user_agent: str = "") -> TokenUse:
    """The live token `raw` names, with this use counted; TokenRefused with a reason a script's author can act on."""
    if not raw.startswith(PREFIX):
        raise TokenRefused("This is not a duediligence API token.")
    token = (
        ApiToken.objects.select_related("membership__user", "membership__organisation")
        .filter(digest=digest_of(raw))
        .first()
    )
    now = timezone.now()
    if token is None:
        raise TokenRefused("Unknown API token.")
    if token.role_changed_at is not None:
        raise TokenRefused(ROLE_CHANGED)
    if token.revoked_at is not None:
        raise TokenRefused("This API token was revoked.")
    if token.expires_at <= now:
        raise TokenRefused("This API token has expired: make a new one on your Account page.")
    membership = token.membership
    if not membership.user.is_active:
        raise TokenRefused("The account this token belongs to is deactivated.")
    if membership.role != token.role:
        # The database ends a token at a role change; this holds should the role have been written otherwise.
        raise TokenRefused(ROLE_CHANGED)
    minute = now.replace(second=0, microsecond=0)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE {ApiToken._meta.db_table}
                SET window_count = CASE WHEN window_start = %s THEN window_count + 1 ELSE 1 END,
                    window_start = %s, last_used_at = %s
                WHERE id = %s RETURNING window_count""",
            [minute, minute, now, token.pk],
        )
        (count,) = cursor.fetchone()
    if ip_address and ip_address not in token.addresses:
        _remember_address(token, ip_address, user_agent)
    return TokenUse(token, count)


@transaction.atomic
def _remember_address(token: ApiToken, ip_address: str, user_agent: str) -> None:
    first_use = not token.addresses
    token.addresses = [*token.addresses, ip_address][-ADDRESSES_KEPT:]
    ApiToken.objects.filter(pk=token.pk).update(addresses=token.addresses)
    events.record(
        EventKind.API_TOKEN_NEW_ADDRESS,
        acting=Acting(user=token.membership.user, ip_address=ip_address, user_agent=user_agent),
        organisation=token.membership.organisation,
        subject=str(token),
        detail="First use" if first_use else "An address this token was not used from before",
    )

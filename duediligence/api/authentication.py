"""Personal API tokens in the Authorization header ("Bearer dd_..."), checked and counted on every request.

Only tokens: no session cookie is accepted, so a browser page cannot be made to call the API (no CSRF to
guard), and every call is traceable to one token. The request then carries the token's membership, as a page
request carries the signed-in member's, so the pages' access rules apply unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from duediligence.lib.acting import Acting
from duediligence.security import api_tokens

if TYPE_CHECKING:
    from duediligence.accounts.access import MemberRequest
    from duediligence.accounts.models import User
    from duediligence.security.models import ApiToken


class TokenAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = get_authorization_header(request).split()
        if not header:
            return None
        if header[0].decode("latin-1").lower() != self.keyword.lower():
            raise exceptions.AuthenticationFailed('Send the token as "Authorization: Bearer <token>".')
        if len(header) != 2:
            raise exceptions.AuthenticationFailed('Send the token as "Authorization: Bearer <token>".')
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("This is not a duediligence API token.") from None
        acting = Acting.from_request(request._request)
        try:
            use = api_tokens.token_use(raw, ip_address=acting.ip_address, user_agent=acting.user_agent)
        except api_tokens.TokenRefused as refusal:
            raise exceptions.AuthenticationFailed(str(refusal)) from None
        if use.count_this_minute > settings.API_TOKEN_REQUESTS_PER_MINUTE:
            raise exceptions.Throttled(wait=60 - timezone.now().second)
        membership = use.token.membership
        # What require_role would set on a page request: the access functions read request.membership.
        cast("MemberRequest", request._request).membership = membership
        return membership.user, use.token

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'

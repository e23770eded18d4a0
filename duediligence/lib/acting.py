"""Who is acting, and from where: what services need of a request, without the request.

Services take an `Acting` so that commands, workers and tests call them the same way as views do, and a
service never reads sessions, headers or forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from axes.helpers import get_client_ip_address
from django.http import HttpRequest


@dataclass(frozen=True)
class Acting:
    # The signed-in user (an accounts.User), or None for a visitor or the system.
    user: Any = None
    ip_address: str | None = None
    user_agent: str = ""

    @classmethod
    def from_request(cls, request: HttpRequest) -> Acting:
        user = getattr(request, "user", None)
        return cls(
            user=user if user is not None and user.is_authenticated else None,
            # The same address the sign-in lockout counts (django-axes, with the proxy settings applied).
            ip_address=get_client_ip_address(request) or None,
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        )

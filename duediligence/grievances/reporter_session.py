"""The public pages leave no lasting trace in the reporter's browser, and none on the server.

- No cookie on the intake and follow-up forms, so no CSRF cookie either (Django's lasts a year): instead, a form
  sent from another site is refused by what the browser says of where it comes from (`Sec-Fetch-Site`, else
  `Origin`). A browser that says neither is let through: these two forms change nothing that belongs to anyone
  (a new case; a code and passphrase checked, rate limited).
- After the code and passphrase, one cookie holds the open case for this browser session: the case's id and key
  and a form token, encrypted and authenticated under a key derived from SECRET_KEY (lib/crypto.py), with no
  expiry date (gone when the browser closes), HttpOnly, SameSite=Strict, limited to the organisation's /g/ path,
  and refused after GRIEVANCE_REPORTER_IDLE_MINUTES without a click. Nothing about the visit is written to the
  database: no session row links a browser to a case. The case page's forms carry the token from inside the
  cookie, which another site cannot read, so they need no CSRF cookie either.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from duediligence.accounts.models import Organisation
from duediligence.lib import crypto

COOKIE_NAME = "dd_case"
FORM_TOKEN_FIELD = "form_token"


def cross_site(request: HttpRequest) -> bool:
    """Whether the browser says this request was sent from another site."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is not None and origin != "null":
        return origin != f"{request.scheme}://{request.get_host()}"
    return False


def _cookie_key() -> bytes:
    # A key of its own, derived from SECRET_KEY for this one purpose (BLAKE2b, as libsodium's crypto_kdf does).
    return hashlib.blake2b(settings.SECRET_KEY.encode(), digest_size=32, person=b"dd-reporter-case").digest()


def _path(organisation: Organisation) -> str:
    return f"/g/{organisation.slug}/"


@dataclass(frozen=True)
class OpenCase:
    case_id: int
    # None for a case received before encryption: its texts are kept for the organisation only.
    key: bytes | None
    form_token: str


def open_case_start(response: HttpResponseBase, organisation: Organisation, case_id: int, key: bytes | None) -> None:
    _write(response, organisation, OpenCase(case_id, key, base64.urlsafe_b64encode(crypto.random_bytes(18)).decode()))


def open_case_read(request: HttpRequest, organisation: Organisation) -> OpenCase | None:
    raw = request.COOKIES.get(COOKIE_NAME)
    if not raw:
        return None
    try:
        value = crypto.decrypt_json(_cookie_key(), base64.urlsafe_b64decode(raw))
    except (crypto.Undecryptable, ValueError):
        return None
    if (
        value.get("o") != organisation.pk
        or time.time() - value.get("t", 0) > settings.GRIEVANCE_REPORTER_IDLE_MINUTES * 60
    ):
        return None
    key = base64.b64decode(value["k"]) if value.get("k") else None
    return OpenCase(int(value["c"]), key, str(value["f"]))


def open_case_refresh(response: HttpResponseBase, organisation: Organisation, opened: OpenCase) -> None:
    """Written again on each page, so the idle time counts from the last click."""
    _write(response, organisation, opened)


def open_case_end(response: HttpResponseBase, organisation: Organisation) -> None:
    response.delete_cookie(COOKIE_NAME, path=_path(organisation), samesite="Strict")


def form_token_matches(request: HttpRequest, opened: OpenCase) -> bool:
    return hmac.compare_digest(request.POST.get(FORM_TOKEN_FIELD, ""), opened.form_token)


def _write(response: HttpResponseBase, organisation: Organisation, opened: OpenCase) -> None:
    value = {
        "o": organisation.pk,
        "c": opened.case_id,
        "k": base64.b64encode(opened.key).decode() if opened.key else None,
        "f": opened.form_token,
        "t": int(time.time()),
    }
    sealed = crypto.encrypt_json(_cookie_key(), value)
    response.set_cookie(
        COOKIE_NAME,
        base64.urlsafe_b64encode(sealed).decode(),
        # No max_age or expires: a browser-session cookie.
        path=_path(organisation),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )

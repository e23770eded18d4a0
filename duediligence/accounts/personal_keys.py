"""A person's key pair, unlocked by their password at sign-in and held for the browser session only.

Why a key pair per person (as GlobaLeaks has): an officer who already reads grievance cases can give a colleague
access while the colleague is away, by sealing the organisation's case key to the colleague's public key; nobody
needs to know anybody's password. The private key is stored wrapped (encrypted) under a key derived from the
password with Argon2id, so the database alone opens nothing.

Where the unlocked private key lives while the person is signed in: never in clear on the server. It is encrypted
under a random 32-byte key made at sign-in; the ciphertext goes into the session (PostgreSQL), the random key into
a signed cookie that lasts as long as the browser session. Either half alone is useless: a dump of the database
(sessions included) lacks the cookie, a stolen cookie lacks the session row, and signing out deletes the row, so
a cookie copied earlier opens nothing afterwards. No log line or cache ever sees either.
"""

from __future__ import annotations

import base64

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone

from duediligence.accounts.models import PersonalKey, User
from duediligence.lib import crypto

SESSION_KEY = "personal_key_sealed"
COOKIE_NAME = "dd_key"
# Django's signing salt for the cookie, so a value signed for another purpose is never taken for this one.
COOKIE_SALT = "duediligence.accounts.personal_keys"


def kdf_cost() -> crypto.KdfCost:
    """The Argon2id cost of new wrappings (settings: PERSONAL_KEY_KDF_OPSLIMIT, PERSONAL_KEY_KDF_MEMLIMIT)."""
    return crypto.KdfCost(settings.PERSONAL_KEY_KDF_OPSLIMIT, settings.PERSONAL_KEY_KDF_MEMLIMIT)


def _wrap(key: PersonalKey, private_key: bytes, password: str) -> None:
    cost = kdf_cost()
    salt = crypto.new_salt()
    key.wrapped_private_key = crypto.encrypt(crypto.derive_key(password, salt, cost), private_key)
    key.salt, key.kdf_opslimit, key.kdf_memlimit = salt, cost.opslimit, cost.memlimit
    key.wrapped_at = timezone.now()


@transaction.atomic
def personal_key_replace(user: User, password: str) -> bytes:
    """A new key pair for the person, wrapped under `password`; returns its private key.

    Whatever was sealed to the old key pair cannot be opened any more: this is what a lost password costs, and why
    grievances/keys.py compares each grant's public key with the person's current one.
    """
    private_key, public_key = crypto.new_key_pair()
    key = PersonalKey.objects.select_for_update().filter(user=user).first() or PersonalKey(user=user)
    key.public_key = public_key
    _wrap(key, private_key, password)
    key.save()
    return private_key


def personal_key_open(user: User, password: str) -> bytes | None:
    """The person's private key, opened with their password; None when they have none or it was wrapped under
    another password (set by a reset link or by the operator, which never knew the old one)."""
    key = PersonalKey.objects.filter(user=user).first()
    if key is None:
        return None
    cost = crypto.KdfCost(key.kdf_opslimit, key.kdf_memlimit)
    try:
        return crypto.decrypt(crypto.derive_key(password, bytes(key.salt), cost), bytes(key.wrapped_private_key))
    except crypto.Undecryptable:
        return None


def personal_key_open_or_replace(user: User, password: str) -> bytes:
    """At sign-in, with a password Django has just checked: the private key, or a new key pair when there was none
    or the old one was wrapped under a password the person no longer has."""
    return personal_key_open(user, password) or personal_key_replace(user, password)


@transaction.atomic
def personal_key_rewrap(user: User, old_password: str, new_password: str) -> None:
    """A password change wraps the same private key again under the new password, so nothing sealed to the
    person's public key is lost. A key the old password cannot open (there was none) is made afresh."""
    private_key = personal_key_open(user, old_password)
    if private_key is None:
        personal_key_replace(user, new_password)
        return
    key = PersonalKey.objects.select_for_update().get(user=user)
    _wrap(key, private_key, new_password)
    key.save()


def personal_key_hold(request: HttpRequest, response: HttpResponseBase, private_key: bytes) -> None:
    """Keep the unlocked private key for this browser session: encrypted in the session under a random key that
    only the browser's cookie holds (see the module's docstring)."""
    cookie_key = crypto.random_bytes()
    request.session[SESSION_KEY] = base64.b64encode(crypto.encrypt(cookie_key, private_key)).decode()
    response.set_signed_cookie(
        COOKIE_NAME,
        base64.urlsafe_b64encode(cookie_key).decode(),
        salt=COOKIE_SALT,
        # No max_age: a browser-session cookie, gone when the browser closes.
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    request.__dict__["_personal_private_key"] = private_key


def personal_key_forget(request: HttpRequest, response: HttpResponseBase) -> None:
    request.session.pop(SESSION_KEY, None)
    response.delete_cookie(COOKIE_NAME, samesite="Lax")
    request.__dict__.pop("_personal_private_key", None)


def unlocked_private_key(request: HttpRequest) -> bytes | None:
    """The signed-in person's private key for this request, or None when this browser session does not hold it
    (signed in before, by another way, or the browser was closed since): they unlock it with their password."""
    if "_personal_private_key" in request.__dict__:
        return request.__dict__["_personal_private_key"]
    found = None
    user = getattr(request, "user", None)
    sealed = request.session.get(SESSION_KEY) if user is not None and user.is_authenticated else None
    cookie = request.get_signed_cookie(COOKIE_NAME, default=None, salt=COOKIE_SALT) if sealed else None
    if sealed and cookie:
        try:
            private_key = crypto.decrypt(base64.urlsafe_b64decode(cookie), base64.b64decode(sealed))
        except (crypto.Undecryptable, ValueError):
            private_key = None
        current = PersonalKey.objects.filter(user=user).values_list("public_key", flat=True).first()
        # A key replaced since (a reset in another browser) no longer opens what is sealed to the person.
        if private_key is not None and current is not None and crypto.public_key_of(private_key) == bytes(current):
            found = private_key
    request.__dict__["_personal_private_key"] = found
    return found

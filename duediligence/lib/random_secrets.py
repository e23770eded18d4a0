"""Hashing secrets the app draws at random (grievance passphrases, partners' one-time codes).

A random secret carries its own strength, so a salted SHA-256 protects it as well as a slow password hash would,
at a fraction of a millisecond: slow hashes guard guessable human passwords. Stored as "sha256$<salt>$<hex>".
"""

from __future__ import annotations

import hashlib
import hmac
import secrets


def secret_hash(secret: str, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(8)
    return f"sha256${salt}${hashlib.sha256((salt + secret).encode()).hexdigest()}"


def secret_matches(secret: str, stored: str) -> bool:
    """Whether `secret` is the one `stored` was made from, compared in constant time; False for an empty store."""
    if stored.count("$") != 2:
        return False
    _algorithm, salt, _digest = stored.split("$", 2)
    return hmac.compare_digest(secret_hash(secret, salt), stored)

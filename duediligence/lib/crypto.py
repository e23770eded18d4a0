"""The few libsodium primitives the app composes (through PyNaCl), and nothing of its own.

Grievance cases are encrypted at rest (docs/grievances.md). Everything here is one libsodium call with its inputs
checked; the composition (whose key wraps whose) lives in accounts/personal_keys.py and grievances/keys.py, where
a reviewer reads it in one place:

- secret-key encryption: `crypto_secretbox` (XSalsa20-Poly1305, a random 24-byte nonce stored in front), which
  authenticates as it encrypts, so a changed byte fails to open instead of decrypting to something else;
- public-key encryption to a key pair: `crypto_box_seal` (X25519, an ephemeral sender key), so anyone may encrypt
  to an organisation's public key (a reporter's browser session, a worker) and only its private key opens it;
- keys from secrets people type: Argon2id (`crypto_pwhash`), memory-hard, with the cost stored beside each result
  so it can be raised later without breaking what was made before.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import nacl.exceptions
import nacl.pwhash.argon2id
import nacl.secret
import nacl.utils
from nacl.public import PrivateKey, PublicKey, SealedBox

KEY_BYTES = nacl.secret.SecretBox.KEY_SIZE  # 32
SALT_BYTES = nacl.pwhash.argon2id.SALTBYTES  # 16


class Undecryptable(Exception):
    """The key does not open this ciphertext: a wrong key (a wrong password or passphrase), or changed bytes."""


@dataclass(frozen=True)
class KdfCost:
    """Argon2id's work: passes over memory (opslimit) and memory in bytes (memlimit)."""

    opslimit: int
    memlimit: int

    def __post_init__(self) -> None:
        if not (nacl.pwhash.argon2id.OPSLIMIT_MIN <= self.opslimit <= nacl.pwhash.argon2id.OPSLIMIT_MAX):
            raise ValueError(f"Argon2id opslimit {self.opslimit} is outside libsodium's bounds")
        if not (nacl.pwhash.argon2id.MEMLIMIT_MIN <= self.memlimit <= nacl.pwhash.argon2id.MEMLIMIT_MAX):
            raise ValueError(f"Argon2id memlimit {self.memlimit} is outside libsodium's bounds")


def random_bytes(size: int = KEY_BYTES) -> bytes:
    return nacl.utils.random(size)


def new_salt() -> bytes:
    return nacl.utils.random(SALT_BYTES)


def derive_key(secret: str, salt: bytes, cost: KdfCost) -> bytes:
    """A 32-byte key from a password or passphrase (Argon2id)."""
    return nacl.pwhash.argon2id.kdf(
        KEY_BYTES, secret.encode("utf-8"), salt, opslimit=cost.opslimit, memlimit=cost.memlimit
    )


def encrypt(key: bytes, plaintext: bytes) -> bytes:
    """Authenticated encryption under a 32-byte key; a fresh random nonce travels in front of the ciphertext."""
    return bytes(nacl.secret.SecretBox(key).encrypt(plaintext))


def decrypt(key: bytes, ciphertext: bytes) -> bytes:
    try:
        return nacl.secret.SecretBox(key).decrypt(bytes(ciphertext))
    except (nacl.exceptions.CryptoError, ValueError, TypeError) as error:
        raise Undecryptable(str(error)) from None


def new_key_pair() -> tuple[bytes, bytes]:
    """(private key, public key) of a new X25519 key pair, 32 bytes each."""
    private = PrivateKey.generate()
    return bytes(private), bytes(private.public_key)


def seal(public_key: bytes, plaintext: bytes) -> bytes:
    """Encrypt to a public key: only the matching private key opens it, the sender included cannot."""
    return bytes(SealedBox(PublicKey(bytes(public_key))).encrypt(plaintext))


def unseal(private_key: bytes, ciphertext: bytes) -> bytes:
    try:
        return SealedBox(PrivateKey(bytes(private_key))).decrypt(bytes(ciphertext))
    except (nacl.exceptions.CryptoError, ValueError, TypeError) as error:
        raise Undecryptable(str(error)) from None


def public_key_of(private_key: bytes) -> bytes:
    return bytes(PrivateKey(bytes(private_key)).public_key)


def encrypt_json(key: bytes, value: Any) -> bytes:
    """A JSON value encrypted under `key` (the texts of a case are stored this way, one ciphertext per group)."""
    return encrypt(key, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def decrypt_json(key: bytes, ciphertext: bytes) -> Any:
    return json.loads(decrypt(key, ciphertext).decode("utf-8"))

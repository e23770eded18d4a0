"""Each organisation's signing keys: the certificate anyone may see, the private key only encrypted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from duediligence.accounts.models import Organisation
from duediligence.lib.fields import uid_field


class KeySource(models.TextChoices):
    GENERATED = "generated", "Made by duediligence for the organisation"
    UPLOADED = "uploaded", "Uploaded by the organisation"


class SigningKey(models.Model):
    """A key and certificate an organisation's publications are signed with.

    The private key is stored only as encrypted PKCS#8 (keys.py), with a passphrase derived from
    SIGNING_KEY_SECRET, which lives in the server's environment, not the database: a copy of the database or a
    backup holds no usable key. A key is never deleted while a publication names it, and its certificate never
    changes (a trigger, migration 0002): a rotated key's publications verify against the certificate they were
    signed with.
    """

    uid = uid_field()
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="signing_keys")
    source = models.CharField(max_length=10, choices=KeySource.choices)
    certificate_pem = models.TextField()
    fingerprint_sha256 = models.CharField("certificate SHA-256 fingerprint", max_length=64, unique=True)
    subject = models.CharField(max_length=500)
    not_before = models.DateTimeField()
    not_after = models.DateTimeField()
    encrypted_private_key = models.BinaryField(editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when another key took its place: it signs nothing new, and what it signed still verifies.
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(retired_at__isnull=True), name="one_current_signing_key"
            ),
            models.CheckConstraint(condition=Q(source__in=KeySource.values), name="signing_key_source_known"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.fingerprint_sha256[:16]}…)"

    def __repr__(self) -> str:
        # Never the encrypted key either: a repr ends up in logs and error pages.
        return f"<SigningKey {self.pk} {self.fingerprint_sha256[:16]}>"

    @property
    def is_current(self) -> bool:
        return self.retired_at is None

    @property
    def fingerprint_grouped(self) -> str:
        """The fingerprint as certificate viewers show it: pairs of hex digits separated by colons."""
        value = self.fingerprint_sha256.upper()
        return ":".join(value[i : i + 2] for i in range(0, len(value), 2))

"""People, the organisations they work for, and the role each person has in each organisation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> User:
        # Email addresses are stored lower-case, so a login typed with capitals still finds its user.
        return self.get(**{self.model.USERNAME_FIELD: (username or "").lower()})


class User(AbstractBaseUser, PermissionsMixin):
    """Somebody who logs in with their email address."""

    if TYPE_CHECKING:

        def is_verified(self) -> bool:
            """Set on each request's user by django-otp's middleware: passed the second step of sign-in."""
            ...

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField("may use the admin site", default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Organisation(models.Model):
    """A company doing due diligence; every assessment, partner and report belongs to one."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    country = models.CharField("country of incorporation", max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OFFICER = "officer", "Compliance officer"
    AUDITOR = "auditor", "Auditor"
    MANAGER = "manager", "Manager"
    ADMIN = "admin", "Organisation admin"


class Membership(models.Model):
    """One person's role in one organisation. An external auditor usually has several memberships."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_role_per_organisation"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.organisation}"

    @property
    def is_officer(self) -> bool:
        return self.role == Role.OFFICER

    @property
    def is_auditor(self) -> bool:
        return self.role == Role.AUDITOR

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    REVOKED = "revoked", "Withdrawn"


class Invitation(models.Model):
    """An admin's offer of a role to an email address; it becomes a membership only when its owner accepts.

    Joining is by consent: an admin cannot attach an existing account to their organisation, and learns
    nothing about it (not even whether it exists) until its owner accepts.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("email address")
    role = models.CharField(max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.PENDING)
    answered_at = models.DateTimeField(null=True, blank=True)
    # When the mail server took the invitation's email, or why it did not: the members page says which.
    sent_at = models.DateTimeField(null=True, blank=True)
    send_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=models.Q(status="pending"),
                name="one_pending_invitation_per_address",
            ),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="invitation_role_known"),
            models.CheckConstraint(condition=models.Q(email=Lower("email")), name="invitation_email_lower"),
        ]

    def __str__(self) -> str:
        return f"{self.email} as {self.get_role_display()} at {self.organisation}"


class PersonalKey(models.Model):
    """A person's own key pair, whose private key is stored only encrypted under a key derived from their password.

    What is encrypted to a person (an organisation's grievance case key, accounts/personal_keys.py and
    grievances/keys.py) is sealed to `public_key`; only their password, at sign-in, opens `wrapped_private_key`.
    The Argon2id salt and cost are stored with it, so a later, higher cost never strands an older wrapping.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="personal_key")
    public_key = models.BinaryField(max_length=32)
    wrapped_private_key = models.BinaryField()
    salt = models.BinaryField(max_length=16)
    kdf_opslimit = models.PositiveIntegerField()
    kdf_memlimit = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    wrapped_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Personal key of {self.user}"

"""The security log: who signed in, who failed to, who changed roles, moved assessments or took internal reports.

Rows are only ever added (no view or admin action edits them). An organisation admin reads the events of their
organisation, and the sign-in events of people who were its members when they happened.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils import timezone

from duediligence.accounts.models import Organisation, Role


class EventKind(models.TextChoices):
    LOGIN = "login", "Signed in"
    LOGIN_FAILED = "login_failed", "Sign-in failed"
    LOCKED_OUT = "locked_out", "Locked out after failed sign-ins"
    UNLOCKED = "unlocked", "Sign-in unlocked"
    LOGOUT = "logout", "Signed out"
    TWO_FACTOR_ENABLED = "two_factor_enabled", "Two-factor sign-in set up"
    TWO_FACTOR_REMOVED = "two_factor_removed", "Two-factor sign-in removed"
    TWO_FACTOR_FAILED = "two_factor_failed", "Wrong two-factor code"
    RECOVERY_CODES_ISSUED = "recovery_codes_issued", "Recovery codes made"
    RECOVERY_CODE_USED = "recovery_code_used", "Signed in with a recovery code"
    LOG_RETENTION = "log_retention", "Old security log entries removed"
    SIGN_IN_SLOWED = "sign_in_slowed", "Sign-in slowed (many failures for the account)"
    MEMBER_INVITED = "member_invited", "Member invited"
    INVITATION_DECLINED = "invitation_declined", "Invitation declined"
    INVITATION_REVOKED = "invitation_revoked", "Invitation withdrawn"
    MEMBER_ADDED = "member_added", "Member added"
    ROLE_CHANGED = "role_changed", "Role changed"
    MEMBER_REMOVED = "member_removed", "Member removed"
    TRANSITION = "transition", "Assessment status changed"
    INTERNAL_REPORT_DOWNLOADED = "internal_report", "Internal report downloaded"
    EVIDENCE_DOWNLOADED = "evidence_downloaded", "Evidence file downloaded"
    ASSESSMENT_EXPORTED = "assessment_exported", "Assessment exported"
    ASSESSMENT_IMPORTED = "assessment_imported", "Assessment imported"
    PARTNER_INVITATION_OPENED = "partner_invitation_opened", "Partner questionnaire opened by the respondent"
    PARTNER_ANSWERS_SUBMITTED = "partner_answers_submitted", "Partner questionnaire answered"
    PARTNER_INVITATION_DECLINED = "partner_invitation_declined", "Partner questionnaire declined"
    API_TOKEN_CREATED = "api_token_created", "API token made"
    API_TOKEN_REVOKED = "api_token_revoked", "API token revoked"
    API_TOKEN_NEW_ADDRESS = "api_token_new_address", "API token used from a new address"
    # The key life cycle of the encrypted grievance cases (grievances/keys.py).
    CASE_KEY_SET_UP = "case_key_set_up", "Grievance case key set up"
    CASE_ACCESS_GIVEN = "case_access_given", "Access to grievance cases given"
    CASE_ACCESS_RECOVERED = "case_access_recovered", "Access to grievance cases given with the recovery key"
    CASE_ACCESS_REMOVED = "case_access_removed", "Access to grievance cases removed"
    SIGNING_KEY = "signing_key", "Signing key made or uploaded"
    # Written by PostgreSQL for every row of Django's admin log (migration 0011), whatever the admin changed.
    ADMIN_CHANGE = "admin_change", "Changed in the operator's admin"


# Events about a person rather than an organisation's data: shown to the admins of every organisation the
# person belongs to.
PERSONAL_KINDS = {
    EventKind.LOGIN,
    EventKind.LOGIN_FAILED,
    EventKind.LOCKED_OUT,
    EventKind.LOGOUT,
    EventKind.TWO_FACTOR_ENABLED,
    EventKind.TWO_FACTOR_REMOVED,
    EventKind.TWO_FACTOR_FAILED,
    EventKind.RECOVERY_CODES_ISSUED,
    EventKind.RECOVERY_CODE_USED,
    EventKind.SIGN_IN_SLOWED,
}


class SecurityEventQuerySet(models.QuerySet):
    def visible_to_admins_of(self, organisation: Organisation) -> SecurityEventQuerySet:
        """The organisation's own log: its events, and its members' sign-ins while they were members."""
        return self.filter(
            Q(organisation=organisation) | Q(organisation__isnull=True, member_of__contains=[organisation.pk])
        )


class SecurityEvent(models.Model):
    occurred_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=40, choices=EventKind.choices)
    organisation = models.ForeignKey(
        # PROTECT: the log outlives nothing it describes (and PostgreSQL refuses deleting its rows anyway).
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="security_events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the person typed or was known by at the time: kept when the account is deleted, and the only
    # trace of a failed sign-in for an address that has no account.
    actor_email = models.CharField(max_length=254, blank=True)
    # For a person's own events (sign-ins): the organisations they were a member of when it happened, whose
    # admins may read it.
    member_of = ArrayField(models.BigIntegerField(), default=list, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    subject = models.CharField("about", max_length=300, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-occurred_at"], name="security_event_org_time"),
            models.Index(fields=["actor", "-occurred_at"], name="security_event_actor_time"),
            GinIndex(fields=["member_of"], name="security_event_member_of"),
            # The per-account ceiling counts failures by the typed address (throttle.py).
            models.Index(fields=["actor_email", "kind", "-occurred_at"], name="security_event_email_kind"),
        ]
        constraints = [models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="security_event_kind")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.actor_email}"


class PublicCounter(models.Model):
    """A rate-limit counter for the public pages (grievance intake, partner respondents): a keyed hash of who or
    what, per time window, that expires.

    Never linked to a case or an answer: the key is an HMAC of the client's address (or of a case code) with the
    window, so it cannot be read back to an address, and rows older than the window are deleted as new ones are
    counted.
    """

    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="one_counter_per_key_window")]

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.window_start:%Y-%m-%d %H:%M}: {self.count}"


class ApiTokenQuerySet(models.QuerySet):
    def live(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A personal token for the API, made by its owner on the Account page and shown to them once.

    Only a SHA-256 of the token is kept: the token is 256 random bits, so a plain hash cannot be reversed and
    lets one indexed query find it. It acts under one membership with the role it had when it was made; a role
    change ends the token for good (a trigger in PostgreSQL), and the end of the membership deletes it.
    """

    membership = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("what the token is for", max_length=100)
    role = models.CharField(max_length=20, choices=Role.choices)
    digest = models.CharField(max_length=64, unique=True)
    # The token's first characters, shown in the list so its owner can tell which is which.
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Set with revoked_at by PostgreSQL when the membership's role changes (migration 0012), by whatever path:
    # the token ends for good, even if the old role comes back.
    role_changed_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # The addresses it was used from, newest last (a few dozen at most): a new one goes to the security log.
    addresses = ArrayField(models.GenericIPAddressField(), default=list, blank=True)
    # The rate limit's current one-minute window and its count, updated in the same statement as last_used_at.
    window_start = models.DateTimeField(null=True, blank=True)
    window_count = models.PositiveIntegerField(default=0)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

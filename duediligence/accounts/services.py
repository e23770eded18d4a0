"""Writes to memberships: each is one transaction and checks the rule that keeps an organisation governable.

Each change is announced with `membership_changed` inside its transaction; the security log records it.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from duediligence.accounts.models import Membership, Organisation, Role, User
from duediligence.accounts.signals import membership_changed
from duediligence.lib.acting import Acting


@transaction.atomic
def member_add(
    *, organisation: Organisation, email: str, full_name: str, role: str, acting: Acting | None = None
) -> tuple[Membership, bool]:
    """Add a person to an organisation; create their account (without a usable password) when new.

    Returns the membership and whether the account was created, so the caller can send a set-password link.
    """
    existing = User.objects.filter(email=email.lower()).first()
    created = existing is None
    user = existing or User.objects.create_user(email=email, password=None, full_name=full_name)
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    _announce("added", membership, acting, f"As {membership.get_role_display()}.")
    return membership, created


@transaction.atomic
def member_change_role(*, membership: Membership, role: str, acting: Acting | None = None) -> Membership:
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    if membership.role == Role.ADMIN and role != Role.ADMIN:
        _refuse_removing_last_admin(membership)
    previous = membership.get_role_display()
    membership.role = role
    membership.save(update_fields=["role"])
    if previous != membership.get_role_display():
        _announce("role_changed", membership, acting, f"From {previous} to {membership.get_role_display()}.")
    return membership


@transaction.atomic
def member_remove(*, membership: Membership, acting: Acting | None = None) -> None:
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    if membership.role == Role.ADMIN:
        _refuse_removing_last_admin(membership)
    _announce("removed", membership, acting, f"Was {membership.get_role_display()}.")
    membership.delete()


def _announce(change: str, membership: Membership, acting: Acting | None, detail: str) -> None:
    membership_changed.send(Membership, change=change, membership=membership, acting=acting, detail=detail)


def _refuse_removing_last_admin(membership: Membership) -> None:
    # Locks every admin row of the organisation so two admins demoting each other cannot both succeed.
    admins = list(
        Membership.objects.select_for_update().filter(organisation_id=membership.organisation_id, role=Role.ADMIN)
    )
    if len(admins) <= 1:
        raise ValidationError("An organisation needs at least one admin: make someone else admin first.")


def member_invite_send(*, user: User, base_url: str) -> None:
    """Email a new member a link to choose their password.

    The password-reset token serves as the invitation: it works once and expires after
    PASSWORD_RESET_TIMEOUT. Django's PasswordResetForm skips accounts without a usable password, which
    is exactly what a new member has, so the link is built here.
    """
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"user": user, "link": base_url.rstrip("/") + path}
    subject = render_to_string("accounts/emails/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/emails/invitation.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])

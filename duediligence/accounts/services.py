"""Writes to memberships: each is one transaction and checks the rule that keeps an organisation governable.

Each change is announced with `membership_changed` inside its transaction; the security log records it.
"""

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from duediligence.accounts.models import Invitation, InvitationStatus, Membership, Organisation, Role, User
from duediligence.accounts.signals import invitation_changed, membership_changed
from duediligence.lib import emails
from duediligence.lib.acting import Acting


@transaction.atomic
def invitation_create(
    *,
    organisation: Organisation,
    email: str,
    full_name: str,
    role: str,
    base_url: str,
    acting: Acting | None = None,
) -> Invitation:
    """Invite an email address to a role; it joins only when the address's owner signs in and accepts.

    Whether an account exists changes only the email the person receives (a link to choose a password, or
    to sign in), never what the admin is told or shown: an admin learns nobody's name before they accept.
    """
    email = email.strip().lower()
    refusal = invitation_refusal(organisation=organisation, email=email)
    if refusal:
        raise ValidationError(refusal)
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, invited_by=acting.user if acting else None
    )
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=full_name.strip())
    invitation_changed.send(Invitation, change="created", invitation=invitation, acting=acting)
    # After the commit, and robust: the invitation stands whatever the mail server says; the page shows that.
    transaction.on_commit(lambda: _invitation_send(invitation, user, base_url), robust=True)
    return invitation


def invitation_refusal(*, organisation: Organisation, email: str) -> str | None:
    """Why this address cannot be invited to the organisation now (None: it can), for forms to say before saving."""
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email=email).exists():
        return "This person is already a member; change their role in the list above."
    if Invitation.objects.filter(organisation=organisation, email=email, status=InvitationStatus.PENDING).exists():
        return "This address already has an invitation waiting; withdraw it first to change the role."
    return None


def invitations_for(user: User) -> QuerySet[Invitation]:
    return Invitation.objects.filter(email=user.email.lower(), status=InvitationStatus.PENDING).select_related(
        "organisation", "invited_by"
    )


@transaction.atomic
def invitation_answer(
    *, invitation: Invitation, user: User, accept: bool, acting: Acting | None = None
) -> Membership | None:
    """The invited person accepts (and becomes a member) or declines. Only the address's owner may answer."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.email != user.email.lower():
        raise ValidationError("This invitation is for another email address.")
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(f"This invitation was already {invitation.get_status_display().lower()}.")
    invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    invitation_changed.send(
        Invitation, change="accepted" if accept else "declined", invitation=invitation, acting=acting
    )
    if not accept:
        return None
    membership, _ = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    _announce("added", membership, acting, f"As {membership.get_role_display()}, by invitation.")
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, acting: Acting | None = None) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(f"This invitation was already {invitation.get_status_display().lower()}.")
    invitation.status = InvitationStatus.REVOKED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    invitation_changed.send(Invitation, change="revoked", invitation=invitation, acting=acting)


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


def _invitation_send(invitation: Invitation, user: User, base_url: str) -> None:
    """Email the invited address: a link to choose a password for a new account, else a link to sign in.

    For a new account the password-reset token serves as the link: it works once and expires after
    PASSWORD_RESET_TIMEOUT. Django's PasswordResetForm skips accounts without a usable password, which is
    exactly what a new account has, so the link is built here.
    """
    if user.has_usable_password():
        path = reverse("accounts:invitations")
        template = "accounts/emails/invitation_existing"
    else:
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        template = "accounts/emails/invitation"
    context = {"user": user, "invitation": invitation, "link": base_url.rstrip("/") + path}
    subject = render_to_string("accounts/emails/invitation_subject.txt", context)
    body = render_to_string(f"{template}.txt", context)
    outcome = emails.send_one(emails.email(subject=subject, body=body, to=user.email))
    if outcome.sent:
        Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now(), send_error="")
    else:
        Invitation.objects.filter(pk=invitation.pk).update(send_error=outcome.error[:300])

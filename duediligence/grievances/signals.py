"""Access to the encrypted cases follows the role: a member who stops being an officer, or leaves, loses it."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from duediligence.accounts.models import Membership, Role
from duediligence.accounts.signals import membership_changed
from duediligence.lib.acting import Acting


@receiver(membership_changed)
def on_membership_changed(
    sender: type[Membership], change: str, membership: Membership, acting: Acting | None, **kwargs: Any
) -> None:
    # Sent inside the change's transaction, so the access goes exactly when the role does.
    if change == "removed" or (change == "role_changed" and membership.role != Role.OFFICER):
        from duediligence.grievances.keys import access_remove

        access_remove(organisation=membership.organisation, user=membership.user, acting=acting)

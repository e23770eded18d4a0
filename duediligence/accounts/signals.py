"""What happens to memberships, for the layers above to record (the security log listens).

Sent inside the transaction of the change, so a receiver's writes commit or roll back with it.
"""

from django.dispatch import Signal

# kwargs: change ("added", "role_changed", "removed"), membership, acting (lib.acting.Acting or None), detail.
membership_changed = Signal()

# kwargs: change ("created", "accepted", "declined", "revoked"), invitation, acting.
invitation_changed = Signal()

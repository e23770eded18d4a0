"""Mail backends for tests: one that refuses some recipients the way an SMTP server does."""

from __future__ import annotations

import smtplib

from django.core.mail.backends import locmem


class RefusingBackend(locmem.EmailBackend):
    """Refuses, as a mail server would, every recipient whose address holds "refused"; takes the rest."""

    def send_messages(self, messages):
        for message in messages:
            refused = {
                address: (550, b"5.1.1 No such user") for address in message.recipients() if "refused" in address
            }
            if refused:
                raise smtplib.SMTPRecipientsRefused(refused)
        return super().send_messages(messages)

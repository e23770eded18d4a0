"""One way to build an email and one way to send it: every email of the app goes through here.

Subjects and other headers are built from what people typed (a partner's name, an assessment's title), and a
line break in one used to make Django refuse the whole message (BadHeaderError) or, worse, the whole batch it
was sent with. Here every header value is put on one line: line breaks and other control characters become a
space. An address that is not one plain address is refused for its own message only.

Sending is per message, each with its own outcome, so one refused message never stops the others, and the
caller learns for each recipient whether the mail server took it and, if not, why in one line.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import sanitize_address

logger = logging.getLogger(__name__)

# C0 and C1 control characters and Unicode's line and paragraph separators: none belongs in a header line.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Longer subjects are cut: mail clients show about 80 characters, and a header line should stay short.
SUBJECT_MAX = 200


class UnsendableAddress(ValueError):
    """The recipient is not one plain email address (it holds a line break, a control character, or more)."""


def one_line(value: str, *, limit: int = SUBJECT_MAX) -> str:
    """`value` as a header takes it: on one line, without control characters, spaces collapsed, cut to `limit`."""
    text = " ".join(CONTROL.sub(" ", str(value)).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def checked_address(address: str) -> str:
    """The address as given, if it is one plain address; UnsendableAddress otherwise."""
    if not address or CONTROL.search(address) or "," in address or ";" in address:
        raise UnsendableAddress("the address holds a line break, a control character or more than one address")
    try:
        sanitize_address(address, settings.DEFAULT_CHARSET)
    except ValueError as error:
        raise UnsendableAddress(f"not an email address ({error})") from None
    return address


@dataclass(frozen=True)
class Email:
    """A message to one recipient, built only by `email()`."""

    message: EmailMessage | None
    recipient: str
    # Why it cannot be sent, when it cannot even be built (its address).
    refusal: str = ""


def email(*, subject: str, body: str, to: str, reply_to: str = "") -> Email:
    """A plain-text message to one recipient, its subject on one line, from DEFAULT_FROM_EMAIL."""
    try:
        recipient = checked_address(to)
        reply = [checked_address(reply_to)] if reply_to else []
    except UnsendableAddress as refusal:
        return Email(None, one_line(to, limit=254), str(refusal))
    message = EmailMessage(
        subject=one_line(subject),
        body=body,
        from_email=one_line(settings.DEFAULT_FROM_EMAIL, limit=254),
        to=[recipient],
        reply_to=reply,
    )
    return Email(message, recipient)


@dataclass(frozen=True)
class Outcome:
    recipient: str
    sent: bool
    # Why the mail server did not take it, in one line (empty when it did).
    error: str = ""


def _reason(error: Exception) -> str:
    detail = one_line(str(error), limit=160)
    return f"{type(error).__name__}: {detail}" if detail else type(error).__name__


def send_each(emails: Iterable[Email]) -> list[Outcome]:
    """Send each message on its own over one connection; never raises. A message the server refuses, or that
    fails on the way, is logged and reported in its outcome, and the next one is sent all the same."""
    outcomes = []
    connection = get_connection(fail_silently=False)
    try:
        for item in emails:
            if item.message is None:
                logger.warning("email to %r not sent: %s", item.recipient, item.refusal)
                outcomes.append(Outcome(item.recipient, False, item.refusal))
                continue
            try:
                accepted = connection.send_messages([item.message])
            except Exception as error:  # SMTP refusals, a lost connection, a header the backend refuses
                logger.warning("email to %r not sent: %s", item.recipient, _reason(error))
                outcomes.append(Outcome(item.recipient, False, _reason(error)))
                # A failed connection is opened afresh for the next message.
                _close(connection)
            else:
                outcome = Outcome(item.recipient, True) if accepted else Outcome(item.recipient, False, "not taken")
                outcomes.append(outcome)
    finally:
        _close(connection)
    return outcomes


def send_one(item: Email) -> Outcome:
    return send_each([item])[0]


def _close(connection: BaseEmailBackend) -> None:
    try:
        connection.close()
    except Exception:  # closing a connection that already failed
        logger.debug("closing the mail connection failed", exc_info=True)

"""One way to build an email (every header on one line) and to send it (each message with its own outcome)."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings
from django.core import mail

from duediligence.lib.emails import email, one_line, send_each

INJECTED = "Injected Partner\r\nBcc: victim@evil.example\r\n\r\nbody"


def test_a_line_break_in_a_subject_is_folded_and_adds_no_header():
    built = email(subject=f"{INJECTED} asks you", body="Hello", to="someone@example.org")
    message = built.message.message()
    assert message["Subject"] == "Injected Partner Bcc: victim@evil.example body asks you"
    assert message["Bcc"] is None and message["To"] == "someone@example.org"
    assert one_line("a\u2028b\x85c\x00d\te") == "a b c d e"
    assert len(one_line("x" * 1000)) == 200


def test_an_address_with_a_line_break_is_refused_for_its_own_message_only(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outcomes = send_each(
        [
            email(subject="One", body="1", to="first@example.org"),
            email(subject="Two", body="2", to="second@example.org\r\nBcc: victim@evil.example"),
            email(subject="Three", body="3", to="third@example.org"),
        ]
    )
    assert [outcome.sent for outcome in outcomes] == [True, False, True]
    assert "line break" in outcomes[1].error
    assert [message.to for message in mail.outbox] == [["first@example.org"], ["third@example.org"]]


def test_a_recipient_the_server_refuses_fails_alone_and_says_why(settings):
    settings.EMAIL_BACKEND = "tests.lib.mail_backends.RefusingBackend"
    outcomes = send_each(
        [email(subject="Hi", body="b", to=address) for address in ("a@example.org", "refused@example.org", "c@x.org")]
    )
    assert [outcome.sent for outcome in outcomes] == [True, False, True]
    assert outcomes[1].error.startswith("SMTPRecipientsRefused") and "No such user" in outcomes[1].error
    assert "\n" not in outcomes[1].error


def test_nothing_sends_email_but_the_one_builder():
    """The class, not the instance: a module that sends mail by itself would skip the one-line headers and the
    per-recipient outcome. Only lib/emails.py may touch django.core.mail's senders."""
    senders = {"send_mail", "send_mass_mail", "EmailMessage", "EmailMultiAlternatives", "get_connection", "mail_admins"}
    offenders = []
    for path in sorted(Path(settings.BASE_DIR, "duediligence").rglob("*.py")):
        if path.name == "emails.py" and path.parent.name == "lib":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django.core.mail"):
                offenders += [f"{path.relative_to(settings.BASE_DIR)}: {alias.name}" for alias in node.names]
            elif isinstance(node, ast.Attribute) and node.attr in senders and getattr(node.value, "id", "") == "mail":
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}: mail.{node.attr}")
    assert offenders == []
